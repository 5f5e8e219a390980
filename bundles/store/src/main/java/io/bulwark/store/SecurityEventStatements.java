package io.bulwark.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** The writes of security events: each one an INSERT. */
final class SecurityEventStatements implements WriteStatements {

    private PreparedStatement insert;

    @Override
    public void prepare(Connection connection) throws SQLException {
        insert = connection.prepareStatement(SecurityEventSql.INSERT);
    }

    @Override
    public long executeBatch(List<WriteOp> batch) throws SQLException {
        for (WriteOp op : batch) {
            SecurityEventSql.bind(insert, ((WriteOp.Event) op).event());
            insert.addBatch();
        }
        insert.executeBatch();
        return 0;
    }

    @Override
    public boolean executeOne(WriteOp op) throws SQLException {
        SecurityEventSql.bind(insert, ((WriteOp.Event) op).event());
        insert.executeUpdate();
        return true;
    }

    @Override
    public void clearBatches() throws SQLException {
        if (insert != null) {
            insert.clearBatch();
        }
    }

    @Override
    public void forget() {
        insert = null;
    }

    @Override
    public String what() {
        return "security event";
    }
}
