package io.bulwark.dos.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.api.decision.Ban;
import io.bulwark.api.decision.BanOrigin;
import io.bulwark.api.decision.BanRefusedException;
import io.bulwark.dos.testing.ManualClock;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournaledDecisionStoreTest {

    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();
    private final RecordingListener listener = new RecordingListener();
    private JournaledDecisionStore store;

    static DecisionSettings settings(Path journal, int maxBans) {
        return new DecisionSettings(journal, false, Duration.ofHours(2), Duration.ofHours(24), 2, maxBans,
                Duration.ofSeconds(1), Map.of("network.flood", TEN_MINUTES), 100);
    }

    private JournaledDecisionStore open(int maxBans) {
        store = new JournaledDecisionStore(settings(dir.resolve("decisions.log"), maxBans), clock, false);
        store.addListener(listener);
        return store;
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private Ban detect(String cidr) {
        return store.ban(cidr, TEN_MINUTES, BanOrigin.DETECTOR, "network.flood", "flood");
    }

    @Test
    void banCoversItsScopeUntilItExpires() throws Exception {
        open(100);
        Ban b = store.ban("198.51.100.0/24", Duration.ofMinutes(5), BanOrigin.ADMIN, "alice", "scanner network");
        assertEquals("198.51.100.0/24", b.cidr());
        assertEquals(b, store.banFor(InetAddress.getByName("198.51.100.77")).orElseThrow());
        assertTrue(store.banFor(InetAddress.getByName("198.51.101.1")).isEmpty());
        clock.advance(Duration.ofMinutes(5));
        assertTrue(store.bans().isEmpty(), "expired bans are not listed even before the sweep");
        store.sweep();
        assertEquals(List.of("added 198.51.100.0/24", "expired 198.51.100.0/24"), listener.calls);
    }

    @Test
    void repeatOffencesDoubleTheBanUpToTheMaximum() {
        open(100);
        Duration[] expected = {Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(40),
            Duration.ofMinutes(80), Duration.ofHours(2), Duration.ofHours(2)};
        for (int i = 0; i < expected.length; i++) {
            Ban b = detect("203.0.113.5");
            assertEquals(i + 1, b.offenceCount());
            assertEquals(expected[i], Duration.between(b.createdAt(), b.expiresAt()), "offence " + (i + 1));
            clock.advance(Duration.between(b.createdAt(), b.expiresAt()).plusSeconds(1));
            store.sweep();
        }
    }

    @Test
    void offenceMemoryFades() {
        open(100);
        detect("203.0.113.5");
        clock.advance(Duration.ofMinutes(11));
        assertEquals(2, detect("203.0.113.5").offenceCount());
        clock.advance(Duration.ofHours(25)); // past the 24 h memory
        store.sweep();
        Ban b = detect("203.0.113.5");
        assertEquals(1, b.offenceCount());
        assertEquals(TEN_MINUTES, Duration.between(b.createdAt(), b.expiresAt()));
    }

    @Test
    void aDetectorReportingAgainDuringItsBanChangesNothing() {
        open(100);
        Ban first = detect("203.0.113.5");
        clock.advance(Duration.ofMinutes(1));
        assertSame(first, detect("203.0.113.5"));
        assertEquals(1, listener.calls.size());
    }

    @Test
    void adminBansAreNotEscalatedAndReplaceDetectorBans() {
        open(100);
        detect("203.0.113.5");
        Ban admin = store.ban("203.0.113.5", Duration.ofDays(30), BanOrigin.ADMIN, "alice", "known abuser");
        assertEquals(1, admin.offenceCount());
        assertEquals(Duration.ofDays(30), Duration.between(admin.createdAt(), admin.expiresAt()), "not capped");
        assertEquals(BanOrigin.ADMIN, store.bans().get(0).origin());
        assertEquals(1, store.bans().size());
    }

    @Test
    void unbanLiftsOnlyTheExactScope() {
        open(100);
        store.ban("198.51.100.0/24", TEN_MINUTES, BanOrigin.ADMIN, "alice", "x");
        assertFalse(store.unban("198.51.100.7", "bob"));
        assertTrue(store.unban("198.51.100.0/24", "bob"));
        assertFalse(store.unban("198.51.100.0/24", "bob"));
        assertEquals(List.of("added 198.51.100.0/24", "removed 198.51.100.0/24 by bob"), listener.calls);
        assertThrows(IllegalArgumentException.class, () -> store.unban("not-an-address", "bob"));
    }

    @Test
    void allowListedSourcesAreNeverBanned() throws Exception {
        open(100);
        detect("192.0.2.9");
        store.ban("192.0.2.0/24", TEN_MINUTES, BanOrigin.CLOUD, "crowdsec", "x");
        store.allow("192.0.2.8/29", "carrier trunk", 2000, "alice");
        assertTrue(store.bans().isEmpty(), "overlapping bans are lifted");
        assertTrue(listener.calls.contains("removed 192.0.2.9/32 by allow-list:alice"));
        assertTrue(listener.calls.contains("removed 192.0.2.0/24 by allow-list:alice"));
        BanRefusedException e = assertThrows(BanRefusedException.class, () -> detect("192.0.2.10"));
        assertEquals(BanRefusedException.Reason.ALLOW_LISTED, e.reason());
        assertThrows(BanRefusedException.class,
                () -> store.ban("192.0.0.0/16", TEN_MINUTES, BanOrigin.ADMIN, "alice", "x"));
        assertEquals("carrier trunk", store.allowListEntryFor(InetAddress.getByName("192.0.2.12")).orElseThrow().label());
        detect("192.0.2.100"); // outside the entry
        assertTrue(store.removeAllowed("192.0.2.8/29", "alice"));
        assertFalse(store.removeAllowed("192.0.2.8/29", "alice"));
        detect("192.0.2.10");
        assertEquals(2, store.bans().size());
    }

    @Test
    void aFullStoreRefusesDetectorsButNotAdmins() {
        open(2);
        detect("203.0.113.1");
        detect("203.0.113.2");
        BanRefusedException e = assertThrows(BanRefusedException.class, () -> detect("203.0.113.3"));
        assertEquals(BanRefusedException.Reason.STORE_FULL, e.reason());
        store.ban("203.0.113.3", TEN_MINUTES, BanOrigin.ADMIN, "alice", "by hand");
        assertEquals(3, store.bans().size());
    }

    @Test
    void everythingSurvivesARestart() throws Exception {
        open(100);
        detect("203.0.113.5");
        clock.advance(Duration.ofMinutes(11));
        store.sweep();
        store.ban("2001:db8:bad::/48", Duration.ofHours(1), BanOrigin.ADMIN, "alice", "tab\tand\nnewline");
        store.allow("192.0.2.0/24", "trunk", 0, "alice");
        store.ban("198.51.100.1", TEN_MINUTES, BanOrigin.ADMIN, "alice", "x");
        store.unban("198.51.100.1", "alice");
        List<Ban> before = store.bans();
        store.close();
        open(100);
        assertEquals(before, store.bans());
        assertEquals("tab\tand\nnewline", store.bans().get(0).reason());
        assertEquals(1, store.allowList().size());
        assertEquals(2, detect("203.0.113.5").offenceCount(), "escalation remembers the earlier offence");
    }

    @Test
    void listenersHearChangesInOrder() {
        open(100);
        detect("203.0.113.1");
        store.allow("192.0.2.1", "pbx", 0, "alice");
        store.unban("203.0.113.1", "bob");
        store.removeAllowed("192.0.2.1", "alice");
        assertEquals(List.of("added 203.0.113.1/32", "allow-list 1", "removed 203.0.113.1/32 by bob", "allow-list 0"),
                listener.calls);
    }

    @Test
    void badArgumentsAreRefused() {
        open(100);
        assertThrows(IllegalArgumentException.class, () -> store.ban("203.0.113.1", Duration.ZERO, BanOrigin.ADMIN, "a", "b"));
        assertThrows(IllegalArgumentException.class, () -> store.ban("example.com", TEN_MINUTES, BanOrigin.ADMIN, "a", "b"));
        assertThrows(IllegalArgumentException.class, () -> store.ban("10.0.0.0/33", TEN_MINUTES, BanOrigin.ADMIN, "a", "b"));
        assertThrows(IllegalArgumentException.class, () -> store.allow("10.0.0.1", "x", -1, "a"));
    }

    @Test
    void configuredAllowListEntriesAreAddedOnceAndNeverBanned() {
        open(100);
        store.allowConfigured(new String[] {"127.0.0.0/8 loopback", " 203.0.113.0/24  trunk provider ", ""});
        store.allowConfigured(new String[] {"127.0.0.0/8 loopback"});
        org.junit.jupiter.api.Assertions.assertEquals(2, store.allowList().size());
        org.junit.jupiter.api.Assertions.assertEquals("trunk provider",
                store.allowListEntryFor(java.net.InetAddress.getLoopbackAddress()).isPresent()
                        ? store.allowList().get(1).label() : "");
        org.junit.jupiter.api.Assertions.assertThrows(io.bulwark.api.decision.BanRefusedException.class,
                () -> store.ban("127.0.0.1", java.time.Duration.ofMinutes(5), io.bulwark.api.decision.BanOrigin.DETECTOR,
                        "test", "flood"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> store.allowConfigured(new String[] {"not-an-address label"}));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("static.allow"), e.getMessage());
    }
}
