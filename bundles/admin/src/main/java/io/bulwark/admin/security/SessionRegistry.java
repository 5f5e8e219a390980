package io.bulwark.admin.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions, in memory: a restart logs everybody out, which is what an appliance
 * should do. Sessions end after an idle time and after an absolute lifetime; the number of
 * sessions is capped so that logins in a loop cannot fill the heap (the oldest is dropped).
 */
public final class SessionRegistry {

    private final Map<String, AdminSession> sessions = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration idle;
    private final Duration lifetime;
    private final int max;

    /**
     * @param clock the time source
     * @param idle how long an unused session lives
     * @param lifetime how long any session lives
     * @param max the most sessions at once
     */
    public SessionRegistry(Clock clock, Duration idle, Duration lifetime, int max) {
        this.clock = clock;
        this.idle = idle;
        this.lifetime = lifetime;
        this.max = max;
    }

    /**
     * @param username the account
     * @param role its role
     * @return a new session
     */
    public AdminSession create(String username, Role role) {
        expire();
        while (sessions.size() >= max) {
            sessions.values().stream().min(Comparator.comparing(AdminSession::lastSeen))
                    .ifPresent(oldest -> sessions.remove(oldest.id()));
        }
        AdminSession s = new AdminSession(Secrets.random(32), username, role, Secrets.random(32), clock.instant());
        sessions.put(s.id(), s);
        return s;
    }

    /**
     * @param id a cookie value
     * @return the live session, touched; empty when unknown or expired
     */
    public Optional<AdminSession> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        AdminSession s = sessions.get(id);
        if (s == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (expired(s, now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        s.touch(now);
        return Optional.of(s);
    }

    /** @param id a session to end */
    public void remove(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /**
     * Ends every session of an account (deleted, demoted or password changed).
     *
     * @param username the account
     */
    public void removeAllOf(String username) {
        sessions.values().removeIf(s -> s.username().equals(username));
    }

    /** @return live sessions */
    public int size() {
        return sessions.size();
    }

    private void expire() {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> expired(s, now));
    }

    private boolean expired(AdminSession s, Instant now) {
        return now.isAfter(s.lastSeen().plus(idle)) || now.isAfter(s.createdAt().plus(lifetime));
    }
}
