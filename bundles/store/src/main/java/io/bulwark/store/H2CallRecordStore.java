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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
    @ObjectClassDefinition(name = "Bulwark call record store",
            description = "Embedded H2 database for call records.")
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
    }

    private static final Logger LOG = LoggerFactory.getLogger(H2CallRecordStore.class);
    /** How long close() waits for the writer to drain before giving up. */
    private static final long CLOSE_TIMEOUT_SECONDS = 60;
    /** Largest page {@link #page} returns. */
    static final int MAX_PAGE = 1000;

    private final StoreSettings settings;
    private final H2Database db;
    private final BlockingQueue<WriteOp> queue;
    private final StoreCounters counters = new StoreCounters();
    private final LogThrottle dropLog = new LogThrottle(Duration.ofSeconds(10));
    private final Thread writer;
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
        this.settings = settings;
        this.db = new H2Database(settings.dbDir());
        this.queue = new LinkedBlockingQueue<>(settings.queueCapacity());
        Connection connection = open(db);
        this.writer = new Thread(new BatchWriter(queue, db, connection,
                settings.flushInterval(), counters), "bulwark-store-writer");
        // Daemon: a forgotten close() must not keep the JVM alive; committed data is safe.
        writer.setDaemon(true);
        writer.start();
        LOG.info("Call record store open at {} (flush interval {} ms, queue capacity {})",
                db.dir(), settings.flushInterval().toMillis(), settings.queueCapacity());
    }

    /** Opens the writer's connection and migrates the schema; the database stays open. */
    private static Connection open(H2Database db) {
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
            throw new IllegalStateException("cannot open call record database at " + db.dir()
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
    public void callEnded(String callId, String reason, Instant at) {
        enqueue(new WriteOp.Ended(Objects.requireNonNull(callId, "callId"), reason,
                Objects.requireNonNull(at, "at")));
    }

    private void enqueue(WriteOp op) {
        if (!closed && queue.offer(op)) {
            counters.queued.increment();
            return;
        }
        counters.dropped.increment();
        if (dropLog.tryAcquire()) {
            LOG.warn("Call record write dropped ({}); {} dropped so far",
                    closed ? "store closed" : "queue of " + settings.queueCapacity()
                            + " full, the database cannot keep up", counters.dropped.sum());
        }
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
        if (closed) {
            return;
        }
        WriteOp.Barrier barrier = new WriteOp.Barrier(false);
        try {
            // put() and an untimed await could wait forever if the writer is gone; wait in
            // steps and check on it.
            while (!queue.offer(barrier, 100, TimeUnit.MILLISECONDS)) {
                if (writerGone()) {
                    return;
                }
            }
            while (!barrier.await(100, TimeUnit.MILLISECONDS)) {
                if (writerGone()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @return true when the writer has ended because the store closed (which committed all it
     *     could, so there is nothing left to wait for)
     * @throws IllegalStateException when the writer died while the store is open
     */
    private boolean writerGone() {
        if (writer.isAlive()) {
            return false;
        }
        if (closed) {
            return true;
        }
        throw new IllegalStateException("call record writer thread has died");
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
        stopWriter();
        // A write that passed the closed check just before close() began may sit behind the
        // stop barrier; it will never be written, so count it as dropped.
        long stranded = queue.stream().filter(op -> !(op instanceof WriteOp.Barrier)).count();
        queue.clear();
        counters.dropped.add(stranded);
        LOG.info("Call record store closed ({} writes committed, {} dropped)",
                counters.written.sum(), counters.dropped.sum());
    }

    /** Queues the stop barrier and waits for the writer to drain, commit and end. */
    private void stopWriter() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_TIMEOUT_SECONDS);
        WriteOp.Barrier stop = new WriteOp.Barrier(true);
        try {
            boolean queued = false;
            while (writer.isAlive() && System.nanoTime() - deadline < 0) {
                if (!queued) {
                    queued = queue.offer(stop, 100, TimeUnit.MILLISECONDS);
                } else if (stop.await(100, TimeUnit.MILLISECONDS)) {
                    break;
                }
            }
            if (writer.isAlive() && !stop.await(0, TimeUnit.SECONDS)) {
                LOG.error("Call record writer did not drain within {} s; {} writes lost",
                        CLOSE_TIMEOUT_SECONDS, queue.size());
                writer.interrupt();
            }
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            writer.interrupt();
            Thread.currentThread().interrupt();
        }
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

    /** @return answers and ends for a call that had no start record */
    public long getOrphaned() {
        return counters.orphaned.sum();
    }

    /** @return transactions committed by the writer */
    public long getCommits() {
        return counters.commits.sum();
    }

    /** @return writes waiting in the queue now */
    public int getPending() {
        return queue.size();
    }
}
