package io.bulwark.dos.decision;

import io.bulwark.api.decision.AddressBlock;
import io.bulwark.api.decision.AllowListEntry;
import io.bulwark.api.decision.Ban;
import io.bulwark.api.decision.BanOrigin;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of the decision store in memory: what the journal replays into, and what compaction
 * writes back. Not thread-safe; the store guards it.
 */
final class DecisionState {

    private final Map<AddressBlock, Ban> bans = new HashMap<>();
    private final Map<AddressBlock, JournalRecord.Offence> offences = new HashMap<>();
    private final Map<AddressBlock, AllowListEntry> allowed = new LinkedHashMap<>();

    /** @param r a change to apply, at run time or replayed from the journal */
    void apply(JournalRecord r) {
        if (r instanceof JournalRecord.BanAdded b) {
            Ban ban = b.ban();
            bans.put(ban.scope(), ban);
            if (ban.origin() == BanOrigin.DETECTOR) {
                offences.put(ban.scope(), new JournalRecord.Offence(ban.scope(), ban.offenceCount(), ban.createdAt()));
            }
        } else if (r instanceof JournalRecord.BanLifted u) {
            bans.remove(u.scope());
        } else if (r instanceof JournalRecord.Allowed a) {
            allowed.put(a.entry().scope(), a.entry());
        } else if (r instanceof JournalRecord.AllowRemoved d) {
            allowed.remove(d.scope());
        } else if (r instanceof JournalRecord.Offence o) {
            offences.put(o.scope(), o);
        }
    }

    /**
     * @param scope a scope
     * @return its ban, in force or not yet swept, or null
     */
    Ban ban(AddressBlock scope) {
        return bans.get(scope);
    }

    /** @return every ban held, including expired ones not yet swept */
    List<Ban> bans() {
        return new ArrayList<>(bans.values());
    }

    /** @return how many bans are held */
    int banCount() {
        return bans.size();
    }

    /**
     * @param scope a scope
     * @param since offences older than this are forgotten
     * @return earlier offences of the scope within the memory, 0 when none
     */
    int offencesSince(AddressBlock scope, Instant since) {
        JournalRecord.Offence o = offences.get(scope);
        return o == null || o.last().isBefore(since) ? 0 : o.count();
    }

    /** @return the allow-list, in order of addition */
    List<AllowListEntry> allowList() {
        return new ArrayList<>(allowed.values());
    }

    /**
     * @param scope a scope
     * @return an allow-list entry sharing an address with it, or null
     */
    AllowListEntry allowedOverlapping(AddressBlock scope) {
        for (AllowListEntry e : allowed.values()) {
            if (e.scope().overlaps(scope)) {
                return e;
            }
        }
        return null;
    }

    /**
     * @param scope a scope
     * @return true when the allow-list holds exactly this scope
     */
    boolean isAllowed(AddressBlock scope) {
        return allowed.containsKey(scope);
    }

    /**
     * @param scope a scope
     * @return the bans sharing an address with it
     */
    List<Ban> bansOverlapping(AddressBlock scope) {
        List<Ban> out = new ArrayList<>();
        for (Ban b : bans.values()) {
            if (b.scope().overlaps(scope)) {
                out.add(b);
            }
        }
        return out;
    }

    /**
     * Removes bans that have ended.
     *
     * @param now the current time
     * @return the removed bans
     */
    List<Ban> expire(Instant now) {
        List<Ban> out = new ArrayList<>();
        for (Iterator<Ban> it = bans.values().iterator(); it.hasNext();) {
            Ban b = it.next();
            if (!b.isActiveAt(now)) {
                it.remove();
                out.add(b);
            }
        }
        return out;
    }

    /**
     * Forgets offences older than the memory, then the oldest ones beyond a maximum count, so
     * that a flood of one-time offenders cannot grow the memory without bound.
     *
     * @param since offences last seen before this are forgotten
     * @param max most offences kept
     */
    void forgetOffences(Instant since, int max) {
        offences.values().removeIf(o -> o.last().isBefore(since));
        if (offences.size() > max) {
            List<JournalRecord.Offence> all = new ArrayList<>(offences.values());
            all.sort(Comparator.comparing(JournalRecord.Offence::last));
            for (int i = 0; i < all.size() - max; i++) {
                offences.remove(all.get(i).scope());
            }
        }
    }

    /** @return how many offences are remembered */
    int offenceCount() {
        return offences.size();
    }

    /** @return the records that rebuild this state: offences, then the allow-list, then bans */
    List<JournalRecord> compacted() {
        List<JournalRecord> out = new ArrayList<>(offences.size() + allowed.size() + bans.size());
        out.addAll(offences.values());
        for (AllowListEntry e : allowed.values()) {
            out.add(new JournalRecord.Allowed(e));
        }
        for (Ban b : bans.values()) {
            out.add(new JournalRecord.BanAdded(b));
        }
        return out;
    }
}
