package io.bulwark.dos.decision;

import io.bulwark.api.decision.AddressBlock;
import io.bulwark.api.decision.AllowListEntry;
import io.bulwark.api.decision.Ban;
import io.bulwark.api.decision.BanOrigin;
import io.bulwark.api.decision.BanRefusedException;
import io.bulwark.api.decision.DecisionListener;
import io.bulwark.api.decision.DecisionStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DecisionStore} kept in memory and in an append-only {@link DecisionJournal}.
 *
 * <p>One lock guards the state, the journal and the calls to listeners, so listeners hear of
 * changes in the order they were made, each after it was written. Expired bans are removed by a
 * sweeper every {@code sweep.interval.ms}; the journal records no expiry, because replay drops
 * whatever has expired by then. On start the journal is replayed (a torn last line from a killed
 * process is skipped) and compacted; it is compacted again whenever it holds many more lines than
 * the live state.
 *
 * <p>If the journal cannot be written (a full disk), changes still take effect in memory, since
 * protection matters more than durability, and the failure is logged and counted.
 */
@Component(service = DecisionStore.class, immediate = true, configurationPid = JournaledDecisionStore.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = JournaledDecisionStore.Config.class)
public final class JournaledDecisionStore implements DecisionStore, AutoCloseable {

    /** The configuration PID, shared with the {@link BanPolicy}. */
    public static final String PID = "io.bulwark.dos.decisions";

    /** Configuration of the decision store and the ban policy (PID {@value JournaledDecisionStore#PID}). */
    @ObjectClassDefinition(name = "Bulwark decisions",
            description = "Bans, escalation, the allow-list and the policy turning security events into bans."
                    + " Memory: about 300 bytes per ban and per remembered offence, bounded by ban.max.entries.")
    public @interface Config {

        /** @return the journal file, empty for the default */
        @AttributeDefinition(name = "Journal file", description = "Append-only journal of decisions. Empty means"
                + " ${karaf.data}/bulwark/decisions.log (./data/bulwark/decisions.log outside Karaf).")
        String journal_file() default "";

        /** @return whether every change is forced to disk */
        @AttributeDefinition(name = "Force to disk", description = "fdatasync after every change: survives a"
                + " power cut, not only a killed process. Costs about a millisecond per change on SSDs.")
        boolean journal_fsync() default true;

        /** @return the longest escalated ban, in seconds */
        @AttributeDefinition(name = "Longest detector ban (s)", min = "60", max = "31622400",
                description = "Escalation of repeat offenders stops at this duration.")
        long ban_max_seconds() default 7 * 24 * 3600;

        /** @return how long an offence counts towards escalation, in seconds */
        @AttributeDefinition(name = "Offence memory (s)", min = "60", max = "31622400",
                description = "An offence older than this no longer makes the next ban longer.")
        long offence_memory_seconds() default 24 * 3600;

        /** @return the escalation factor */
        @AttributeDefinition(name = "Escalation factor", min = "1", max = "16",
                description = "Each repeat offence within the memory multiplies the ban duration by this (1 = no escalation).")
        int escalation_factor() default 2;

        /** @return the most bans held */
        @AttributeDefinition(name = "Most bans", min = "1", max = "10000000",
                description = "Beyond this, detector and cloud bans are refused (admins may still ban);"
                        + " also bounds the remembered offences.")
        int ban_max_entries() default 100_000;

        /** @return how often expired bans are removed, in milliseconds */
        @AttributeDefinition(name = "Sweep interval (ms)", min = "100", max = "60000")
        int sweep_interval_ms() default 1000;

        /** @return ban durations by event kind */
        @AttributeDefinition(name = "Ban policy", description = "kind:seconds pairs, comma separated: a security"
                + " event of that kind bans its source for that long (before escalation). Kinds not listed never ban.")
        String policy() default "network.flood:600,sip.malformed:300,sip.scanner:3600,sip.harvesting:3600,sip.brute-force:1800";

        /** @return events that may wait for the ban policy */
        @AttributeDefinition(name = "Policy queue capacity", min = "1", max = "1000000",
                description = "Security events waiting to become bans; beyond it events are dropped and counted.")
        int policy_queue_capacity() default 10_000;

        /** @return allow-list entries that are always there */
        @AttributeDefinition(name = "Configured allow-list", description = "Comma-separated entries 'CIDR label',"
                + " put on the allow-list at every start (e.g. the trunk provider's and the PBX's addresses). Loopback"
                + " is there by default: local services are never banned, only rate-limited.")
        String static_allow() default "127.0.0.0/8 loopback, ::1/128 loopback";
    }

    private static final Logger LOG = LoggerFactory.getLogger(JournaledDecisionStore.class);
    /** Compaction waits for at least this many appended lines. */
    private static final int COMPACT_MIN_LINES = 10_000;

    private final DecisionSettings settings;
    private final Clock clock;
    private final Object lock = new Object();
    private final DecisionState state = new DecisionState();
    private final DecisionJournal journal;
    private final List<DecisionListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService sweeper;
    private long journalFailures;

