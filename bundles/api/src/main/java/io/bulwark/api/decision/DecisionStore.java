package io.bulwark.api.decision;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The one place that says who is banned and who is allow-listed. Bans come from detectors
 * (through dos-mitigation's ban policy), from admins and from the cloud; they expire on their
 * own. Every change is durable before the call returns and survives a killed process.
 *
 * <p>Changes are announced to every registered {@link DecisionListener} (a whiteboard): the
 * admission gate, the nftables enforcer and cloud-push follow the store that way.
 *
 * <p>Mutating methods write to disk and may take milliseconds: never call them from a transport
 * event loop (the ban policy queues detector requests on its own thread).
 */
@ProviderType
public interface DecisionStore {

    /** @return the bans in force now, in no particular order */
    List<Ban> bans();

    /**
     * @param address an address
     * @return a ban in force that covers it (the one that runs longest when several do)
     */
    Optional<Ban> banFor(InetAddress address);

    /**
     * Bans an address or prefix.
     *
     * <p>A ban requested by a {@link BanOrigin#DETECTOR} escalates for repeat offenders: its
     * duration is {@code ttl} times the configured factor (2 by default) for every earlier
     * offence of the same scope within the offence memory, up to the configured maximum. A
     * detector asking again while its ban is in force changes nothing. Admin and cloud bans take
     * {@code ttl} as given and replace a ban of the same scope.
     *
     * @param cidr the scope: an address literal or a CIDR block ({@link AddressBlock#parse})
     * @param ttl how long, before escalation; positive
     * @param origin who asks
     * @param originName the detector (event kind), admin user name or cloud source
     * @param reason why, for the network admin (already redacted)
     * @return the ban as recorded
     * @throws IllegalArgumentException for a malformed scope or a ttl that is not positive
     * @throws BanRefusedException when the scope overlaps the allow-list, or the store is full
     *     and the origin is not an admin
     */
    Ban ban(String cidr, Duration ttl, BanOrigin origin, String originName, String reason);

    /**
     * Lifts the ban of exactly this scope (a ban of a covering prefix stays).
     *
     * @param cidr the scope as listed by {@link #bans()}, or any text that parses to it
     * @param by who lifts it (an admin user name, {@code cloud:<source>})
     * @return true when a ban was lifted
     * @throws IllegalArgumentException for a malformed scope
     */
    boolean unban(String cidr, String by);

    /** @return every allow-list entry */
    List<AllowListEntry> allowList();

    /**
     * @param address an address
     * @return the most specific allow-list entry that holds it
     */
    Optional<AllowListEntry> allowListEntryFor(InetAddress address);

    /**
     * Adds or replaces an allow-list entry. Bans that overlap it are lifted at once.
     *
     * @param cidr the scope
     * @param label what it is
     * @param ratePerSecond its own per-source limit, or 0 for the configured allow-list limit
     * @param by the admin who adds it
     * @return the entry as recorded
     * @throws IllegalArgumentException for a malformed scope or a negative rate
     */
    AllowListEntry allow(String cidr, String label, int ratePerSecond, String by);

    /**
     * Removes an allow-list entry.
     *
     * @param cidr the scope of the entry
     * @param by the admin who removes it
     * @return true when an entry was removed
     * @throws IllegalArgumentException for a malformed scope
     */
    boolean removeAllowed(String cidr, String by);
}
