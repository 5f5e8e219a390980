package io.bulwark.admin.security;

import java.time.Instant;

/**
 * A logged-in browser session. Only the registry creates them; the id is the cookie value and
 * the CSRF token is what the page echoes in {@code X-CSRF-Token}.
 */
public final class AdminSession {

    private final String id;
    private final String username;
    private final Role role;
    private final String csrfToken;
    private final Instant createdAt;
    private volatile Instant lastSeen;

    AdminSession(String id, String username, Role role, String csrfToken, Instant createdAt) {
        this.id = id;
        this.username = username;
        this.role = role;
        this.csrfToken = csrfToken;
        this.createdAt = createdAt;
        this.lastSeen = createdAt;
    }

    /** @return the session id (cookie value) */
    public String id() {
        return id;
    }

    /** @return the account */
    public String username() {
        return username;
    }

    /** @return the role at login */
    public Role role() {
        return role;
    }

    /** @return the CSRF token bound to this session */
    public String csrfToken() {
        return csrfToken;
    }

    /** @return when the session began */
    public Instant createdAt() {
        return createdAt;
    }

    Instant lastSeen() {
        return lastSeen;
    }

    void touch(Instant now) {
        lastSeen = now;
    }
}
