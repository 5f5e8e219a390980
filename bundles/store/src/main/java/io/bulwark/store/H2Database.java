package io.bulwark.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.h2.Driver;

/**
 * Opens connections to the store's H2 file database ({@code <dir>/bulwark.mv.db}, MVStore).
 *
 * <p>The driver is called directly rather than through {@code DriverManager}, which only sees
 * drivers visible to the caller's class loader and so fails across OSGi bundles.
 *
 * <p>Settings, and why:
 * <ul>
 * <li>{@code WRITE_DELAY=100}: H2's MVStore background thread writes committed transactions
 * to the file at most 100 ms after the commit. The writer thread commits at least every flush
 * interval (at most 1 s, 500 ms by default), so a killed process loses at most about flush
 * interval + 100 ms. The data reaches the OS page cache, which survives a killed JVM; it is
 * not fsync'ed, so a power cut may lose more (the file itself stays consistent: MVStore only
 * appends checksummed chunks). {@code WRITE_DELAY=0} would write on every commit but also stops
 * the background thread that compacts old chunks, letting the file grow.</li>
 * <li>{@code DB_CLOSE_ON_EXIT=FALSE}: H2's own JVM shutdown hook would otherwise close the
 * database under the writer while the component is still draining its queue; the component
 * closes the database itself in its deactivate step.</li>
 * </ul>
 */
final class H2Database {

    /** Base name of the database file; H2 appends {@code .mv.db}. */
    static final String FILE_NAME = "bulwark";
    /** URL settings appended to the path; see the class comment for the reasons. */
    static final String URL_SETTINGS = ";WRITE_DELAY=100;DB_CLOSE_ON_EXIT=FALSE";

    private final Driver driver = new Driver();
    private final Path dir;
    private final String url;

    /**
     * @param dir the directory; created if missing
     * @throws UncheckedIOException when the directory cannot be created
     */
    H2Database(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create database directory " + this.dir, e);
        }
        this.url = "jdbc:h2:file:" + this.dir.resolve(FILE_NAME) + URL_SETTINGS;
    }

    /** @return the absolute database directory */
    Path dir() {
        return dir;
    }

    /** @return the JDBC URL */
    String url() {
        return url;
    }

    /**
     * Opens a new connection (a cheap session while another connection keeps the database
     * open; opening the first one opens the file and recovers it if needed).
     *
     * @return a connection in auto-commit mode
     * @throws SQLException when the database cannot be opened
     */
    Connection connect() throws SQLException {
        Connection c = driver.connect(url, new Properties());
        if (c == null) {
            throw new SQLException("H2 driver did not accept URL " + url);
        }
        return c;
    }
}
