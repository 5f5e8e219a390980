package io.bulwark.admin.security;

/**
 * The outcome of a login.
 *
 * @param session the new session, or null when refused
 * @param retryAfterSeconds for a locked account or throttled client, when to try again; else 0
 */
public record LoginResult(AdminSession session, long retryAfterSeconds) {

    /** @return true when the login succeeded */
    public boolean ok() {
        return session != null;
    }
}
