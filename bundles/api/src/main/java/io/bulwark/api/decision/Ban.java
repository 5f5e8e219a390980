package io.bulwark.api.decision;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A decision that traffic from an address or prefix is dropped until a given time: in user space
 * by the admission gate, and in the kernel by the nftables enforcer.
 *
 * @param scope the banned address ({@code /32}, {@code /128}) or prefix
 * @param origin who decided it
 * @param originName which detector (an event kind such as {@code network.flood}), admin user
 *     name or cloud source decided it
 * @param reason why, for the network admin (already redacted)
 * @param createdAt when the ban took effect
 * @param expiresAt when it ends; after {@code createdAt}
 * @param offenceCount how many times this scope has been banned by a detector within the offence
 *     memory, this ban included (1 for a first offence, and for admin and cloud bans)
 */
public record Ban(
        AddressBlock scope,
        BanOrigin origin,
        String originName,
        String reason,
        Instant createdAt,
        Instant expiresAt,
        int offenceCount) {

    /**
     * Checks every field.
     *
     * @throws NullPointerException naming a missing field
     * @throws IllegalArgumentException when the ban ends before it starts or counts no offence
     */
    public Ban {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(originName, "originName");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (!expiresAt.isAfter(createdAt)) {
            throw new IllegalArgumentException("a ban must expire after it is created: " + scope);
        }
        if (offenceCount < 1) {
            throw new IllegalArgumentException("offenceCount must be at least 1, got " + offenceCount);
        }
    }

    /** @return the scope as CIDR text, for example {@code 192.0.2.7/32} */
    public String cidr() {
        return scope.toString();
    }

    /**
     * @param now the current time
     * @return true while the ban is in force
     */
    public boolean isActiveAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    /**
     * @param now the current time
     * @return how long the ban still runs, zero once it has expired
     */
    public Duration remainingAt(Instant now) {
        Duration d = Duration.between(now, expiresAt);
        return d.isNegative() ? Duration.ZERO : d;
    }

    /**
     * @param address an address
     * @return true when the ban's scope holds it
     */
    public boolean covers(InetAddress address) {
        return scope.contains(address);
    }
}
