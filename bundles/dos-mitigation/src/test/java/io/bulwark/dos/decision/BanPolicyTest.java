package io.bulwark.dos.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.api.decision.Ban;
import io.bulwark.api.decision.BanOrigin;
import io.bulwark.api.decision.DecisionStore;
import io.bulwark.api.event.EventKinds;
import io.bulwark.api.event.SecurityEvent;
import io.bulwark.api.event.Severity;
import io.bulwark.api.event.ThreatLevel;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import io.bulwark.dos.testing.FakeDecisionStore;
import io.bulwark.dos.testing.ForwardingDecisionStore;
import io.bulwark.dos.testing.ManualClock;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BanPolicyTest {

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();

    private static SecurityEvent event(String kind, String source) throws Exception {
        return new SecurityEvent(ThreatLevel.APPLICATION, kind, Severity.MEDIUM,
                source == null ? null : InetAddress.getByName(source), 5060, TransportProtocol.UDP, Zone.OUTSIDE,
                null, Instant.now(), "evidence");
    }

    @Test
    void eventsOfPolicyKindsBanTheirSource() throws Exception {
        try (JournaledDecisionStore store = new JournaledDecisionStore(
                JournaledDecisionStoreTest.settings(dir.resolve("d.log"), 100), clock, false);
                BanPolicy policy = new BanPolicy(store, DecisionSettings.parsePolicy("sip.scanner:3600,network.flood:600"),
                        100)) {
            store.allow("192.0.2.0/24", "trunk", 0, "alice");
            policy.raise(event("sip.scanner", "203.0.113.50"));
            policy.raise(event("sip.malformed", "203.0.113.51")); // not in this policy
            policy.raise(event(EventKinds.NETWORK_ENFORCEMENT_FAILED, null)); // about the appliance
            policy.raise(event("network.flood", "192.0.2.1")); // allow-listed
            await(() -> policy.bannedCount() + policy.refusedCount() == 2);
            Ban b = store.banFor(InetAddress.getByName("203.0.113.50")).orElseThrow();
            assertEquals(BanOrigin.DETECTOR, b.origin());
            assertEquals("sip.scanner", b.originName());
            assertEquals(Duration.ofHours(1), Duration.between(b.createdAt(), b.expiresAt()));
            assertTrue(b.reason().startsWith("sip.scanner: evidence"));
            assertEquals(1, store.bans().size());
            assertEquals(2, policy.ignoredCount());
            assertEquals(1, policy.refusedCount());
        }
    }

    @Test
    void aFullQueueDropsRatherThanBlocks() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BanPolicy policy = new BanPolicy(new BlockingStore(new FakeDecisionStore(), release), Map.of("network.flood", Duration.ofMinutes(1)), 2);
        try {
            long t0 = System.nanoTime();
            for (int i = 1; i <= 50; i++) {
                policy.raise(event("network.flood", "203.0.113." + i));
            }
            assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "raise never waits");
            assertTrue(policy.droppedCount() >= 47, "dropped: " + policy.droppedCount());
        } finally {
            release.countDown();
            policy.close();
        }
    }

    @Test
    void policiesAreParsedStrictly() {
        assertEquals(Map.of("network.flood", Duration.ofSeconds(600), "sip.malformed", Duration.ofSeconds(300)),
                DecisionSettings.parsePolicy(" network.flood:600 , sip.malformed:300"));
        assertTrue(DecisionSettings.parsePolicy("").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> DecisionSettings.parsePolicy("network.flood"));
        assertThrows(IllegalArgumentException.class, () -> DecisionSettings.parsePolicy("flood:10"));
        assertThrows(IllegalArgumentException.class, () -> DecisionSettings.parsePolicy("network.flood:0"));
        assertThrows(IllegalArgumentException.class, () -> DecisionSettings.parsePolicy("network.flood:ten"));
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(5);
        }
    }

    /** A store whose ban() waits until released: the policy's worker is stuck, its queue fills. */
    private static final class BlockingStore extends ForwardingDecisionStore {
        private final CountDownLatch release;

        BlockingStore(DecisionStore inner, CountDownLatch release) {
            super(inner);
            this.release = release;
        }

        @Override
        public Ban ban(String cidr, Duration ttl, BanOrigin origin, String originName, String reason) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return super.ban(cidr, ttl, origin, originName, reason);
        }
    }
}