    /**
     * DS entry point.
     *
     * @param config the configuration
     * @throws IllegalArgumentException naming the key of a bad value
     * @throws UncheckedIOException when the journal cannot be read or written
     */
    @Activate
    public JournaledDecisionStore(Config config) {
        this(DecisionSettings.from(config), Clock.systemUTC(), true);
        allowConfigured(config.static_allow() == null ? new String[0] : config.static_allow().split(","));
    }

    /**
     * Puts configured entries on the allow-list unless an entry of the same scope is there.
     *
     * @param entries 'CIDR label' strings
     * @throws IllegalArgumentException naming {@code static.allow} for an entry that is not a CIDR
     */
    void allowConfigured(String[] entries) {
        for (String raw : entries) {
            String e = raw.trim();
            if (e.isEmpty()) {
                continue;
            }
            int space = e.indexOf(' ');
            String cidr = space < 0 ? e : e.substring(0, space);
            String label = space < 0 ? "configured" : e.substring(space + 1).trim();
            AddressBlock scope;
            try {
                scope = AddressBlock.parse(cidr);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("static.allow: '" + cidr + "' is not an address or CIDR block", ex);
            }
            boolean present = allowList().stream().anyMatch(a -> a.scope().equals(scope));
            if (!present) {
                allow(scope.toString(), label, 0, "configuration");
            }
        }
    }

