package io.bulwark.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The writes of call records: starts become MERGEs, answers and ends UPDATEs.
 *
 * <p>Within a batch all starts run before all answers and ends, so an answer or end queued after
 * its start in the same batch finds the row. The queue is FIFO, so a start is never in a later
 * batch than its answer.
 */
final class CallRecordStatements implements WriteStatements {

    private PreparedStatement merge;
    private PreparedStatement answer;
    private PreparedStatement end;

    @Override
    public void prepare(Connection connection) throws SQLException {
        // Prepared together and assigned last, so a failure leaves none half-set.
        PreparedStatement m = null;
        PreparedStatement a = null;
        try {
            m = connection.prepareStatement(CallRecordSql.MERGE_STARTED);
            a = connection.prepareStatement(CallRecordSql.UPDATE_ANSWERED);
            PreparedStatement e = connection.prepareStatement(CallRecordSql.UPDATE_ENDED);
            merge = m;
            answer = a;
            end = e;
        } catch (SQLException ex) {
            BatchWriter.closeQuietly(a);
            BatchWriter.closeQuietly(m);
            throw ex;
        }
    }

    @Override
    public long executeBatch(List<WriteOp> batch) throws SQLException {
        int merges = 0;
        int answers = 0;
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
        for (PreparedStatement ps : new PreparedStatement[] {merge, answer, end}) {
            if (ps != null) {
                ps.clearBatch();
            }
        }
    }

    @Override
    public void forget() {
        merge = null;
        answer = null;
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
