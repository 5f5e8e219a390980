package io.bulwark.store.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.h2.Driver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaMigratorTest {

    @TempDir
    Path dir;

    private Connection connect() throws SQLException {
        return new Driver().connect("jdbc:h2:file:" + dir.resolve("bulwark"), new Properties());
    }

    private static long scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void appliesV1OnceAndRecordsIt() throws Exception {
        try (Connection c = connect()) {
            SchemaMigrator migrator = SchemaMigrator.standard();
            assertEquals(0, migrator.currentVersion(c));
            assertEquals(Migrations.ALL.size(), migrator.migrate(c));
            assertEquals(Migrations.ALL.size(), migrator.currentVersion(c));

            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT version, applied_at, description FROM schema_version")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1)); // ordered by the primary key
                assertNotNull(rs.getObject(2, Instant.class));
                assertEquals("call records", rs.getString(3));
            }
            assertEquals(1, scalar(c, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES"
                    + " WHERE TABLE_NAME = 'CALL_RECORD'"));
            assertEquals(12, scalar(c, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS"
                    + " WHERE TABLE_NAME = 'CALL_RECORD'"));
            assertEquals(1, scalar(c, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.INDEXES"
                    + " WHERE INDEX_NAME = 'CALL_RECORD_STARTED_IDX'"));
        }
    }

    @Test
    void v3AddsTheSecurityEventTableWithItsIndexesOnTopOfV2() throws Exception {
        try (Connection c = connect()) {
            assertEquals(2, new SchemaMigrator(List.of(Migrations.V1_CALL_RECORD, Migrations.V2_ADMIN)).migrate(c));
            assertEquals(0, scalar(c, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES"
                    + " WHERE TABLE_NAME = 'SECURITY_EVENT'"));
            SchemaMigrator v3 = new SchemaMigrator(List.of(Migrations.V1_CALL_RECORD, Migrations.V2_ADMIN,
                    Migrations.V3_SECURITY_EVENT));
            assertEquals(1, v3.migrate(c));
            assertEquals(3, v3.currentVersion(c));
            assertEquals(12, scalar(c, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS"
                    + " WHERE TABLE_NAME = 'SECURITY_EVENT'"));
            assertEquals(4, scalar(c, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.INDEXES"
                    + " WHERE TABLE_NAME = 'SECURITY_EVENT' AND INDEX_NAME LIKE 'SECURITY\\_EVENT\\_%\\_IDX'"));
            // Re-running the statements (a crash before the version row was written) is harmless.
            Migrations.V3_SECURITY_EVENT.apply(c);
        }
    }

    @Test
    void v4AddsTheNullableMediaColumnsToTheCallRecordsOfV3() throws Exception {
        try (Connection c = connect()) {
            assertEquals(3, new SchemaMigrator(List.of(Migrations.V1_CALL_RECORD, Migrations.V2_ADMIN,
                    Migrations.V3_SECURITY_EVENT)).migrate(c));
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO call_record (call_id, started) VALUES ('v3', CURRENT_TIMESTAMP)");
            }
            assertEquals(1, SchemaMigrator.standard().migrate(c));
            assertEquals(4, SchemaMigrator.standard().currentVersion(c));
            String columns = "SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'CALL_RECORD'"
                    + " AND COLUMN_NAME IN ('OUTSIDE_MEDIA', 'INSIDE_MEDIA')";
            assertEquals(2, scalar(c, columns + " AND IS_NULLABLE = 'YES'"
                    + " AND CHARACTER_MAXIMUM_LENGTH = " + Migrations.CALL_MEDIA_LENGTH));
            assertEquals(1, scalar(c, "SELECT COUNT(*) FROM call_record"
                    + " WHERE call_id = 'v3' AND outside_media IS NULL AND inside_media IS NULL"));
            // Re-running the statements (a crash before the version row was written) is harmless.
            Migrations.V4_CALL_MEDIA.apply(c);
            assertEquals(12, scalar(c, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS"
                    + " WHERE TABLE_NAME = 'CALL_RECORD'"));
        }
    }

    @Test
    void reRunningIsANoOpAlsoAfterReopen() throws Exception {
        try (Connection c = connect()) {
            assertEquals(Migrations.ALL.size(), SchemaMigrator.standard().migrate(c));
            assertEquals(0, SchemaMigrator.standard().migrate(c));
        }
        try (Connection c = connect()) {
            assertEquals(0, SchemaMigrator.standard().migrate(c));
            assertEquals(Migrations.ALL.size(), scalar(c, "SELECT COUNT(*) FROM schema_version"));
        }
    }

    @Test
    void laterVersionAppliesOnTopInOrder() throws Exception {
        Migration v2 = new SqlMigration(2, "security events (test)",
                List.of("CREATE TABLE IF NOT EXISTS test_v2 (id INT PRIMARY KEY)"));
        try (Connection c = connect()) {
            assertEquals(1, new SchemaMigrator(List.of(Migrations.V1_CALL_RECORD)).migrate(c));
            SchemaMigrator newer = new SchemaMigrator(List.of(Migrations.V1_CALL_RECORD, v2));
            assertEquals(1, newer.migrate(c));
            assertEquals(2, newer.currentVersion(c));
            assertEquals(0, scalar(c, "SELECT COUNT(*) FROM test_v2"));
            assertEquals(0, newer.migrate(c));
        }
    }

    @Test
    void refusesADatabaseNewerThanTheCode() throws Exception {
        try (Connection c = connect()) {
            SchemaMigrator.standard().migrate(c);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO schema_version VALUES (99, CURRENT_TIMESTAMP, 'x')");
            }
            SchemaTooNewException e = assertThrows(SchemaTooNewException.class,
                    () -> SchemaMigrator.standard().migrate(c));
            assertEquals(99, e.databaseVersion());
            assertEquals(Migrations.ALL.size(), e.codeVersion());
            assertTrue(e.getMessage().contains("99") && e.getMessage().contains("refusing"),
                    e.getMessage());
        }
    }

    @Test
    void rejectsAHistoryWithAGap() {
        Migration v3 = new SqlMigration(3, "gap", List.of());
        assertThrows(IllegalArgumentException.class,
                () -> new SchemaMigrator(List.of(Migrations.V1_CALL_RECORD, v3)));
    }
}
