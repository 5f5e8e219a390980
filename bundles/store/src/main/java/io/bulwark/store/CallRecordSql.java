package io.bulwark.store;

import io.bulwark.api.store.CallRecord;
import io.bulwark.api.store.CallRecordCursor;
import io.bulwark.store.schema.Migrations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The SQL of the {@code call_record} table, kept in one place, and its row mapping. */
final class CallRecordSql {

    private static final String COLUMNS = "call_id, direction, caller, callee,"
            + " outside_transport, inside_transport, started, answered, ended, end_reason,"
            + " outside_media, inside_media";

    /**
     * H2's MERGE ... KEY updates only the listed columns of an existing row, so a repeated
     * start never wipes an answer or end already recorded, and the order of MERGEs and
     * UPDATEs within a batch only matters for a call's first appearance.
     */
    static final String MERGE_STARTED = "MERGE INTO call_record (call_id, direction, caller,"
            + " callee, outside_transport, inside_transport, started) KEY (call_id)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)";
    static final String UPDATE_ANSWERED = "UPDATE call_record SET answered = ? WHERE call_id = ?";
    static final String UPDATE_ENDED =
            "UPDATE call_record SET ended = ?, end_reason = ? WHERE call_id = ?";
    /** Sets both legs: a later {@code callMedia} (a re-offer) replaces what an earlier one wrote. */
    static final String UPDATE_MEDIA =
            "UPDATE call_record SET outside_media = ?, inside_media = ? WHERE call_id = ?";

    private static final String RECENT = "SELECT " + COLUMNS + " FROM call_record"
            + " ORDER BY started DESC, call_id DESC FETCH FIRST ? ROWS ONLY";
    private static final String PAGE_ORDER = " ORDER BY started DESC, call_id DESC FETCH FIRST ? ROWS ONLY";
    /**
     * Rows after the cursor in (started DESC, call_id DESC) order. Written with a plain upper
     * bound on {@code started} first so that H2 starts the index scan at the cursor instead of
     * filtering every newer row: deep pages cost what the first one does.
     */
    private static final String AFTER = "(started <= ? AND (started < ? OR call_id < ?))";
    private static final String MATCHES = "(LOWER(caller) LIKE ? ESCAPE '\\' OR LOWER(callee) LIKE ? ESCAPE '\\'"
            + " OR LOWER(call_id) LIKE ? ESCAPE '\\')";
    private static final String FIND = "SELECT " + COLUMNS + " FROM call_record WHERE call_id = ?";
    private static final String COUNT = "SELECT COUNT(*) FROM call_record";

    private CallRecordSql() {
    }

    /** Binds a {@link WriteOp.Started} to {@link #MERGE_STARTED}. */
    static void bind(PreparedStatement ps, WriteOp.Started op) throws SQLException {
        ps.setString(1, op.callId());
        ps.setString(2, op.direction());
        ps.setString(3, op.caller());
        ps.setString(4, op.callee());
        ps.setString(5, op.outsideTransport());
        ps.setString(6, op.insideTransport());
        setInstant(ps, 7, op.at());
    }

    /** Binds a {@link WriteOp.Answered} to {@link #UPDATE_ANSWERED}. */
    static void bind(PreparedStatement ps, WriteOp.Answered op) throws SQLException {
        setInstant(ps, 1, op.at());
        ps.setString(2, op.callId());
    }

    /**
     * Binds a {@link WriteOp.Media} to {@link #UPDATE_MEDIA}, each value cut to its column (see
     * {@link CallMediaValue}): a value too long for it would fail the whole batch.
     */
    static void bind(PreparedStatement ps, WriteOp.Media op) throws SQLException {
        ps.setString(1, CallMediaValue.fit(op.outsideMedia(), Migrations.CALL_MEDIA_LENGTH));
        ps.setString(2, CallMediaValue.fit(op.insideMedia(), Migrations.CALL_MEDIA_LENGTH));
        ps.setString(3, op.callId());
    }

    /** Binds a {@link WriteOp.Ended} to {@link #UPDATE_ENDED}. */
    static void bind(PreparedStatement ps, WriteOp.Ended op) throws SQLException {
        setInstant(ps, 1, op.at());
        ps.setString(2, op.reason());
        ps.setString(3, op.callId());
    }

    /** @return the newest {@code limit} records, newest first */
    static List<CallRecord> recent(Connection c, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(RECENT)) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<CallRecord> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(map(rs));
                }
                return out;
            }
        }
    }

    /**
     * One keyset page, newest first: an index range scan however deep the page is.
     *
     * @return up to {@code limit} records after {@code after} that match {@code text}
     */
    static List<CallRecord> page(Connection c, String text, CallRecordCursor after, int limit)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM call_record");
        String where = where(text, after);
        sql.append(where).append(PAGE_ORDER);
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = bindWhere(ps, text, after);
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<CallRecord> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(map(rs));
                }
                return out;
            }
        }
    }

    /** @return how many records match {@code text} (all when null) */
    static long count(Connection c, String text) throws SQLException {
        if (text == null) {
            return count(c);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM call_record"
                + where(text, null))) {
            bindWhere(ps, text, null);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String where(String text, CallRecordCursor after) {
        if (text == null && after == null) {
            return "";
        }
        if (text == null) {
            return " WHERE " + AFTER;
        }
        return after == null ? " WHERE " + MATCHES : " WHERE " + AFTER + " AND " + MATCHES;
    }

    /** @return the next parameter index */
    private static int bindWhere(PreparedStatement ps, String text, CallRecordCursor after)
            throws SQLException {
        int i = 1;
        if (after != null) {
            ps.setObject(i++, after.started());
            ps.setObject(i++, after.started());
            ps.setString(i++, after.callId());
        }
        if (text != null) {
            String pattern = "%" + likeEscape(text.toLowerCase(java.util.Locale.ROOT)) + "%";
            ps.setString(i++, pattern);
            ps.setString(i++, pattern);
            ps.setString(i++, pattern);
        }
        return i;
    }

    private static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** @return the record of that call, or null */
    static CallRecord find(Connection c, String callId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(FIND)) {
            ps.setString(1, callId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? map(rs) : null;
            }
        }
    }

    /** @return the number of rows */
    static long count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(COUNT);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static CallRecord map(ResultSet rs) throws SQLException {
        return new CallRecord(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getObject(7, Instant.class), rs.getObject(8, Instant.class),
                rs.getObject(9, Instant.class), rs.getString(10), rs.getString(11), rs.getString(12));
    }

    private static void setInstant(PreparedStatement ps, int index, Instant at)
            throws SQLException {
        if (at == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, at);
        }
    }
}
