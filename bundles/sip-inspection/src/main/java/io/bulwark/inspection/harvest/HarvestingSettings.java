package io.bulwark.inspection.harvest;

import io.bulwark.api.transport.Zone;
import io.bulwark.inspection.common.ConfigLists;
import java.util.Set;

/**
 * The harvesting inspector's rules, checked.
 *
 * @param enabled whether it inspects at all
 * @param zones the zones whose requests are watched and masked
 * @param statuses final statuses that count their request's target user as probed
 * @param windowMillis the window of both counts and of a flag
 * @param sourceUsers most distinct probed users allowed from one source within the window
 * @param prefixUsers most distinct probed users allowed from one /24 or /64 within the window
 * @param maskMethods methods whose unauthenticated requests get a uniform answer (empty: no masking)
 * @param maskStatuses final statuses replaced by the uniform answer
 * @param maskStatus the uniform answer, 401 or 407
 */
record HarvestingSettings(boolean enabled, Set<Zone> zones, Set<Integer> statuses, long windowMillis,
        int sourceUsers, int prefixUsers, Set<String> maskMethods, Set<Integer> maskStatuses, int maskStatus) {

    HarvestingSettings {
        zones = Set.copyOf(zones);
        statuses = Set.copyOf(statuses);
        maskMethods = Set.copyOf(maskMethods);
        maskStatuses = Set.copyOf(maskStatuses);
        if (zones.isEmpty()) {
            throw new IllegalArgumentException("zones must name at least one of outside, inside");
        }
        for (int s : statuses) {
            if (s < 300 || s > 699) {
                throw new IllegalArgumentException("statuses must be final non-2xx statuses (300 to 699), got " + s);
            }
        }
        if (windowMillis < 1000) {
            throw new IllegalArgumentException("window.seconds must be at least 1, got " + windowMillis / 1000.0);
        }
        if (sourceUsers < 2) {
            throw new IllegalArgumentException("source.users must be at least 2, got " + sourceUsers);
        }
        if (prefixUsers < 2) {
            throw new IllegalArgumentException("prefix.users must be at least 2, got " + prefixUsers);
        }
        for (int s : maskStatuses) {
            if (s < 400 || s > 699 || s == 401 || s == 407) {
                throw new IllegalArgumentException("mask.statuses must be 400 to 699 but not 401 or 407 (the "
                        + "registrar's own challenges must reach the phone untouched), got " + s);
            }
        }
        if (maskStatus != 401 && maskStatus != 407) {
            throw new IllegalArgumentException("mask.status must be 401 or 407, got " + maskStatus);
        }
    }

    static HarvestingSettings of(HarvestingInspector.Config c) {
        return new HarvestingSettings(c.enabled(), ConfigLists.zones("zones", c.zones()),
                ConfigLists.statuses("statuses", c.statuses()), c.window_seconds() * 1000L, c.source_users(),
                c.prefix_users(), ConfigLists.methods("mask.methods", c.mask_methods()),
                ConfigLists.statuses("mask.statuses", c.mask_statuses()), c.mask_status());
    }

    /** @return the defaults of the configuration, for tests */
    static HarvestingSettings defaults() {
        return new HarvestingSettings(true, Set.of(Zone.OUTSIDE), Set.of(404, 401, 403, 407, 484, 604), 60_000, 20,
                40, Set.of("REGISTER"), Set.of(404, 403, 484, 604), 401);
    }
}
