package io.bulwark.api.store;

import java.time.Instant;

/**
 * An account of the admin plane.
 *
 * @param username the login name
 * @param passwordHash the password in PHC string form (never the password)
 * @param role {@code admin}, {@code operator} or {@code auditor}
 * @param createdAt when the account was created
 * @param lastLoginAt the last successful login, or null
 * @param failedLogins failed logins since the last success
 * @param lockedUntil until when logins are refused, or null
 */
public record AdminAccount(
        String username,
        String passwordHash,
        String role,
        Instant createdAt,
        Instant lastLoginAt,
        int failedLogins,
        Instant lockedUntil) {
}
