package io.bulwark.store.schema;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One step of the schema history. Versions start at 1 and have no gaps; a migration, once
 * released, is never edited: a change is a new migration.
 */
public interface Migration {

    /** @return the schema version this migration brings the database to */
    int version();

    /** @return a short human description, stored in {@code schema_version} */
    String description();

    /**
     * Applies the change. H2 commits each DDL statement on its own, so a migration cannot be
     * atomic: write it to be safe to re-run after a crash half way through
     * ({@code IF NOT EXISTS} and the like).
     *
     * @param connection the connection to use; do not commit or close it
     * @throws SQLException when a statement fails
     */
    void apply(Connection connection) throws SQLException;
}
