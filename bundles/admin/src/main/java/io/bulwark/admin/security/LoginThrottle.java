package io.bulwark.admin.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Limits login and setup attempts per client address: at most {@code perWindow} failures in a
 * sliding window. It complements the per-account lockout, which alone would let one client try
 * one password on every account. The table is bounded (least recently used addresses go first).
 */
public final class LoginThrottle {

    private static final int MAX_SOURCES = 10_000;

    private final Clock clock;
    private final int perWindow;
    private final Duration window;
    private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
            return size() > MAX_SOURCES;
        }
    };

    /**
     * @param clock the time source
     * @param perWindow failures allowed per window
     * @param window the sliding window
     */
    public LoginThrottle(Clock clock, int perWindow, Duration window) {
        this.clock = clock;
        this.perWindow = perWindow;
        this.window = window;
    }

    /**
     * @param source a client address
     * @return zero when the source may try now, else the seconds until it may
     */
    public synchronized long retryAfterSeconds(String source) {
        Deque<Instant> q = failures.get(source);
        if (q == null) {
            return 0;
        }
        Instant now = clock.instant();
        prune(q, now);
        if (q.size() < perWindow) {
            return 0;
        }
        return Math.max(1, Duration.between(now, q.peekFirst().plus(window)).toSeconds() + 1);
    }

    /** @param source a client address whose attempt failed */
    public synchronized void failed(String source) {
        Deque<Instant> q = failures.computeIfAbsent(source, k -> new ArrayDeque<>());
        Instant now = clock.instant();
        prune(q, now);
        q.addLast(now);
        while (q.size() > perWindow) {
            q.removeFirst();
        }
    }

    private void prune(Deque<Instant> q, Instant now) {
        while (!q.isEmpty() && !q.peekFirst().plus(window).isAfter(now)) {
            q.removeFirst();
        }
    }
}
