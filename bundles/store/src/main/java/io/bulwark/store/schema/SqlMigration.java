package io.bulwark.store.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;

/**
 * A migration that is just a list of SQL statements, run in order. Most migrations are this.
 *
 * @param version the schema version it brings the database to
 * @param description a short description
 * @param statements the statements, each re-runnable ({@code IF NOT EXISTS})
 */
public record SqlMigration(int version, String description, List<String> statements)
        implements Migration {

    /** Checks the arguments and copies the statement list. */
    public SqlMigration {
        if (version < 1) {
            throw new IllegalArgumentException("migration version must be >= 1, got " + version);
        }
        Objects.requireNonNull(description, "description");
        statements = List.copyOf(statements);
    }

    @Override
    public void apply(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }
}
