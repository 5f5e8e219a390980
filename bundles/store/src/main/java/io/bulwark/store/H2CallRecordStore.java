package io.bulwark.store;

import io.bulwark.api.store.CallRecord;
import io.bulwark.api.store.CallRecordCursor;
import io.bulwark.api.store.CallRecordPage;
import io.bulwark.api.store.CallRecordStore;
import io.bulwark.store.schema.SchemaMigrator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CallRecordStore} on an embedded H2 file database.
 *
 * <p>Writes never block the SIP threads: they go into a bounded queue, and when it is full the
 * write is dropped and counted (see {@link #getDropped()}). One writer thread ({@link
 * BatchWriter}) commits them in batches at least every flush interval. Queries read the
 * database directly and see what has been committed.
 *
 * <p>Stopping the component drains the queue, commits and closes the database, so a clean stop
 * loses nothing; a killed process loses about the last flush interval (see {@link H2Database}).
 */
@Component(service = CallRecordStore.class, immediate = true, configurationPid = H2CallRecordStore.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = H2CallRecordStore.Config.class)
public final class H2CallRecordStore implements CallRecordStore, AutoCloseable {

    /** The configuration PID. */
    public static final String PID = "io.bulwark.store";

    /** Configuration of the store (PID {@value H2CallRecordStore#PID}). */
    @ObjectClassDefinition(name = "Bulwark store",
            description = "Embedded H2 database for call records, security events and the accounts and"
                    + " audit trail of the admin plane.")
    public @interface Config {

        /** @return the database directory, empty for the default */
        @AttributeDefinition(name = "Database directory",
                description = "Directory of the H2 database file bulwark.mv.db. Empty means"
                        + " ${karaf.data}/bulwark/db (./data/bulwark/db outside Karaf).")
        String database_dir() default "";

        /** @return the longest a write waits before it is committed, in milliseconds */
        @AttributeDefinition(name = "Flush interval (ms)",
                description = "Longest time a write waits in memory before it is committed,"
                        + " 50 to 1000. A killed process loses about this much.",
                min = "50", max = "1000")
        int flush_interval_ms() default 500;

        /** @return how many writes may wait before new ones are dropped */
        @AttributeDefinition(name = "Write queue capacity",
                description = "Writes that may wait for the database; when full, new writes"
                        + " are dropped and counted rather than slowing down calls.",
                min = "1")
        int queue_capacity() default 100_000;

        /** @return the most security events kept */
        @AttributeDefinition(name = "Security events kept (rows)",
                description = "The most security events the store keeps; beyond this the earliest stored"
                        + " are deleted by the prune that runs every 5 minutes.",
                min = "1000", max = "100000000")
        int events_max_rows() default 1_000_000;

        /** @return the longest a security event is kept, in days */
        @AttributeDefinition(name = "Security events kept (days)",
                description = "Security events detected longer ago than this are deleted by the prune that"
                        + " runs every 5 minutes.",
                min = "1", max = "3650")
        int events_max_days() default 90;

        /** @return how many security events may wait before new ones are dropped */
        @AttributeDefinition(name = "Security event queue capacity",
                description = "Security events that may wait for the database (each can hold up to 1 KiB"
                        + " of evidence); when full, new events are dropped and counted rather than"
                        + " slowing down the detectors.",
                min = "1", max = "1000000")
        int events_queue_capacity() default 10_000;
    }

    private static final Logger LOG = LoggerFactory.getLogger(H2CallRecordStore.class);
    /** Largest page {@link #page} returns. */
    static final int MAX_PAGE = 1000;

    private final H2Database db;
    private final WriteQueue writes;
    private final StoreCounters counters;
    /** Queries hold the read side; close() takes the write side so none runs while closing. */
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private volatile boolean closed;

    /**
     * DS entry point.
     *
     * @param config the configuration
     * @throws IllegalArgumentException naming the key of a bad value
     */
    @Activate
    public H2CallRecordStore(Config config) {
        this(StoreSettings.from(config));
    }

    /**
     * Opens the store without a framework (tests, tools).
     *
     * @param dbDir the database directory, created if missing
     * @param flushInterval longest time a write stays uncommitted, 50 ms to 1 s
     * @param queueCapacity writes that may wait before new ones are dropped
     * @throws IllegalArgumentException naming the key of a bad value
     */
    public H2CallRecordStore(Path dbDir, Duration flushInterval, int queueCapacity) {
        this(new StoreSettings(dbDir, flushInterval, queueCapacity));
    }

    private H2CallRecordStore(StoreSettings settings) {
        this.db = new H2Database(settings.dbDir());
        Connection connection = open(db, "call record");
        this.writes = new WriteQueue(db, connection, new CallRecordStatements(), settings.flushInterval(),
                settings.queueCapacity(), "bulwark-store-writer");
        this.counters = writes.counters();
        LOG.info("Call record store open at {} (flush interval {} ms, queue capacity {})",
                db.dir(), settings.flushInterval().toMillis(), settings.queueCapacity());
    }

