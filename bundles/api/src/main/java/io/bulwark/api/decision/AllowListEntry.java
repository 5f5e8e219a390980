package io.bulwark.api.decision;

import java.time.Instant;
import java.util.Objects;

/**
 * An address or prefix that is never banned: a SIP trunk, the PBX, a monitoring system. Its
 * traffic is still rate limited (a misbehaving trunk must not take the appliance down), but with
 * its own, higher limit, and a source over it is only throttled, never banned.
 *
 * @param scope the allowed address or prefix
 * @param label what it is, for the network admin ({@code carrier-a trunk})
 * @param ratePerSecond the per-source limit for this entry in packets per second, or 0 to use
 *     the admission gate's configured limit for allow-listed sources
 * @param addedBy the admin (or {@code config}) who added it
 * @param addedAt when it was added
 */
public record AllowListEntry(AddressBlock scope, String label, int ratePerSecond, String addedBy,
        Instant addedAt) {

    /**
     * Checks every field.
     *
     * @throws NullPointerException naming a missing field
     * @throws IllegalArgumentException when the rate is negative
     */
    public AllowListEntry {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(addedBy, "addedBy");
        Objects.requireNonNull(addedAt, "addedAt");
        if (ratePerSecond < 0) {
            throw new IllegalArgumentException("ratePerSecond must be 0 (default) or more, got " + ratePerSecond);
        }
    }

    /** @return the scope as CIDR text */
    public String cidr() {
        return scope.toString();
    }
}
