package io.bulwark.store.schema;

/**
 * The database was written by a newer version of the software. Opening it anyway could
 * corrupt data the newer schema relies on, so the store refuses to start.
 */
public final class SchemaTooNewException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final int databaseVersion;
    private final int codeVersion;

    /**
     * @param databaseVersion the highest version recorded in the database
     * @param codeVersion the highest version this code knows
     */
    public SchemaTooNewException(int databaseVersion, int codeVersion) {
        super("database schema version " + databaseVersion + " is newer than version "
                + codeVersion + " supported by this software; refusing to open it"
                + " (downgrade is not supported: upgrade the software or restore a backup)");
        this.databaseVersion = databaseVersion;
        this.codeVersion = codeVersion;
    }

    /** @return the highest version recorded in the database */
    public int databaseVersion() {
        return databaseVersion;
    }

    /** @return the highest version this code knows */
    public int codeVersion() {
        return codeVersion;
    }
}
