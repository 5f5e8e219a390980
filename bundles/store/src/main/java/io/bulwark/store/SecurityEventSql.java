package io.bulwark.store;

import io.bulwark.api.decision.AddressBlock;
import io.bulwark.api.event.SecurityEvent;
import io.bulwark.api.event.Severity;
import io.bulwark.api.event.ThreatLevel;
import io.bulwark.api.store.SecurityEventCursor;
import io.bulwark.api.store.SecurityEventQuery;
import io.bulwark.api.store.StoredSecurityEvent;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/** The SQL of the {@code security_event} table, kept in one place, and its row mapping. */
final class SecurityEventSql {

    private static final String COLUMNS = "id, time, level, kind, severity, source, source_port, transport,"
            + " zone, target, evidence, call_id";

    static final String INSERT = "INSERT INTO security_event (time, level, kind, severity, source,"
            + " source_port, transport, zone, target, evidence, call_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final String ORDER = " ORDER BY time DESC, id DESC FETCH FIRST ? ROWS ONLY";
    /**
     * Rows after the cursor in (time DESC, id DESC) order, with a plain upper bound on {@code time}
     * first so that H2 starts the index scan at the cursor (as for call records).
     */
    private static final String AFTER = "(time <= ? AND (time < ? OR id < ?))";
    private static final String TEXT = "(LOWER(evidence) LIKE ? ESCAPE '\\' OR LOWER(target) LIKE ? ESCAPE '\\')";
    private static final String FIND = "SELECT " + COLUMNS + " FROM security_event WHERE id = ?";

    /** Deletes run in slices of this many rows, each its own transaction, so none grows large. */
    static final int DELETE_SLICE = 10_000;
    private static final String DELETE_OLDER = "DELETE FROM security_event WHERE time < ?"
            + " FETCH FIRST " + DELETE_SLICE + " ROWS ONLY";
    private static final String DELETE_UP_TO_ID = "DELETE FROM security_event WHERE id <= ?"
            + " FETCH FIRST " + DELETE_SLICE + " ROWS ONLY";
    /** The id of the row with {@code excess - 1} rows stored before it: the last one to delete. */
    private static final String NTH_ID = "SELECT id FROM security_event ORDER BY id OFFSET ? ROWS"
            + " FETCH FIRST 1 ROW ONLY";

    private SecurityEventSql() {
    }

    /** Binds an event to {@link #INSERT}; the source becomes canonical text, the Call-ID is parsed. */
    static void bind(PreparedStatement ps, SecurityEvent e) throws SQLException {
        ps.setObject(1, e.time());
        ps.setString(2, e.level().name());
        ps.setString(3, e.kind());
        ps.setString(4, e.severity().name());
        ps.setString(5, e.source() == null ? null : AddressBlock.addressText(e.source()));
        ps.setInt(6, e.sourcePort());
        ps.setString(7, e.transport() == null ? null : e.transport().name());
        ps.setString(8, e.zone() == null ? null : e.zone().name());
        ps.setString(9, e.target());
        ps.setString(10, e.evidence());
        ps.setString(11, StoredSecurityEvent.callIdIn(e.evidence()));
    }

