package io.bulwark.dos.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.api.decision.BanOrigin;
import io.bulwark.api.decision.EnforcementHealth;
import io.bulwark.api.event.EventKinds;
import io.bulwark.api.event.SecurityEvent;
import io.bulwark.api.event.ThreatLevel;
import io.bulwark.dos.testing.Configs;
import io.bulwark.dos.testing.FakeDecisionStore;
import io.bulwark.dos.testing.RecordingSink;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Without a working nft: health says so, the failure is raised once, and nothing throws. */
@Timeout(60)
class NftablesEnforcerFailureTest {

    @Test
    void aMissingNftIsReportedAsDegraded() throws Exception {
        FakeDecisionStore store = new FakeDecisionStore();
        RecordingSink sink = new RecordingSink();
        NftablesEnforcer enforcer = new NftablesEnforcer(store, Configs.of(NftablesEnforcer.Config.class,
                "nft_path", "/nonexistent/bulwark-nft", "retry_seconds", 1), Clock.systemUTC());
        enforcer.addSink(sink);
        store.addListener(enforcer);
        try {
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (enforcer.enforcementHealth().state() != EnforcementHealth.State.DEGRADED) {
                assertTrue(System.nanoTime() < deadline, "never degraded");
                Thread.sleep(10);
            }
            store.ban("203.0.113.1", Duration.ofMinutes(1), BanOrigin.ADMIN, "alice", "x"); // must not throw
            Thread.sleep(1500); // a retry or two, still failing
            EnforcementHealth h = enforcer.enforcementHealth();
            assertEquals(EnforcementHealth.State.DEGRADED, h.state());
            assertTrue(h.detail().contains("cannot run"), h.detail());
            assertTrue(h.detail().contains("user space"), h.detail());
            assertNull(h.lastSync());
            assertEquals(1, sink.events.size(), "raised once per failure, not per retry");
            SecurityEvent e = sink.events.get(0);
            assertEquals(EventKinds.NETWORK_ENFORCEMENT_FAILED, e.kind());
            assertEquals(ThreatLevel.NETWORK, e.level());
            assertNull(e.source());
            assertTrue(e.evidence().contains("/nonexistent/bulwark-nft"), e.evidence());
        } finally {
            enforcer.close();
        }
    }

    @Test
    void disabledEnforcementSaysSo() {
        NftablesEnforcer enforcer = new NftablesEnforcer(new FakeDecisionStore(),
                Configs.of(NftablesEnforcer.Config.class, "enabled", false), Clock.systemUTC());
        assertEquals(EnforcementHealth.State.DEGRADED, enforcer.enforcementHealth().state());
        assertTrue(enforcer.enforcementHealth().detail().contains("disabled"));
        enforcer.close();
    }
}
