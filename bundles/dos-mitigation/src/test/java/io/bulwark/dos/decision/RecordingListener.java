package io.bulwark.dos.decision;

import io.bulwark.api.decision.AllowListEntry;
import io.bulwark.api.decision.Ban;
import io.bulwark.api.decision.DecisionListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Writes down every call, as {@code added 192.0.2.7/32}, {@code removed ... by alice}, ... */
final class RecordingListener implements DecisionListener {

    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public void banAdded(Ban ban) {
        calls.add("added " + ban.cidr());
    }

    @Override
    public void banRemoved(Ban ban, String by) {
        calls.add("removed " + ban.cidr() + " by " + by);
    }

    @Override
    public void banExpired(Ban ban) {
        calls.add("expired " + ban.cidr());
    }

    @Override
    public void allowListChanged(List<AllowListEntry> allowList) {
        calls.add("allow-list " + allowList.size());
    }
}
