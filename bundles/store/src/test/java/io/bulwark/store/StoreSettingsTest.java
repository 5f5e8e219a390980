package io.bulwark.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreSettingsTest {

    @TempDir
    Path dir;

    /** A configuration as DS would hand it over. */
    static H2CallRecordStore.Config config(String dbDir, int flushMs, int capacity) {
        return config(dbDir, flushMs, capacity, 1_000_000, 90, 10_000);
    }

    /** A configuration as DS would hand it over, with the security event keys. */
    static H2CallRecordStore.Config config(String dbDir, int flushMs, int capacity, int eventRows, int eventDays,
            int eventCapacity) {
        return new H2CallRecordStore.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return H2CallRecordStore.Config.class;
            }

            @Override
            public String database_dir() {
                return dbDir;
            }

            @Override
            public int flush_interval_ms() {
                return flushMs;
            }

            @Override
            public int queue_capacity() {
                return capacity;
            }

            @Override
            public int events_max_rows() {
                return eventRows;
            }

            @Override
            public int events_max_days() {
                return eventDays;
            }

            @Override
            public int events_queue_capacity() {
                return eventCapacity;
            }
        };
    }

    @Test
    void flushIntervalOutOfRangeIsRejectedNamingTheKey() {
        for (int bad : new int[] {-1, 0, 49, 1001, 60_000}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> StoreSettings.from(config(dir.toString(), bad, 10)));
            assertTrue(e.getMessage().contains("flush.interval.ms"), e.getMessage());
        }
    }

    @Test
    void componentConstructorRejectsBadFlushIntervalBeforeTouchingTheDisk() {
        Path db = dir.resolve("never");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new H2CallRecordStore(config(db.toString(), 5, 10)));
        assertTrue(e.getMessage().contains("flush.interval.ms"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> new H2CallRecordStore(db, Duration.ofSeconds(2), 10));
        assertTrue(e2.getMessage().contains("flush.interval.ms"), e2.getMessage());
        assertTrue(!db.toFile().exists());
    }

    @Test
    void boundsAreInclusive() {
        assertEquals(50, StoreSettings.from(config("x", 50, 1)).flushInterval().toMillis());
        assertEquals(1000, StoreSettings.from(config("x", 1000, 1)).flushInterval().toMillis());
    }

    @Test
    void badQueueCapacityIsRejectedNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StoreSettings.from(config("x", 500, 0)));
        assertTrue(e.getMessage().contains("queue.capacity"), e.getMessage());
    }

    @Test
    void securityEventKeysAreCheckedNamingTheKey() {
        String[][] cases = {
            {"999", "90", "10", "events.max.rows"},
            {"100000001", "90", "10", "events.max.rows"},
            {"1000", "0", "10", "events.max.days"},
            {"1000", "3651", "10", "events.max.days"},
            {"1000", "1", "0", "events.queue.capacity"},
            {"1000", "1", "1000001", "events.queue.capacity"},
        };
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> StoreSettings.from(config("x", 500, 1, Integer.parseInt(c[0]), Integer.parseInt(c[1]),
                            Integer.parseInt(c[2]))));
            assertTrue(e.getMessage().startsWith(c[3]), e.getMessage());
        }
        StoreSettings ok = StoreSettings.from(config("x", 500, 1, 1000, 3650, 1));
        assertEquals(1000, ok.eventsMaxRows());
        assertEquals(Duration.ofDays(3650), ok.eventsMaxAge());
        assertEquals(1, ok.eventsQueueCapacity());
    }

    @Test
    void theShippedCfgFileNamesEveryKeyWithItsDefault() throws Exception {
        Path cfg = Path.of("../../features/src/main/cfg/io.bulwark.store.cfg");
        java.util.Properties p = new java.util.Properties();
        try (java.io.Reader r = java.nio.file.Files.newBufferedReader(cfg)) {
            p.load(r);
        }
        java.util.Set<String> keys = new java.util.TreeSet<>();
        for (java.lang.reflect.Method m : H2CallRecordStore.Config.class.getDeclaredMethods()) {
            String key = m.getName().replace('_', '.');
            keys.add(key);
            assertTrue(p.containsKey(key), key + " is not in " + cfg);
            Object def = m.getDefaultValue();
            assertEquals(String.valueOf(def), p.getProperty(key), key);
        }
        assertEquals(keys, new java.util.TreeSet<>(p.stringPropertyNames()));
    }

    @Test
    void emptyDirectoryMeansKarafDataOrDotData() {
        String old = System.getProperty("karaf.data");
        try {
            System.setProperty("karaf.data", "/opt/karaf/data");
            assertEquals(Path.of("/opt/karaf/data/bulwark/db"),
                    StoreSettings.from(config("  ", 500, 1)).dbDir());
            System.clearProperty("karaf.data");
            assertEquals(Path.of("./data/bulwark/db"),
                    StoreSettings.from(config("", 500, 1)).dbDir());
        } finally {
            if (old == null) {
                System.clearProperty("karaf.data");
            } else {
                System.setProperty("karaf.data", old);
            }
        }
    }

    @Test
    void defaultsMatchTheAnnotation() throws Exception {
        assertEquals("", H2CallRecordStore.Config.class.getMethod("database_dir").getDefaultValue());
        assertEquals(500, H2CallRecordStore.Config.class.getMethod("flush_interval_ms")
                .getDefaultValue());
        assertEquals(100_000, H2CallRecordStore.Config.class.getMethod("queue_capacity")
                .getDefaultValue());
        assertEquals(StoreSettings.DEFAULT_EVENTS_MAX_ROWS, H2CallRecordStore.Config.class
                .getMethod("events_max_rows").getDefaultValue());
        assertEquals(StoreSettings.DEFAULT_EVENTS_MAX_DAYS, H2CallRecordStore.Config.class
                .getMethod("events_max_days").getDefaultValue());
        assertEquals(StoreSettings.DEFAULT_EVENTS_QUEUE_CAPACITY, H2CallRecordStore.Config.class
                .getMethod("events_queue_capacity").getDefaultValue());
        StoreSettings fromCode = new StoreSettings(Path.of("x"), Duration.ofMillis(500), 1);
        assertEquals(1_000_000, fromCode.eventsMaxRows());
        assertEquals(90, fromCode.eventsMaxDays());
    }
}
