package io.bulwark.store;

import io.bulwark.api.event.SecurityEvent;
import io.bulwark.api.event.SecurityEventSink;
import io.bulwark.api.store.SecurityEventPage;
import io.bulwark.api.store.SecurityEventQuery;
import io.bulwark.api.store.SecurityEventStore;
import io.bulwark.api.store.StoredSecurityEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SecurityEventStore} on the store's H2 database, and a {@link SecurityEventSink}: every
 * event any detector raises is stored here. Same configuration as the call records
 * ({@value H2CallRecordStore#PID}).
 *
 * <p>{@link #raise} never blocks a detector: the event goes into a bounded queue ({@code
 * events.queue.capacity}) and, when that is full, is dropped and counted (see {@link
 * #getDropped()}). One writer thread ({@link BatchWriter}, as for call records) inserts the events
 * in batches at least every flush interval. Stopping the component drains the queue first, so a
 * clean stop loses nothing.
 *
 * <p>Retention: a prune every {@link #PRUNE_INTERVAL} deletes the events older than {@code
 * events.max.days}, then the earliest stored ones beyond {@code events.max.rows}, in slices of
 * {@value SecurityEventSql#DELETE_SLICE} rows so the writer is never held up for long. Between two
 * prunes the table may grow past the row cap by what arrives meanwhile.
 */
@Component(service = {SecurityEventStore.class, SecurityEventSink.class}, immediate = true,
        configurationPid = H2CallRecordStore.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class H2SecurityEventStore implements SecurityEventStore, SecurityEventSink, AutoCloseable {

    /** How often the retention prune runs. */
    static final Duration PRUNE_INTERVAL = Duration.ofMinutes(5);
    /** Delay of the first prune after start, so a start is not slowed down by a large prune. */
    static final Duration FIRST_PRUNE = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(H2SecurityEventStore.class);

    private final StoreSettings settings;
    private final Clock clock;
    private final H2Database db;
    private final WriteQueue writes;
    private final StoreCounters counters;
    private final LongAdder pruned = new LongAdder();
    private final LogThrottle pruneFailureLog = new LogThrottle(Duration.ofMinutes(10));
    private final ScheduledExecutorService pruner;
    /** Queries and prunes hold the read side; close() takes the write side. */
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private volatile boolean closed;
    /** Set first thing in close(): a running prune stops after its current slice. */
    private volatile boolean closing;

    /**
     * DS entry point.
     *
     * @param config the store configuration
     * @throws IllegalArgumentException naming the key of a bad value
     */
    @Activate
    public H2SecurityEventStore(H2CallRecordStore.Config config) {
        this(StoreSettings.from(config), Clock.systemUTC(), FIRST_PRUNE, PRUNE_INTERVAL);
    }

    /**
     * Opens the store without a framework (tests, tools). No periodic prune runs: call
     * {@link #prune()}.
     *
     * @param dbDir the database directory, created if missing
     * @param flushInterval longest time an event stays uncommitted, 50 ms to 1 s
     * @param queueCapacity events that may wait before new ones are dropped
     * @param maxRows the most events kept ({@code events.max.rows})
     * @param maxDays the most days an event is kept ({@code events.max.days})
     * @throws IllegalArgumentException naming the key of a bad value
     */
    public H2SecurityEventStore(Path dbDir, Duration flushInterval, int queueCapacity, int maxRows, int maxDays) {
        this(new StoreSettings(dbDir, flushInterval, queueCapacity, maxRows, maxDays, queueCapacity),
                Clock.systemUTC(), null, null);
    }

    /**
     * @param settings the validated settings
     * @param clock tells the age of events
     * @param firstPrune delay of the first prune, or null for no periodic prune
     * @param pruneEvery period of the prune, or null for no periodic prune
     */
    H2SecurityEventStore(StoreSettings settings, Clock clock, Duration firstPrune, Duration pruneEvery) {
        this.settings = settings;
        this.clock = clock;
        this.db = new H2Database(settings.dbDir());
        Connection connection = H2CallRecordStore.open(db, "security event");
        this.writes = new WriteQueue(db, connection, new SecurityEventStatements(), settings.flushInterval(),
                settings.eventsQueueCapacity(), "bulwark-store-event-writer");
        this.counters = writes.counters();
        if (firstPrune != null && pruneEvery != null) {
            pruner = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "bulwark-store-event-prune");
                t.setDaemon(true);
                return t;
            });
            pruner.scheduleWithFixedDelay(this::scheduledPrune, firstPrune.toMillis(), pruneEvery.toMillis(),
                    TimeUnit.MILLISECONDS);
        } else {
            pruner = null;
        }
        LOG.info("Security event store open at {} (keeps {} events for {} days, queue capacity {})", db.dir(),
                settings.eventsMaxRows(), settings.eventsMaxDays(), settings.eventsQueueCapacity());
    }

    @Override
    public void raise(SecurityEvent event) {
        if (event != null) {
            writes.offer(new WriteOp.Event(event));
        }
    }

    @Override
    public SecurityEventPage page(SecurityEventQuery query) {
        Objects.requireNonNull(query, "query");
        int limit = query.limit();
        // One extra row tells whether another page follows without a second query.
        List<StoredSecurityEvent> rows = query(c -> SecurityEventSql.page(c, query, limit + 1));
        if (rows.size() <= limit) {
            return new SecurityEventPage(rows, null);
        }
        List<StoredSecurityEvent> items = rows.subList(0, limit);
        return new SecurityEventPage(items, items.get(limit - 1).cursor());
    }

    @Override
    public Optional<StoredSecurityEvent> find(long id) {
        if (id <= 0) {
            return Optional.empty();
        }
        return Optional.ofNullable(query(c -> SecurityEventSql.find(c, id)));
    }

    @Override
    public long count(SecurityEventQuery query) {
        Objects.requireNonNull(query, "query");
        return query(c -> SecurityEventSql.count(c, query));
    }

    /** @return how many events are stored */
    public long count() {
        return query(SecurityEventSql::countAll);
    }

    /** Blocks until every event raised so far is committed (for tests and tools). */
    public void flush() {
        writes.flush();
    }

    /**
     * Applies the retention now: deletes the events older than {@code events.max.days}, then the
     * earliest stored ones beyond {@code events.max.rows}.
     *
     * @return how many events were deleted
     * @throws IllegalStateException when the store is closed or the database fails
     */
    public long prune() {
        Instant cutoff = clock.instant().minus(settings.eventsMaxAge());
        long deleted = query(c -> {
            c.setAutoCommit(false);
            try {
                long byAge = SecurityEventSql.deleteOlderThan(c, cutoff, () -> closing);
                return closing ? byAge : byAge + SecurityEventSql.deleteBeyond(c, settings.eventsMaxRows(),
                        () -> closing);
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        });
        pruned.add(deleted);
        if (deleted > 0) {
            LOG.info("Security event retention deleted {} events (older than {} days or beyond {} rows)",
                    deleted, settings.eventsMaxDays(), settings.eventsMaxRows());
        }
        return deleted;
    }

    private void scheduledPrune() {
        try {
            prune();
        } catch (RuntimeException e) {
            // Thrown out of here, the task would never run again.
            if (!closed && pruneFailureLog.tryAcquire()) {
                LOG.warn("Security event retention failed; retrying in {} min", PRUNE_INTERVAL.toMinutes(), e);
            }
        }
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
                throw new IllegalStateException("security event store is closed");
            }
            try (Connection c = db.connect()) {
                return q.run(c);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("security event query failed: " + e.getMessage(), e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** DS deactivation: see {@link #close()}. */
    @Deactivate
    void deactivate() {
        close();
    }

    /**
     * Stops the prune, drains the queue, commits, stops the writer and closes the database. Later
     * events are dropped and later queries fail. Calling it again does nothing.
     */
    @Override
    public void close() {
        closing = true;
        if (pruner != null) {
            // No interrupt: an interrupted H2 file operation can close the database file under
            // the other components. A running prune finishes; close() then waits for it below.
            pruner.shutdown();
        }
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
        LOG.info("Security event store closed ({} events stored, {} dropped)", counters.written.sum(),
                counters.dropped.sum());
    }

    /** @return events accepted into the queue since start */
    public long getQueued() {
        return counters.queued.sum();
    }

    /** @return events committed to the database since start */
    public long getWritten() {
        return counters.written.sum();
    }

    /** @return events dropped because the queue was full or the store closed */
    public long getDropped() {
        return counters.dropped.sum();
    }

    /** @return events the database rejected (logged, rate-limited) */
    public long getFailed() {
        return counters.failed.sum();
    }

    /** @return events waiting in the queue now */
    public int getPending() {
        return writes.pending();
    }

    /** @return events deleted by the retention since start */
    public long getPruned() {
        return pruned.sum();
    }
}
