package io.bulwark.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The writes of call records: starts become MERGEs; answers, media and ends UPDATEs.
 *
 * <p>Within a batch all starts run before all answers, media and ends, so an update queued after
 * its start in the same batch finds the row. The queue is FIFO, so a start is never in a later
 * batch than its answer. Each kind of update sets its own columns, and a JDBC batch runs in the
 * order its writes were added, so of two media writes of a call in one batch the later one wins,
 * as it does across batches.
 */
final class CallRecordStatements implements WriteStatements {

    private PreparedStatement merge;
    private PreparedStatement answer;
    private PreparedStatement media;
    private PreparedStatement end;

    @Override
    public void prepare(Connection connection) throws SQLException {
        // Prepared together and assigned last, so a failure leaves none half-set.
        PreparedStatement m = null;
        PreparedStatement a = null;
        PreparedStatement md = null;
        try {
            m = connection.prepareStatement(CallRecordSql.MERGE_STARTED);
            a = connection.prepareStatement(CallRecordSql.UPDATE_ANSWERED);
            md = connection.prepareStatement(CallRecordSql.UPDATE_MEDIA);
            PreparedStatement e = connection.prepareStatement(CallRecordSql.UPDATE_ENDED);
            merge = m;
            answer = a;
            media = md;
            end = e;
        } catch (SQLException ex) {
            BatchWriter.closeQuietly(md);
            BatchWriter.closeQuietly(a);
            BatchWriter.closeQuietly(m);
            throw ex;
        }
    }

    @Override
    public long executeBatch(List<WriteOp> batch) throws SQLException {
        int merges = 0;
        int answers = 0;
        int medias = 0;
        int ends = 0;
        for (WriteOp op : batch) {
            if (op instanceof WriteOp.Started s) {
                CallRecordSql.bind(merge, s);
                merge.addBatch();
                merges++;
            } else if (op instanceof WriteOp.Answered a) {
                CallRecordSql.bind(answer, a);
                answer.addBatch();
                answers++;
            } else if (op instanceof WriteOp.Media md) {
                CallRecordSql.bind(media, md);
                media.addBatch();
                medias++;
            } else if (op instanceof WriteOp.Ended e) {
                CallRecordSql.bind(end, e);
                end.addBatch();
                ends++;
            }
        }
        // Starts first: see the class comment.
        if (merges > 0) {
            merge.executeBatch();
        }
        long orphans = 0;
        if (answers > 0) {
            orphans += zeros(answer.executeBatch());
        }
        if (medias > 0) {
            orphans += zeros(media.executeBatch());
        }
        if (ends > 0) {
            orphans += zeros(end.executeBatch());
        }
        return orphans;
    }

    @Override
    public boolean executeOne(WriteOp op) throws SQLException {
        int rows;
        if (op instanceof WriteOp.Started s) {
            CallRecordSql.bind(merge, s);
            rows = merge.executeUpdate();
        } else if (op instanceof WriteOp.Answered a) {
            CallRecordSql.bind(answer, a);
            rows = answer.executeUpdate();
        } else if (op instanceof WriteOp.Media md) {
            CallRecordSql.bind(media, md);
            rows = media.executeUpdate();
        } else if (op instanceof WriteOp.Ended e) {
            CallRecordSql.bind(end, e);
            rows = end.executeUpdate();
        } else {
            throw new IllegalArgumentException("not a call record write: " + op);
        }
        return rows > 0;
    }

    @Override
    public void clearBatches() throws SQLException {
        for (PreparedStatement ps : new PreparedStatement[] {merge, answer, media, end}) {
            if (ps != null) {
                ps.clearBatch();
            }
        }
    }

    @Override
    public void forget() {
        merge = null;
        answer = null;
        media = null;
        end = null;
    }

    @Override
    public String what() {
        return "call record";
    }

    private static long zeros(int[] counts) {
        long n = 0;
        for (int c : counts) {
            if (c == 0) {
                n++;
            }
        }
        return n;
    }
}
