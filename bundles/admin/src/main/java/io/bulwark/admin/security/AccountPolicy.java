package io.bulwark.admin.security;

import java.time.Duration;

/**
 * Rules for accounts and logins.
 *
 * @param lockoutThreshold failed logins in a row that lock an account
 * @param lockoutDuration how long a locked account stays locked
 * @param minPasswordLength the shortest password accepted
 * @param tokenMaxDays the longest validity of an API token
 */
public record AccountPolicy(int lockoutThreshold, Duration lockoutDuration, int minPasswordLength,
        int tokenMaxDays) {

    /** The longest password accepted (hashing cost grows with the length). */
    public static final int MAX_PASSWORD_LENGTH = 256;
}
