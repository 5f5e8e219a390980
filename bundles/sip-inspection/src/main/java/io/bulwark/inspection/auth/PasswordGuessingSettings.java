package io.bulwark.inspection.auth;

import io.bulwark.api.transport.Zone;
import io.bulwark.inspection.common.ConfigLists;
import java.util.Set;

/**
 * The password-guessing inspector's rules, checked.
 *
 * @param enabled whether it inspects at all
 * @param zones the zones whose requests are watched
 * @param failureStatuses final statuses that, to a request with credentials, are a failed
 *     authentication
 * @param windowMillis the window of all counts, of a flag and of a user's alert
 * @param sourceFailures most failed authentications allowed from one source within the window
 * @param userSources most distinct sources allowed to fail as one user within the window
 * @param userFailures most failed authentications allowed as one user within the window
 */
record PasswordGuessingSettings(boolean enabled, Set<Zone> zones, Set<Integer> failureStatuses, long windowMillis,
        int sourceFailures, int userSources, int userFailures) {

    PasswordGuessingSettings {
        zones = Set.copyOf(zones);
        failureStatuses = Set.copyOf(failureStatuses);
        if (zones.isEmpty()) {
            throw new IllegalArgumentException("zones must name at least one of outside, inside");
        }
        if (failureStatuses.isEmpty()) {
            throw new IllegalArgumentException("failure.statuses must name at least one status");
        }
        for (int s : failureStatuses) {
            if (s < 400 || s > 699) {
                throw new IllegalArgumentException("failure.statuses must be 400 to 699, got " + s);
            }
        }
        if (windowMillis < 1000) {
            throw new IllegalArgumentException("window.seconds must be at least 1, got " + windowMillis / 1000.0);
        }
        if (sourceFailures < 2) {
            throw new IllegalArgumentException("source.failures must be at least 2, got " + sourceFailures);
        }
        if (userSources < 2) {
            throw new IllegalArgumentException("user.sources must be at least 2, got " + userSources);
        }
        if (userFailures < 2) {
            throw new IllegalArgumentException("user.failures must be at least 2, got " + userFailures);
        }
    }

    static PasswordGuessingSettings of(PasswordGuessingInspector.Config c) {
        return new PasswordGuessingSettings(c.enabled(), ConfigLists.zones("zones", c.zones()),
                ConfigLists.statuses("failure.statuses", c.failure_statuses()), c.window_seconds() * 1000L,
                c.source_failures(), c.user_sources(), c.user_failures());
    }

    /** @return the defaults of the configuration, for tests */
    static PasswordGuessingSettings defaults() {
        return new PasswordGuessingSettings(true, Set.of(Zone.OUTSIDE), Set.of(401, 403, 407), 60_000, 10, 5, 30);
    }
}
