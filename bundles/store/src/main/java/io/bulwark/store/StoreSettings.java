package io.bulwark.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The validated settings of the store. Every constructor of the store's components goes through
 * here, so a bad value fails the same way from configuration and from code: with an {@link
 * IllegalArgumentException} that names the configuration key.
 *
 * @param dbDir the directory holding the database file
 * @param flushInterval the longest a write waits in memory before it is committed
 * @param queueCapacity how many call record writes may wait before new ones are dropped
 * @param eventsMaxRows the most security events kept
 * @param eventsMaxDays the most days a security event is kept
 * @param eventsQueueCapacity how many security events may wait before new ones are dropped
 */
record StoreSettings(Path dbDir, Duration flushInterval, int queueCapacity, int eventsMaxRows,
        int eventsMaxDays, int eventsQueueCapacity) {

    /** Lower bound: below this, commits get so frequent that batching stops paying. */
    static final long MIN_FLUSH_MS = 50;
    /** Upper bound: the contract promises a crash loses at most about one second. */
    static final long MAX_FLUSH_MS = 1000;
    /** Upper bound on the queue, so a typo cannot reserve gigabytes of heap for writes. */
    static final int MAX_QUEUE_CAPACITY = 10_000_000;
    /** Default of {@code events.max.rows}. */
    static final int DEFAULT_EVENTS_MAX_ROWS = 1_000_000;
    /** Bounds of {@code events.max.rows}. */
    static final int MIN_EVENTS_MAX_ROWS = 1_000;
    static final int MAX_EVENTS_MAX_ROWS = 100_000_000;
    /** Default of {@code events.max.days}. */
    static final int DEFAULT_EVENTS_MAX_DAYS = 90;
    /** Upper bound of {@code events.max.days}: ten years. */
    static final int MAX_EVENTS_MAX_DAYS = 3650;
    /** Default of {@code events.queue.capacity}. */
    static final int DEFAULT_EVENTS_QUEUE_CAPACITY = 10_000;
    /** Upper bound of {@code events.queue.capacity}: an event can be over 1 KiB. */
    static final int MAX_EVENTS_QUEUE_CAPACITY = 1_000_000;

    /** Validates every field. */
    StoreSettings {
        Objects.requireNonNull(dbDir, "database.dir");
        Objects.requireNonNull(flushInterval, "flush.interval.ms");
        long ms = flushInterval.toMillis();
        if (flushInterval.isNegative() || ms < MIN_FLUSH_MS || ms > MAX_FLUSH_MS) {
            throw new IllegalArgumentException("flush.interval.ms must be between " + MIN_FLUSH_MS
                    + " and " + MAX_FLUSH_MS + ", got " + ms);
        }
        if (queueCapacity < 1 || queueCapacity > MAX_QUEUE_CAPACITY) {
            throw new IllegalArgumentException("queue.capacity must be between 1 and "
                    + MAX_QUEUE_CAPACITY + ", got " + queueCapacity);
        }
        if (eventsMaxRows < MIN_EVENTS_MAX_ROWS || eventsMaxRows > MAX_EVENTS_MAX_ROWS) {
            throw new IllegalArgumentException("events.max.rows must be between " + MIN_EVENTS_MAX_ROWS
                    + " and " + MAX_EVENTS_MAX_ROWS + ", got " + eventsMaxRows);
        }
        if (eventsMaxDays < 1 || eventsMaxDays > MAX_EVENTS_MAX_DAYS) {
            throw new IllegalArgumentException("events.max.days must be between 1 and "
                    + MAX_EVENTS_MAX_DAYS + ", got " + eventsMaxDays);
        }
        if (eventsQueueCapacity < 1 || eventsQueueCapacity > MAX_EVENTS_QUEUE_CAPACITY) {
            throw new IllegalArgumentException("events.queue.capacity must be between 1 and "
                    + MAX_EVENTS_QUEUE_CAPACITY + ", got " + eventsQueueCapacity);
        }
        if (dbDir.toString().indexOf(';') >= 0) {
            // ';' separates settings in an H2 URL; such a path would be misread as one.
            throw new IllegalArgumentException("database.dir must not contain ';': " + dbDir);
        }
    }

    /**
     * Settings with the default retention and event queue.
     *
     * @param dbDir the directory holding the database file
     * @param flushInterval the longest a write waits in memory before it is committed
     * @param queueCapacity how many call record writes may wait before new ones are dropped
     */
    StoreSettings(Path dbDir, Duration flushInterval, int queueCapacity) {
        this(dbDir, flushInterval, queueCapacity, DEFAULT_EVENTS_MAX_ROWS, DEFAULT_EVENTS_MAX_DAYS,
                DEFAULT_EVENTS_QUEUE_CAPACITY);
    }

    /** @return how long a security event is kept */
    Duration eventsMaxAge() {
        return Duration.ofDays(eventsMaxDays);
    }

    /**
     * @param config the component configuration
     * @return the settings it describes
     * @throws IllegalArgumentException naming the key of a bad value
     */
    static StoreSettings from(H2CallRecordStore.Config config) {
        String dir = config.database_dir() == null ? "" : config.database_dir().trim();
        return new StoreSettings(dir.isEmpty() ? defaultDir() : Path.of(dir),
                Duration.ofMillis(config.flush_interval_ms()), config.queue_capacity(),
                config.events_max_rows(), config.events_max_days(), config.events_queue_capacity());
    }

    /**
     * @return {@code ${karaf.data}/bulwark/db}, or {@code ./data/bulwark/db} outside Karaf
     */
    static Path defaultDir() {
        String base = System.getProperty("karaf.data");
        if (base == null || base.isBlank()) {
            base = "./data";
        }
        return Path.of(base, "bulwark", "db");
    }
}
