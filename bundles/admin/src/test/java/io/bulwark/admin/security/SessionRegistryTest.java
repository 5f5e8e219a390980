package io.bulwark.admin.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionRegistryTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T08:00:00Z"));
    private final SessionRegistry reg = new SessionRegistry(clock, Duration.ofMinutes(30), Duration.ofHours(12), 3);

    @Test
    void idleSessionsExpireAndUseKeepsThemAlive() {
        AdminSession s = reg.create("alice", Role.ADMIN);
        assertNotEquals(s.id(), s.csrfToken());
        clock.advance(Duration.ofMinutes(29));
        assertTrue(reg.find(s.id()).isPresent());
        clock.advance(Duration.ofMinutes(29));
        assertTrue(reg.find(s.id()).isPresent(), "touched 29 minutes ago");
        clock.advance(Duration.ofMinutes(31));
        assertTrue(reg.find(s.id()).isEmpty());
    }

    @Test
    void lifetimeEndsEvenABusySession() {
        AdminSession s = reg.create("alice", Role.ADMIN);
        for (int i = 0; i < 26; i++) {
            clock.advance(Duration.ofMinutes(29));
            reg.find(s.id());
        }
        assertTrue(reg.find(s.id()).isEmpty());
    }

    @Test
    void capDropsTheLeastRecentlyUsedAndLogoutsEndSessions() {
        AdminSession a = reg.create("a", Role.ADMIN);
        clock.advance(Duration.ofSeconds(1));
        AdminSession b = reg.create("b", Role.OPERATOR);
        clock.advance(Duration.ofSeconds(1));
        AdminSession c = reg.create("b", Role.OPERATOR);
        clock.advance(Duration.ofSeconds(1));
        reg.find(a.id());
        reg.create("d", Role.AUDITOR);
        assertEquals(3, reg.size());
        assertTrue(reg.find(b.id()).isEmpty(), "b was the least recently used");
        reg.removeAllOf("b");
        assertTrue(reg.find(c.id()).isEmpty());
        reg.remove(a.id());
        assertTrue(reg.find(a.id()).isEmpty());
        assertTrue(reg.find(null).isEmpty());
    }
}
