package io.bulwark.admin.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    @Test
    void slidingWindowPerSource() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T08:00:00Z"));
        LoginThrottle t = new LoginThrottle(clock, 3, Duration.ofMinutes(1));
        for (int i = 0; i < 3; i++) {
            assertEquals(0, t.retryAfterSeconds("10.0.0.1"));
            t.failed("10.0.0.1");
            clock.advance(Duration.ofSeconds(10));
        }
        long wait = t.retryAfterSeconds("10.0.0.1");
        assertTrue(wait > 0 && wait <= 31, "first failure leaves the window in ~30 s, got " + wait);
        assertEquals(0, t.retryAfterSeconds("10.0.0.2"), "other sources are not affected");
        clock.advance(Duration.ofSeconds(wait));
        assertEquals(0, t.retryAfterSeconds("10.0.0.1"));
    }
}
