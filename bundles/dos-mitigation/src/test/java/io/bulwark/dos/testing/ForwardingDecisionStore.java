package io.bulwark.dos.testing;

import io.bulwark.api.decision.AllowListEntry;
import io.bulwark.api.decision.Ban;
import io.bulwark.api.decision.BanOrigin;
import io.bulwark.api.decision.DecisionStore;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Forwards every call to another store; tests override what they want to change. */
public class ForwardingDecisionStore implements DecisionStore {

    private final DecisionStore inner;

    /** @param inner the store to forward to */
    public ForwardingDecisionStore(DecisionStore inner) {
        this.inner = inner;
    }

    @Override
    public List<Ban> bans() {
        return inner.bans();
    }

    @Override
    public Optional<Ban> banFor(InetAddress address) {
        return inner.banFor(address);
    }

    @Override
    public Ban ban(String cidr, Duration ttl, BanOrigin origin, String originName, String reason) {
        return inner.ban(cidr, ttl, origin, originName, reason);
    }

    @Override
    public boolean unban(String cidr, String by) {
        return inner.unban(cidr, by);
    }

    @Override
    public List<AllowListEntry> allowList() {
        return inner.allowList();
    }

    @Override
    public Optional<AllowListEntry> allowListEntryFor(InetAddress address) {
        return inner.allowListEntryFor(address);
    }

    @Override
    public AllowListEntry allow(String cidr, String label, int ratePerSecond, String by) {
        return inner.allow(cidr, label, ratePerSecond, by);
    }

    @Override
    public boolean removeAllowed(String cidr, String by) {
        return inner.removeAllowed(cidr, by);
    }
}
