package io.bulwark.dos.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GcraTableTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void burstThenSustainedRate() {
        GcraTable t = new GcraTable(1024);
        RateLimit limit = RateLimit.perSecond(10, 5); // 10/s, 5 at once
        long now = 123_456_789L;
        int slot = t.findOrClaim(0, 42, now);
        for (int i = 0; i < 5; i++) {
            assertTrue(t.tryAcquire(slot, now, limit), "burst packet " + i);
        }
        assertFalse(t.tryAcquire(slot, now, limit), "sixth packet at once");
        now += SECOND / 10; // one interval: one more token
        assertTrue(t.tryAcquire(slot, now, limit));
        assertFalse(t.tryAcquire(slot, now, limit));
        now += 10 * SECOND; // idle: the bucket refills to the burst, no further
        for (int i = 0; i < 5; i++) {
            assertTrue(t.tryAcquire(slot, now, limit));
        }
        assertFalse(t.tryAcquire(slot, now, limit));
    }

    @Test
    void aKeySeenOnceIsForgottenAfterOneInterval() {
        GcraTable t = new GcraTable(64);
        RateLimit limit = RateLimit.perSecond(1000, 1);
        long now = 0;
        // fill every slot with distinct keys that each sent one packet
        int claimed = 0;
        for (long k = 1; k <= 64 * 4; k++) {
            int s = t.findOrClaim(7, k, now);
            if (s >= 0) {
                t.tryAcquire(s, now, limit);
                claimed++;
            }
        }
        assertTrue(claimed <= 64 * 4);
        // one interval later every entry is a full bucket again, so new keys find room
        now += limit.intervalNanos();
        for (long k = 1_000; k < 1_064; k++) {
            assertTrue(t.findOrClaim(9, k, now) >= 0, "reclaimable slot for key " + k);
        }
        assertEquals(64, t.slots());
    }

    @Test
    void activeKeysAreNeverEvicted() {
        GcraTable t = new GcraTable(64);
        RateLimit limit = RateLimit.perSecond(1, 1);
        long now = 0;
        int noSlot = 0;
        for (long k = 1; k <= 1000; k++) {
            int s = t.findOrClaim(0, k, now);
            if (s < 0) {
                noSlot++;
            } else {
                assertTrue(t.tryAcquire(s, now, limit)); // each key now owes a second
            }
        }
        assertEquals(64, t.occupiedSlots());
        assertEquals(1000 - 64, noSlot, "keys beyond the table get no slot and go to the overflow bucket");
    }

    @Test
    void sizesAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new GcraTable(100));
        assertThrows(IllegalArgumentException.class, () -> new GcraTable(32));
        assertThrows(IllegalArgumentException.class, () -> RateLimit.perSecond(0, 1));
        assertThrows(IllegalArgumentException.class, () -> RateLimit.perSecond(1, 0));
        assertEquals(64L * 24, new GcraTable(64).memoryBytes());
    }

    @Test
    void sharedBucketsCountEveryThread() throws Exception {
        long now = 5;
        SharedBuckets b = new SharedBuckets(1, now);
        RateLimit limit = RateLimit.perSecond(1, 10_000);
        int[] admitted = new int[4];
        Thread[] threads = new Thread[4];
        for (int i = 0; i < 4; i++) {
            int me = i;
            threads[i] = new Thread(() -> {
                for (int n = 0; n < 10_000; n++) {
                    if (b.tryAcquire(0, now, limit)) {
                        admitted[me]++;
                    }
                }
            });
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(10_000, admitted[0] + admitted[1] + admitted[2] + admitted[3], "exactly the burst, no lost update");
    }
}
