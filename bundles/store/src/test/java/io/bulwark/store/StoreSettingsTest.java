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
    }
}