    /**
     * Opens a writer's connection and migrates the schema; the database stays open.
     *
     * @param db the database
     * @param what what the caller stores, for the error message
     * @return the connection, in auto-commit mode
     * @throws IllegalStateException when the database cannot be opened or migrated
     * @throws io.bulwark.store.schema.SchemaTooNewException when the database is newer than the code
     */
    static Connection open(H2Database db, String what) {
        Connection c = null;
        try {
            c = db.connect();
            SchemaMigrator.standard().migrate(c);
            return c;
        } catch (SQLException | RuntimeException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("cannot open " + what + " database at " + db.dir()
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void callStarted(String callId, String direction, String caller, String callee,
            String outsideTransport, String insideTransport, Instant at) {
        enqueue(new WriteOp.Started(Objects.requireNonNull(callId, "callId"), direction, caller,
                callee, outsideTransport, insideTransport, Objects.requireNonNull(at, "at")));
    }

    @Override
    public void callAnswered(String callId, Instant at) {
        enqueue(new WriteOp.Answered(Objects.requireNonNull(callId, "callId"),
                Objects.requireNonNull(at, "at")));
    }

    @Override
    public void callMedia(String callId, String outsideMedia, String insideMedia) {
        // Cut to the column by the writer, not here: the caller's thread only enqueues.
        enqueue(new WriteOp.Media(Objects.requireNonNull(callId, "callId"), outsideMedia, insideMedia));
    }

    @Override
    public void callEnded(String callId, String reason, Instant at) {
        enqueue(new WriteOp.Ended(Objects.requireNonNull(callId, "callId"), reason,
                Objects.requireNonNull(at, "at")));
    }

    private void enqueue(WriteOp op) {
        writes.offer(op);
    }

    @Override
    public List<CallRecord> recent(int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return query(c -> CallRecordSql.recent(c, limit));
    }

    @Override
    public CallRecordPage page(String text, CallRecordCursor after, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE + ", got " + limit);
        }
        String filter = text == null || text.isBlank() ? null : text.trim();
        // One extra row tells whether another page follows without a second query.
        List<CallRecord> rows = query(c -> CallRecordSql.page(c, filter, after, limit + 1));
        if (rows.size() <= limit) {
            return new CallRecordPage(rows, null);
        }
        List<CallRecord> items = List.copyOf(rows.subList(0, limit));
        CallRecord last = items.get(limit - 1);
        return new CallRecordPage(items, new CallRecordCursor(last.started(), last.callId()));
    }

    @Override
    public long count(String text) {
        String filter = text == null || text.isBlank() ? null : text.trim();
        return query(c -> CallRecordSql.count(c, filter));
    }

    @Override
    public CallRecord find(String callId) {
        return callId == null ? null : query(c -> CallRecordSql.find(c, callId));
    }

    @Override
    public long count() {
        return query(CallRecordSql::count);
    }

    /** A query run on its own connection. */
    @FunctionalInterface
    private interface Query<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T query(Query<T> q) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                // Opening a connection now would reopen the database we are closing.
                throw new IllegalStateException("call record store is closed");
            }
            try (Connection c = db.connect()) {
                return q.run(c);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("call record query failed: " + e.getMessage(), e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public void flush() {
        writes.flush();
    }

    /** DS deactivation: see {@link #close()}. */
    @Deactivate
    void deactivate() {
        close();
    }

    /**
     * Drains the queue, commits, stops the writer and closes the database. Later writes are
     * dropped and later queries fail. Calling it again does nothing.
     */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lifecycle.writeLock().unlock();
        }
        writes.close();
        LOG.info("Call record store closed ({} writes committed, {} dropped)",
                counters.written.sum(), counters.dropped.sum());
    }

    /** @return writes accepted into the queue since start */
    public long getQueued() {
        return counters.queued.sum();
    }

    /** @return writes committed to the database since start */
    public long getWritten() {
        return counters.written.sum();
    }

    /** @return writes dropped because the queue was full or the store closed */
    public long getDropped() {
        return counters.dropped.sum();
    }

    /** @return writes the database rejected (logged, rate-limited) */
    public long getFailed() {
        return counters.failed.sum();
    }

    /** @return answers, media and ends for a call that had no start record */
    public long getOrphaned() {
        return counters.orphaned.sum();
    }

    /** @return transactions committed by the writer */
    public long getCommits() {
        return counters.commits.sum();
    }

    /** @return writes waiting in the queue now */
    public int getPending() {
        return writes.pending();
    }
}
