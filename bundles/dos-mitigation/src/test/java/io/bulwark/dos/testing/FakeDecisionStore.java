package io.bulwark.dos.testing;

import io.bulwark.api.decision.AddressBlock;
import io.bulwark.api.decision.AllowListEntry;
import io.bulwark.api.decision.Ban;
import io.bulwark.api.decision.BanOrigin;
import io.bulwark.api.decision.DecisionListener;
import io.bulwark.api.decision.DecisionStore;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A decision store in memory with no policy: for tests of its followers. */
public final class FakeDecisionStore implements DecisionStore {

    private final List<Ban> bans = new CopyOnWriteArrayList<>();
    private final List<AllowListEntry> allowed = new CopyOnWriteArrayList<>();
    private final List<DecisionListener> listeners = new CopyOnWriteArrayList<>();

    /** @param l a listener told of every change */
    public void addListener(DecisionListener l) {
        listeners.add(l);
    }

    @Override
    public List<Ban> bans() {
        return new ArrayList<>(bans);
    }

    @Override
    public Optional<Ban> banFor(InetAddress address) {
        return bans.stream().filter(b -> b.covers(address)).findFirst();
    }

    @Override
    public Ban ban(String cidr, Duration ttl, BanOrigin origin, String originName, String reason) {
        Instant now = Instant.now();
        Ban b = new Ban(AddressBlock.parse(cidr), origin, originName, reason, now, now.plus(ttl), 1);
        bans.removeIf(x -> x.scope().equals(b.scope()));
        bans.add(b);
        listeners.forEach(l -> l.banAdded(b));
        return b;
    }

    @Override
    public boolean unban(String cidr, String by) {
        AddressBlock scope = AddressBlock.parse(cidr);
        for (Ban b : bans) {
            if (b.scope().equals(scope)) {
                bans.remove(b);
                listeners.forEach(l -> l.banRemoved(b, by));
                return true;
            }
        }
        return false;
    }

    @Override
    public List<AllowListEntry> allowList() {
        return new ArrayList<>(allowed);
    }

    @Override
    public Optional<AllowListEntry> allowListEntryFor(InetAddress address) {
        return allowed.stream().filter(e -> e.scope().contains(address)).findFirst();
    }

    @Override
    public AllowListEntry allow(String cidr, String label, int ratePerSecond, String by) {
        AllowListEntry e = new AllowListEntry(AddressBlock.parse(cidr), label, ratePerSecond, by, Instant.now());
        allowed.add(e);
        listeners.forEach(l -> l.allowListChanged(allowList()));
        return e;
    }

    @Override
    public boolean removeAllowed(String cidr, String by) {
        boolean removed = allowed.removeIf(e -> e.scope().equals(AddressBlock.parse(cidr)));
        listeners.forEach(l -> l.allowListChanged(allowList()));
        return removed;
    }
}
