package io.bulwark.store.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database to the newest schema version this code knows, one migration at a time,
 * and records each in {@code schema_version (version, applied_at, description)}.
 *
 * <p>Running it on an up-to-date database does nothing. A database whose recorded version is
 * newer than the code is refused with {@link SchemaTooNewException}. Only one process can open
 * an H2 file database at a time (file lock), so no two migrators race on the same file.
 */
public final class SchemaMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    private static final String CREATE_VERSION_TABLE =
            "CREATE TABLE IF NOT EXISTS schema_version ("
                    + " version INT NOT NULL PRIMARY KEY,"
                    + " applied_at TIMESTAMP(9) WITH TIME ZONE NOT NULL,"
                    + " description VARCHAR NOT NULL)";

    private final List<Migration> migrations;

    /**
     * @param migrations the history, versions 1, 2, ... n in order without gaps
     * @throws IllegalArgumentException when the versions are not 1..n in order
     */
    public SchemaMigrator(List<Migration> migrations) {
        this.migrations = List.copyOf(migrations);
        for (int i = 0; i < this.migrations.size(); i++) {
            int version = this.migrations.get(i).version();
            if (version != i + 1) {
                // A gap or a reordering would silently skip a step on some databases.
                throw new IllegalArgumentException("migration at position " + i
                        + " has version " + version + ", expected " + (i + 1));
            }
        }
    }

    /** @return a migrator for the store's own history, {@link Migrations#ALL} */
    public static SchemaMigrator standard() {
        return new SchemaMigrator(Migrations.ALL);
    }

    /** @return the version the code expects, 0 when there are no migrations */
    public int latestVersion() {
        return migrations.size();
    }

    /**
     * @param connection an open connection
     * @return the highest version recorded in the database, 0 for a new database
     * @throws SQLException on a database error
     */
    public int currentVersion(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(CREATE_VERSION_TABLE);
            try (ResultSet rs = st.executeQuery("SELECT MAX(version) FROM schema_version")) {
                rs.next();
                return rs.getInt(1); // SQL NULL (empty table) reads as 0
            }
        }
    }

    /**
     * Applies every migration newer than the database, in order, each followed by its
     * {@code schema_version} row in the same transaction.
     *
     * @param connection an open connection; its auto-commit setting is restored afterwards
     * @return how many migrations were applied (0 when already up to date)
     * @throws SchemaTooNewException when the database is newer than the code
     * @throws SQLException when a migration fails; earlier migrations stay applied
     */
    public int migrate(Connection connection) throws SQLException {
        // Two components of this bundle open the same database; one migrates at a time.
        synchronized (SchemaMigrator.class) {
            return migrateNow(connection);
        }
    }

    private int migrateNow(Connection connection) throws SQLException {
        int current = currentVersion(connection);
        if (current > latestVersion()) {
            throw new SchemaTooNewException(current, latestVersion());
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        int applied = 0;
        try {
            for (Migration m : migrations.subList(current, migrations.size())) {
                apply(connection, m);
                applied++;
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        return applied;
    }

    private static void apply(Connection connection, Migration m) throws SQLException {
        LOG.info("Applying store schema migration V{}: {}", m.version(), m.description());
        try {
            m.apply(connection);
            try (PreparedStatement ps = connection.prepareStatement(
                    "INSERT INTO schema_version (version, applied_at, description) VALUES (?, ?, ?)")) {
                ps.setInt(1, m.version());
                ps.setObject(2, Instant.now());
                ps.setString(3, m.description());
                ps.executeUpdate();
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            // DDL already committed itself; the version row did not, so the next start
            // re-runs this (idempotent) migration.
            connection.rollback();
            throw e;
        }
    }
}
