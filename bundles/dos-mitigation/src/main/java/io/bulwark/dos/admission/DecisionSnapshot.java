package io.bulwark.dos.admission;

import io.bulwark.api.decision.AllowListEntry;
import io.bulwark.api.decision.Ban;
import io.bulwark.dos.table.BlockIndex;
import io.bulwark.dos.table.RateLimit;
import java.util.ArrayList;
import java.util.List;

/**
 * What the decision store said at one moment, in the form the per-packet path reads: the banned
 * blocks, the allow-listed blocks, and the rate limit of each allow-list entry. Immutable;
 * replaced as a whole when the store changes.
 */
final class DecisionSnapshot {

    static final DecisionSnapshot EMPTY = new DecisionSnapshot(BlockIndex.EMPTY, BlockIndex.EMPTY,
            new RateLimit[0]);

    final BlockIndex banned;
    final BlockIndex allowed;
    /** Indexed by the value {@link #allowed} holds for a block. */
    final RateLimit[] allowedLimits;

    private DecisionSnapshot(BlockIndex banned, BlockIndex allowed, RateLimit[] allowedLimits) {
        this.banned = banned;
        this.allowed = allowed;
        this.allowedLimits = allowedLimits;
    }

    /**
     * @param bans the bans in force
     * @param allowList the allow-list
     * @param defaultAllowedLimit the limit of entries that name no rate of their own
     * @return the snapshot
     */
    static DecisionSnapshot of(List<Ban> bans, List<AllowListEntry> allowList, RateLimit defaultAllowedLimit) {
        BlockIndex.Builder banned = new BlockIndex.Builder();
        for (Ban b : bans) {
            banned.add(b.scope(), 0);
        }
        BlockIndex.Builder allowed = new BlockIndex.Builder();
        List<RateLimit> limits = new ArrayList<>();
        limits.add(defaultAllowedLimit);
        for (AllowListEntry e : allowList) {
            int index = 0;
            if (e.ratePerSecond() > 0) {
                // an entry's own rate allows one second of it at once
                limits.add(RateLimit.perSecond(e.ratePerSecond(), e.ratePerSecond()));
                index = limits.size() - 1;
            }
            allowed.add(e.scope(), index);
        }
        return new DecisionSnapshot(banned.build(), allowed.build(), limits.toArray(new RateLimit[0]));
    }
}
