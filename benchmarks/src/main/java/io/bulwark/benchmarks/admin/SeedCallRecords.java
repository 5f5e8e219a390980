package io.bulwark.benchmarks.admin;

import io.bulwark.store.H2CallRecordStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Fills a distribution's database with call records before it starts, through the store itself
 * (same schema and write path as calls take): {@code SeedCallRecords <db dir> <count>}.
 */
public final class SeedCallRecords {

    private SeedCallRecords() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        Instant t0 = Instant.now().minus(Duration.ofDays(30));
        long begin = System.nanoTime();
        H2CallRecordStore store = new H2CallRecordStore(dir, Duration.ofMillis(500), 1_000_000);
        try {
            for (int i = 0; i < count; i++) {
                Instant at = t0.plusMillis(i * 25L);
                String id = "bench-" + i + "@trunk.example";
                store.callStarted(id, i % 3 == 0 ? "outbound" : "inbound", "sip:+4930" + (1_000_000 + i % 5000)
                        + "@trunk.example", "sip:" + (100 + i % 400) + "@pbx.example", "UDP", "TCP", at);
                store.callAnswered(id, at.plusSeconds(2));
                store.callEnded(id, i % 10 == 0 ? "cancel" : "bye-caller", at.plusSeconds(60));
            }
            store.flush();
            System.out.printf("seeded %d call records (%d stored) in %d ms%n", count, store.count(),
                    (System.nanoTime() - begin) / 1_000_000);
        } finally {
            store.close();
        }
    }
}