    /**
     * Opens the store without a framework.
     *
     * @param settings the settings
     * @param clock the clock (a fixed or stepping clock in tests)
     * @param sweep whether to start the sweeper thread; tests call {@link #sweep()} themselves
     * @throws UncheckedIOException when the journal cannot be read or written
     */
    JournaledDecisionStore(DecisionSettings settings, Clock clock, boolean sweep) {
        this.settings = settings;
        this.clock = clock;
        this.journal = openJournal();
        if (sweep) {
            sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "bulwark-decision-sweeper");
                t.setDaemon(true);
                return t;
            });
            long ms = settings.sweepInterval().toMillis();
            sweeper.scheduleWithFixedDelay(this::sweepSafely, ms, ms, TimeUnit.MILLISECONDS);
        } else {
            sweeper = null;
        }
    }

    private DecisionJournal openJournal() {
        try {
            DecisionJournal.Replay replay = DecisionJournal.read(settings.journalFile());
            replay.records().forEach(state::apply);
            Instant now = now();
            state.expire(now);
            state.forgetOffences(now.minus(settings.offenceMemory()), settings.maxBans());
            DecisionJournal j = DecisionJournal.create(settings.journalFile(), state.compacted(), settings.fsync());
            LOG.info("Decision store open at {}: {} bans, {} allow-list entries, {} offences remembered"
                    + " (skipped: {} torn, {} damaged lines)", settings.journalFile(), state.banCount(),
                    state.allowList().size(), state.offenceCount(), replay.tornTail(), replay.damaged());
            return j;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the decision journal " + settings.journalFile(), e);
        }
    }

    /** Stops the sweeper and closes the journal. */
    @Deactivate
    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        synchronized (lock) {
            try {
                journal.close();
            } catch (IOException e) {
                LOG.warn("Closing the decision journal failed: {}", e.toString());
            }
        }
    }

    /** @param l a listener to tell of every change */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addListener(DecisionListener l) {
        listeners.add(l);
    }

    /** @param l a departing listener */
    public void removeListener(DecisionListener l) {
        listeners.remove(l);
    }

    @Override
    public List<Ban> bans() {
        Instant now = now();
        synchronized (lock) {
            List<Ban> all = state.bans();
            all.removeIf(b -> !b.isActiveAt(now));
            return all;
        }
    }

    @Override
    public Optional<Ban> banFor(InetAddress address) {
        Objects.requireNonNull(address, "address");
        return bans().stream().filter(b -> b.covers(address)).max(Comparator.comparing(Ban::expiresAt));
    }

    @Override
    public Ban ban(String cidr, Duration ttl, BanOrigin origin, String originName, String reason) {
        AddressBlock scope = AddressBlock.parse(cidr);
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(originName, "originName");
        Objects.requireNonNull(reason, "reason");
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, got " + ttl);
        }
        synchronized (lock) {
            Instant now = now();
            AllowListEntry allowed = state.allowedOverlapping(scope);
            if (allowed != null) {
                throw new BanRefusedException(BanRefusedException.Reason.ALLOW_LISTED,
                        scope + " overlaps allow-list entry " + allowed.cidr() + " (" + allowed.label() + ")");
            }
            Ban existing = state.ban(scope);
            boolean active = existing != null && existing.isActiveAt(now);
            if (active && origin == BanOrigin.DETECTOR) {
                return existing; // the same offence reported again while its ban runs
            }
            if (!active && origin != BanOrigin.ADMIN && state.banCount() >= settings.maxBans()) {
                throw new BanRefusedException(BanRefusedException.Reason.STORE_FULL,
                        "the store holds its maximum of " + settings.maxBans() + " bans; " + scope + " not banned");
            }
            int offences = 1;
            Duration duration = ttl;
            if (origin == BanOrigin.DETECTOR) {
                offences = state.offencesSince(scope, now.minus(settings.offenceMemory())) + 1;
                duration = escalate(ttl, offences);
            }
            Ban ban = new Ban(scope, origin, originName, reason, now, now.plus(duration), offences);
            record(new JournalRecord.BanAdded(ban));
            notifyListeners(l -> l.banAdded(ban));
            return ban;
        }
    }

    /**
     * @param ttl the base duration
     * @param offences the offence count, this one included
     * @return the base duration times the factor for each earlier offence, at most the maximum
     */
    Duration escalate(Duration ttl, int offences) {
        Duration max = settings.maxDetectorBan();
        Duration d = ttl.compareTo(max) > 0 ? max : ttl;
        for (int i = 1; i < offences && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(settings.escalationFactor());
        }
        return d.compareTo(max) > 0 ? max : d;
    }

    @Override
    public boolean unban(String cidr, String by) {
        AddressBlock scope = AddressBlock.parse(cidr);
        Objects.requireNonNull(by, "by");
        synchronized (lock) {
            Ban existing = state.ban(scope);
            if (existing == null || !existing.isActiveAt(now())) {
                return false;
            }
            lift(existing, by);
            return true;
        }
    }

    @Override
    public List<AllowListEntry> allowList() {
        synchronized (lock) {
            return state.allowList();
        }
    }

    @Override
    public Optional<AllowListEntry> allowListEntryFor(InetAddress address) {
        Objects.requireNonNull(address, "address");
        return allowList().stream().filter(e -> e.scope().contains(address))
                .max(Comparator.comparingInt(e -> e.scope().prefixLength()));
    }

    @Override
    public AllowListEntry allow(String cidr, String label, int ratePerSecond, String by) {
        AddressBlock scope = AddressBlock.parse(cidr);
        synchronized (lock) {
            AllowListEntry entry = new AllowListEntry(scope, label, ratePerSecond, by, now());
            record(new JournalRecord.Allowed(entry));
            for (Ban b : state.bansOverlapping(scope)) {
                lift(b, "allow-list:" + by);
            }
            List<AllowListEntry> all = state.allowList();
            notifyListeners(l -> l.allowListChanged(all));
            return entry;
        }
    }

    @Override
    public boolean removeAllowed(String cidr, String by) {
        AddressBlock scope = AddressBlock.parse(cidr);
        Objects.requireNonNull(by, "by");
        synchronized (lock) {
            if (!state.isAllowed(scope)) {
                return false;
            }
            record(new JournalRecord.AllowRemoved(scope, by, now()));
            List<AllowListEntry> all = state.allowList();
            notifyListeners(l -> l.allowListChanged(all));
            return true;
        }
    }

    /**
     * Removes expired bans (telling listeners), forgets old offences, and compacts the journal
     * when it has grown well beyond the live state. Run by the sweeper; public for tests.
     */
    public void sweep() {
        synchronized (lock) {
            Instant now = now();
            for (Ban b : state.expire(now)) {
                notifyListeners(l -> l.banExpired(b));
            }
            state.forgetOffences(now.minus(settings.offenceMemory()), settings.maxBans());
            long live = (long) state.banCount() + state.allowList().size() + state.offenceCount();
            if (journal.appendedSinceCompaction() > Math.max(COMPACT_MIN_LINES, 2 * live)) {
                try {
                    journal.compact(state.compacted());
                } catch (IOException e) {
                    journalFailed(e);
                }
            }
        }
    }

    /** @return how many journal writes have failed since start */
    public long journalFailures() {
        synchronized (lock) {
            return journalFailures;
        }
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            // an exception would cancel the schedule, and bans would never expire again
            LOG.error("Sweeping expired bans failed: {}", e.toString(), e);
        }
    }

    private void lift(Ban ban, String by) {
        record(new JournalRecord.BanLifted(ban.scope(), by, now()));
        notifyListeners(l -> l.banRemoved(ban, by));
    }

    private void record(JournalRecord r) {
        state.apply(r);
        try {
            journal.append(r);
        } catch (IOException e) {
            journalFailed(e);
        }
    }

    private void journalFailed(IOException e) {
        journalFailures++;
        if (Long.bitCount(journalFailures) == 1) { // 1st, 2nd, 4th, 8th, ...: loud but not flooding
            LOG.error("Cannot write the decision journal {} (failure {}); decisions hold in memory only: {}",
                    journal.file(), journalFailures, e.toString());
        }
    }

    private void notifyListeners(Consumer<DecisionListener> call) {
        for (DecisionListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("Decision listener {} failed: {}", l, e.toString(), e);
            }
        }
    }

    private Instant now() {
        // the journal keeps milliseconds; so does memory, so a replay gives back equal bans
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
