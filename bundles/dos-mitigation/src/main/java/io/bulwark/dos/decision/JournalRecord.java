package io.bulwark.dos.decision;

import io.bulwark.api.decision.AddressBlock;
import io.bulwark.api.decision.AllowListEntry;
import io.bulwark.api.decision.Ban;
import java.time.Instant;

/** One change of the decision store, as written to the journal: one line each. */
sealed interface JournalRecord {

    /** @param ban a ban that took effect (new, or replacing one of the same scope) */
    record BanAdded(Ban ban) implements JournalRecord {
    }

    /**
     * @param scope the scope whose ban was lifted before it expired
     * @param by who lifted it
     * @param at when
     */
    record BanLifted(AddressBlock scope, String by, Instant at) implements JournalRecord {
    }

    /** @param entry an allow-list entry added or replaced */
    record Allowed(AllowListEntry entry) implements JournalRecord {
    }

    /**
     * @param scope the scope of the removed allow-list entry
     * @param by who removed it
     * @param at when
     */
    record AllowRemoved(AddressBlock scope, String by, Instant at) implements JournalRecord {
    }

    /**
     * Written only by compaction: the offence memory of a scope whose ban has ended, so that
     * escalation survives a restart.
     *
     * @param scope the scope
     * @param count offences within the memory
     * @param last when the last one was
     */
    record Offence(AddressBlock scope, int count, Instant last) implements JournalRecord {
    }
}