    /**
     * One keyset page, newest first.
     *
     * @param limit rows to fetch (the caller asks one more than it shows, to know whether more follow)
     * @return up to {@code limit} events matching the query, after its cursor
     */
    static List<StoredSecurityEvent> page(Connection c, SecurityEventQuery q, int limit) throws SQLException {
        Where w = where(q, true);
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM security_event" + w.sql
                + ORDER)) {
            int i = w.bind(ps);
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<StoredSecurityEvent> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(map(rs));
                }
                return out;
            }
        }
    }

    /** @return how many events match the query's filters (its cursor is ignored) */
    static long count(Connection c, SecurityEventQuery q) throws SQLException {
        Where w = where(q, false);
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM security_event" + w.sql)) {
            w.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** @return the event with that id, or null */
    static StoredSecurityEvent find(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(FIND)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? map(rs) : null;
            }
        }
    }

    /** @return every stored event (H2 answers an unfiltered count from the table's row count) */
    static long countAll(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM security_event");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Deletes the events detected before a time, slice by slice, each slice committed.
     *
     * @param c a connection in manual-commit mode
     * @param cutoff the time
     * @param stop tells to stop after the current slice (the store is closing)
     * @return how many were deleted
     */
    static long deleteOlderThan(Connection c, Instant cutoff, BooleanSupplier stop) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DELETE_OLDER)) {
            ps.setObject(1, cutoff);
            return deleteInSlices(c, ps, stop);
        }
    }

    private static long deleteInSlices(Connection c, PreparedStatement ps, BooleanSupplier stop)
            throws SQLException {
        long deleted = 0;
        int n;
        do {
            n = ps.executeUpdate();
            c.commit();
            deleted += n;
        } while (n == DELETE_SLICE && !stop.getAsBoolean());
        return deleted;
    }

    /**
     * Deletes the earliest stored events (lowest ids) until at most {@code maxRows} remain, slice by
     * slice, each slice committed. Events stored meanwhile have higher ids and are not touched.
     *
     * @param c a connection in manual-commit mode
     * @param maxRows how many to keep
     * @param stop tells to stop after the current slice (the store is closing)
     * @return how many were deleted
     */
    static long deleteBeyond(Connection c, long maxRows, BooleanSupplier stop) throws SQLException {
        long excess = countAll(c) - maxRows;
        if (excess <= 0) {
            return 0;
        }
        long lastId;
        try (PreparedStatement ps = c.prepareStatement(NTH_ID)) {
            ps.setLong(1, excess - 1);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return 0; // rows went away meanwhile
                }
                lastId = rs.getLong(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(DELETE_UP_TO_ID)) {
            ps.setLong(1, lastId);
            return deleteInSlices(c, ps, stop);
        }
    }

    /** A WHERE clause and how to bind it. */
    private static final class Where {
        final String sql;
        private final List<Object> args;

        Where(String sql, List<Object> args) {
            this.sql = sql;
            this.args = args;
        }

        /** @return the next parameter index */
        int bind(PreparedStatement ps) throws SQLException {
            int i = 1;
            for (Object a : args) {
                if (a instanceof Long l) {
                    ps.setLong(i++, l);
                } else if (a instanceof String s) {
                    ps.setString(i++, s);
                } else {
                    ps.setObject(i++, a);
                }
            }
            return i;
        }
    }

    private static Where where(SecurityEventQuery q, boolean withCursor) {
        List<String> terms = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        SecurityEventCursor after = withCursor ? q.after() : null;
        if (after != null) {
            terms.add(AFTER);
            args.add(after.time());
            args.add(after.time());
            args.add(after.id());
        }
        if (q.since() != null) {
            terms.add("time >= ?");
            args.add(q.since());
        }
        if (q.until() != null) {
            terms.add("time < ?");
            args.add(q.until());
        }
        if (q.level() != null) {
            terms.add("level = ?");
            args.add(q.level().name());
        }
        if (q.kind() != null) {
            if (q.isKindPrefix()) {
                terms.add("kind LIKE ? ESCAPE '\\'");
                args.add(likeEscape(q.kind()) + "%");
            } else {
                terms.add("kind = ?");
                args.add(q.kind());
            }
        }
        if (q.minSeverity() != null) {
            Severity[] all = Severity.values();
            StringBuilder in = new StringBuilder("severity IN (");
            for (int s = q.minSeverity().ordinal(); s < all.length; s++) {
                in.append(s == q.minSeverity().ordinal() ? "?" : ", ?");
                args.add(all[s].name());
            }
            terms.add(in.append(')').toString());
        }
        if (q.source() != null) {
            terms.add("source = ?");
            args.add(q.source());
        }
        if (q.text() != null) {
            terms.add(TEXT);
            String pattern = "%" + likeEscape(q.text().toLowerCase(Locale.ROOT)) + "%";
            args.add(pattern);
            args.add(pattern);
        }
        return new Where(terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms), args);
    }

    private static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static StoredSecurityEvent map(ResultSet rs) throws SQLException {
        return new StoredSecurityEvent(rs.getLong(1), ThreatLevel.valueOf(rs.getString(3)), rs.getString(4),
                Severity.valueOf(rs.getString(5)), rs.getString(6), rs.getInt(7),
                TransportProtocol.fromToken(rs.getString(8)), zone(rs.getString(9)), rs.getString(10),
                rs.getObject(2, Instant.class), rs.getString(11), rs.getString(12));
    }

    private static Zone zone(String name) {
        if (name == null) {
            return null;
        }
        for (Zone z : Zone.values()) {
            if (z.name().equals(name)) {
                return z;
            }
        }
        return null;
    }
}
