package io.bulwark.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The table side of a {@link BatchWriter}: the prepared statements of one table and how each
 * write becomes a row change. The writer owns the connection, the transactions and the retries;
 * an implementation only binds and executes. Used by the writer thread alone.
 */
interface WriteStatements {

    /**
     * Prepares the statements on a connection in manual-commit mode; called again after the
     * writer had to reconnect. On failure nothing may stay half prepared.
     *
     * @param connection the writer's connection
     * @throws SQLException when a statement cannot be prepared
     */
    void prepare(Connection connection) throws SQLException;

    /**
     * Adds every write of a batch to the JDBC batches and executes them, without committing.
     *
     * @param batch the writes, in queue order, never a barrier
     * @return how many writes matched no row (updates of a row that does not exist)
     * @throws SQLException when the batch fails; the writer rolls back and retries one by one
     */
    long executeBatch(List<WriteOp> batch) throws SQLException;

    /**
     * Executes one write, without committing.
     *
     * @param op the write
     * @return false when it matched no row
     * @throws SQLException when it fails
     */
    boolean executeOne(WriteOp op) throws SQLException;

    /** Drops what a failed {@link #executeBatch} left in the JDBC batches. */
    void clearBatches() throws SQLException;

    /** Forgets the statements: their connection is being closed. */
    void forget();

    /** @return what one write is, for log lines ({@code call record}, {@code security event}) */
    String what();
}
