package io.bulwark.api.store;

import java.time.Instant;

/**
 * One change or security-relevant act on the admin plane.
 *
 * @param id the sequence number, assigned by the store (0 before it is stored)
 * @param time when it happened
 * @param actor the username, or {@code -} when nobody was logged in
 * @param action what was done ({@code config.update}, {@code user.create}, {@code login.failed}, ...)
 * @param target what it was done to (a PID, a username, ...), or null
 * @param oldValue the value before, as JSON, or null
 * @param newValue the value after, as JSON, or null
 * @param source the client address
 */
public record AuditEntry(long id, Instant time, String actor, String action, String target,
        String oldValue, String newValue, String source) {
}
