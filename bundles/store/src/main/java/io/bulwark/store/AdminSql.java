package io.bulwark.store;

import io.bulwark.api.store.AdminAccount;
import io.bulwark.api.store.ApiToken;
import io.bulwark.api.store.AuditEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of the admin tables ({@code admin_account}, {@code api_token}, {@code audit_log}). */
final class AdminSql {

    private static final String ACCOUNT_COLUMNS =
            "username, password_hash, role, created, last_login, failed_logins, locked_until";
    private static final String TOKEN_COLUMNS = "id, username, name, secret_hash, created, expires";
    private static final String AUDIT_COLUMNS =
            "id, at, actor, action, target, old_value, new_value, source";

    private AdminSql() {
    }

    static List<AdminAccount> accounts(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + ACCOUNT_COLUMNS + " FROM admin_account ORDER BY username");
                ResultSet rs = ps.executeQuery()) {
            List<AdminAccount> out = new ArrayList<>();
            while (rs.next()) {
                out.add(account(rs));
            }
            return out;
        }
    }

    static Optional<AdminAccount> account(Connection c, String username) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + ACCOUNT_COLUMNS + " FROM admin_account WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(account(rs)) : Optional.empty();
            }
        }
    }

    static void merge(Connection c, AdminAccount a) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("MERGE INTO admin_account ("
                + ACCOUNT_COLUMNS + ") KEY (username) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            bind(ps, a);
            ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, AdminAccount a) throws SQLException {
        ps.setString(1, a.username());
        ps.setString(2, a.passwordHash());
        ps.setString(3, a.role());
        setInstant(ps, 4, a.createdAt());
        setInstant(ps, 5, a.lastLoginAt());
        ps.setInt(6, a.failedLogins());
        setInstant(ps, 7, a.lockedUntil());
    }

    /** Inserts the account only when the table is empty, in one statement (atomic). */
    static boolean insertFirst(Connection c, AdminAccount a) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO admin_account ("
                + ACCOUNT_COLUMNS + ") SELECT ?, ?, ?, ?, ?, ?, ? FROM DUAL"
                + " WHERE NOT EXISTS (SELECT 1 FROM admin_account)")) {
            bind(ps, a);
            return ps.executeUpdate() == 1;
        }
    }

    static boolean deleteAccount(Connection c, String username) throws SQLException {
        try (PreparedStatement tokens = c.prepareStatement("DELETE FROM api_token WHERE username = ?");
                PreparedStatement account = c.prepareStatement(
                        "DELETE FROM admin_account WHERE username = ?")) {
            tokens.setString(1, username);
            tokens.executeUpdate();
            account.setString(1, username);
            return account.executeUpdate() == 1;
        }
    }

    static long countAccounts(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM admin_account")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static List<ApiToken> tokens(Connection c, String username) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + TOKEN_COLUMNS
                + " FROM api_token WHERE username = ? ORDER BY created DESC")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                List<ApiToken> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(token(rs));
                }
                return out;
            }
        }
    }

    static Optional<ApiToken> tokenByHash(Connection c, String hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + TOKEN_COLUMNS + " FROM api_token WHERE secret_hash = ?")) {
            ps.setString(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(token(rs)) : Optional.empty();
            }
        }
    }

    static void insertToken(Connection c, ApiToken t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO api_token (" + TOKEN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, t.id());
            ps.setString(2, t.username());
            ps.setString(3, t.name());
            ps.setString(4, t.secretHash());
            setInstant(ps, 5, t.createdAt());
            setInstant(ps, 6, t.expiresAt());
            ps.executeUpdate();
        }
    }

    static boolean deleteToken(Connection c, String username, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM api_token WHERE username = ? AND id = ?")) {
            ps.setString(1, username);
            ps.setString(2, id);
            return ps.executeUpdate() == 1;
        }
    }

    static AuditEntry append(Connection c, AuditEntry e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log"
                + " (at, actor, action, target, old_value, new_value, source)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", new String[] {"ID"})) {
            setInstant(ps, 1, e.time());
            ps.setString(2, e.actor());
            ps.setString(3, e.action());
            ps.setString(4, e.target());
            ps.setString(5, e.oldValue());
            ps.setString(6, e.newValue());
            ps.setString(7, e.source());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return new AuditEntry(keys.getLong(1), e.time(), e.actor(), e.action(), e.target(),
                        e.oldValue(), e.newValue(), e.source());
            }
        }
    }

    static List<AuditEntry> audit(Connection c, long beforeId, int limit) throws SQLException {
        String sql = "SELECT " + AUDIT_COLUMNS + " FROM audit_log"
                + (beforeId > 0 ? " WHERE id < ?" : "") + " ORDER BY id DESC FETCH FIRST ? ROWS ONLY";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (beforeId > 0) {
                ps.setLong(i++, beforeId);
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<AuditEntry> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new AuditEntry(rs.getLong(1), rs.getObject(2, Instant.class),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                            rs.getString(7), rs.getString(8)));
                }
                return out;
            }
        }
    }

    private static AdminAccount account(ResultSet rs) throws SQLException {
        return new AdminAccount(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getObject(4, Instant.class), rs.getObject(5, Instant.class), rs.getInt(6),
                rs.getObject(7, Instant.class));
    }

    private static ApiToken token(ResultSet rs) throws SQLException {
        return new ApiToken(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getObject(5, Instant.class), rs.getObject(6, Instant.class));
    }

    private static void setInstant(PreparedStatement ps, int index, Instant at) throws SQLException {
        if (at == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, at);
        }
    }
}
