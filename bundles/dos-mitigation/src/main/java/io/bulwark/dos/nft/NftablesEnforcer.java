package io.bulwark.dos.nft;

import io.bulwark.api.decision.AddressBlock;
import io.bulwark.api.decision.Ban;
import io.bulwark.api.decision.BanEnforcer;
import io.bulwark.api.decision.DecisionListener;
import io.bulwark.api.decision.DecisionStore;
import io.bulwark.api.decision.EnforcementHealth;
import io.bulwark.api.decision.EnforcementHealth.State;
import io.bulwark.api.event.EventKinds;
import io.bulwark.api.event.SecurityEvent;
import io.bulwark.api.event.SecurityEventSink;
import io.bulwark.api.event.Severity;
import io.bulwark.api.event.ThreatLevel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
 * Keeps the nftables sets {@code banned4} and {@code banned6} of table {@code inet bulwark} in
 * step with the decision store, so that the kernel drops banned sources before they cost the
 * appliance anything (see {@link NftRuleset}).
 *
 * <p>One thread does all the work. On start it rebuilds the table in one transaction. Each change
 * of the store wakes it; it waits {@code coalesce.ms} more for further changes and applies them
 * all in one batch, each element with the ban's remaining time as its nft timeout, so the kernel
 * expires bans on its own. Every {@code reconcile.interval.seconds} it lists the table and repairs
 * any difference: a missing or altered table, set, chain or rule is rebuilt, missing elements
 * added, extra ones removed.
 *
 * <p>When nft is missing or fails, the admission gate still drops banned sources in user space;
 * the failure shows in {@link #enforcementHealth()} and is raised as a {@link
 * EventKinds#NETWORK_ENFORCEMENT_FAILED} event, and the sync is retried. Stopping the component
 * leaves the table in place: bans outlive an update of this bundle and expire by their timeouts.
 */
@Component(service = {DecisionListener.class, BanEnforcer.class}, immediate = true,
        configurationPid = NftablesEnforcer.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = NftablesEnforcer.Config.class)
public final class NftablesEnforcer implements DecisionListener, BanEnforcer, AutoCloseable {

    /** The configuration PID. */
    public static final String PID = "io.bulwark.dos.nftables";

    /** Configuration of kernel enforcement (PID {@value NftablesEnforcer#PID}). */
    @ObjectClassDefinition(name = "Bulwark nftables enforcement",
            description = "Bans in the kernel: table inet bulwark, sets banned4 and banned6, drop rules for"
                    + " the SIP and media ports. Memory: the kernel holds about 100 bytes per banned block.")
    public @interface Config {

        /** @return whether bans go to the kernel */
        @AttributeDefinition(name = "Enabled", description = "Off: banned sources are dropped in user space only.")
        boolean enabled() default true;

        /** @return the nft binary */
        @AttributeDefinition(name = "nft binary", description = "Path of nft, or its name on PATH.")
        String nft_path() default "nft";

        /** @return words run before nft */
        @AttributeDefinition(name = "Command prefix", description = "Words run before nft, such as"
                + " 'ip netns exec <namespace>'; usually empty. Never passed through a shell.")
        String command_prefix() default "";

        /** @return the hook */
        @AttributeDefinition(name = "Hook", description = "prerouting (default; drops before connection"
                + " tracking) or input.", options = {
                    @org.osgi.service.metatype.annotations.Option(label = "prerouting", value = "prerouting"),
                    @org.osgi.service.metatype.annotations.Option(label = "input", value = "input")})
        String hook() default "prerouting";

        /** @return the chain's priority */
        @AttributeDefinition(name = "Priority", min = "-1000", max = "1000",
                description = "Chain priority; -300 is raw, before connection tracking.")
        int priority() default -300;

        /** @return the SIP ports */
        @AttributeDefinition(name = "SIP ports", description = "Ports and ranges, comma separated.")
        String sip_ports() default "5060,5061";

        /** @return the media ports */
        @AttributeDefinition(name = "Media ports", description = "RTP/RTCP ports and ranges, comma separated.")
        String media_ports() default "30000-33999";

        /** @return how long changes are gathered into one batch, in milliseconds */
        @AttributeDefinition(name = "Coalesce (ms)", min = "0", max = "1000",
                description = "Changes arriving within this time go to the kernel in one batch.")
        int coalesce_ms() default 20;

        /** @return seconds between full comparisons of kernel and store */
        @AttributeDefinition(name = "Reconcile interval (s)", min = "1", max = "86400",
                description = "How often the table is listed and repaired if altered.")
        int reconcile_interval_seconds() default 30;

        /** @return seconds before a failed sync is retried */
        @AttributeDefinition(name = "Retry (s)", min = "1", max = "3600")
        int retry_seconds() default 5;

        /** @return seconds one nft run may take */
        @AttributeDefinition(name = "Command timeout (s)", min = "1", max = "600")
        int command_timeout_seconds() default 10;
    }

    private static final Logger LOG = LoggerFactory.getLogger(NftablesEnforcer.class);
    private static final String MECHANISM = "nftables inet bulwark";
    /** While failing, the failure is raised again at most this often. */
    private static final Duration EVENT_REPEAT = Duration.ofMinutes(5);

    private final DecisionStore store;
    private final NftSettings settings;
    private final Clock clock;
    private final NftRuleset ruleset;
    private final NftCommand command;
    private final List<SecurityEventSink> sinks = new CopyOnWriteArrayList<>();
    /** Released on every change; the worker drains it, so a burst of changes wakes it once. */
    private final Semaphore wakeups = new Semaphore(0);
    private final AtomicBoolean reconcileRequested = new AtomicBoolean();
    private final AtomicLong syncs = new AtomicLong();
    private final AtomicLong repairs = new AtomicLong();
    private final Thread worker;
    private volatile boolean running = true;
    private volatile EnforcementHealth health;
    /** What the kernel holds, as far as the worker knows: block to expiry; null when unknown. */
    private Map<AddressBlock, Long> model;
    private Instant lastFailureEvent = Instant.MIN;
    /** A failure event no sink has heard yet; guarded by {@code sinks}. */
    private SecurityEvent unheard;

    /**
     * DS entry point.
     *
     * @param store the decision store to follow
     * @param config the configuration
     * @throws IllegalArgumentException naming the key of a bad value
     */
    @Activate
    public NftablesEnforcer(@Reference DecisionStore store, Config config) {
        this(store, config, Clock.systemUTC());
    }

    /**
     * Starts enforcing without a framework.
     *
     * @param store the decision store to follow
     * @param config the configuration
     * @param clock the wall clock that ban expiries are compared with
     * @throws IllegalArgumentException naming the key of a bad value
     */
    public NftablesEnforcer(DecisionStore store, Config config, Clock clock) {
        this.store = store;
        this.settings = NftSettings.from(config);
        this.clock = clock;
        this.ruleset = new NftRuleset(settings);
        this.command = new NftCommand(settings.commandPrefix(), settings.nftPath(), settings.commandTimeout());
        Instant now = clock.instant();
        if (!settings.enabled()) {
            health = new EnforcementHealth(State.DEGRADED, MECHANISM,
                    "disabled by configuration; banned sources are dropped in user space only", now, null, 0);
            worker = null;
            return;
        }
        health = new EnforcementHealth(State.STARTING, MECHANISM, "not yet synced", now, null, 0);
        worker = new Thread(this::run, "bulwark-nftables");
        worker.setDaemon(true);
        worker.start();
    }

    /** Stops the worker; the table stays in the kernel and its elements expire on their own. */
    @Deactivate
    @Override
    public void close() {
        running = false;
        if (worker != null) {
            worker.interrupt();
            try {
                worker.join(settings.commandTimeout().toMillis() + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * A failure raised while no sink was bound (the worker starts before DS binds the sinks) is
     * handed to the first sink that comes.
     *
     * @param sink where enforcement failures are raised
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addSink(SecurityEventSink sink) {
        SecurityEvent pending;
        synchronized (sinks) {
            sinks.add(sink);
            pending = unheard;
            unheard = null;
        }
        if (pending != null) {
            sink.raise(pending);
        }
    }

    /** @param sink a departing sink */
    public void removeSink(SecurityEventSink sink) {
        sinks.remove(sink);
    }

    @Override
    public EnforcementHealth enforcementHealth() {
        return health;
    }

    @Override
    public void banAdded(Ban ban) {
        wakeups.release();
    }

    @Override
    public void banRemoved(Ban ban, String by) {
        wakeups.release();
    }

    @Override
    public void banExpired(Ban ban) {
        // the kernel has expired it on its own; a sync still adds a ban it was covering
        wakeups.release();
    }

    /** Asks the worker to list and repair the table now rather than at the next interval. */
    public void requestReconcile() {
        reconcileRequested.set(true);
        wakeups.release();
    }

    /** @return how many times the kernel was brought in step with the store */
    public long syncCount() {
        return syncs.get();
    }

    /** @return how many times an altered or missing table was rebuilt */
    public long repairCount() {
        return repairs.get();
    }

    /**
     * Lists the table (runs nft on the caller's thread).
     *
     * @return packets dropped by each drop rule, by set name; empty when nft fails
     */
    public Map<String, Long> dropCounters() {
        NftCommand.Result r = command.listTable(NftRuleset.FAMILY, NftRuleset.TABLE);
        if (!r.ok()) {
            return Map.of();
        }
        return KernelView.parse(r.stdout(), ruleset).dropPackets;
    }

    private void run() {
        boolean first = true;
        long nextReconcile = System.nanoTime();
        while (running) {
            try {
                long wait = nextReconcile - System.nanoTime();
                boolean signalled = wait > 0 ? wakeups.tryAcquire(wait, TimeUnit.NANOSECONDS) : wakeups.tryAcquire();
                if (signalled && !settings.coalesce().isZero()) {
                    Thread.sleep(settings.coalesce().toMillis()); // let a burst of bans gather
                }
                wakeups.drainPermits();
                boolean due = reconcileRequested.getAndSet(false) || System.nanoTime() - nextReconcile >= 0;
                boolean ok = first ? rebuild() : due ? reconcile() : applyChanges() || reconcile();
                first = false;
                if (due || !ok) {
                    nextReconcile = System.nanoTime() + (ok ? settings.reconcileInterval() : settings.retry()).toNanos();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // the worker must live on, or the kernel would silently stop following the store
                LOG.error("nftables sync failed: {}", e.toString(), e);
                failed("sync", new NftCommand.Result(-1, "", e.toString()));
                nextReconcile = System.nanoTime() + settings.retry().toNanos();
            }
        }
    }

    /** Replaces the whole table, with every element, in one transaction. */
    private boolean rebuild() {
        Instant now = clock.instant();
        Map<AddressBlock, Long> desired = ElementPlan.desired(store.bans(), now);
        List<Object> commands = ruleset.rebuildCommands();
        commands.addAll(ElementPlan.commands(
                ElementPlan.diff(desired, Map.of(), List.of(), now.getEpochSecond()), ruleset));
        NftCommand.Result r = command.apply(NftRuleset.batch(commands));
        if (!r.ok()) {
            return failed("rebuilding table inet bulwark", r);
        }
        return synced(desired, now);
    }

    /** Applies what changed since the last sync, from the worker's model of the kernel. */
    private boolean applyChanges() {
        if (model == null) {
            return false;
        }
        Instant now = clock.instant();
        Map<AddressBlock, Long> desired = ElementPlan.desired(store.bans(), now);
        ElementPlan.Changes changes = ElementPlan.diff(desired, model, List.of(), now.getEpochSecond());
        if (!changes.isEmpty()) {
            NftCommand.Result r = command.apply(NftRuleset.batch(ElementPlan.commands(changes, ruleset)));
            if (!r.ok()) {
                // the model was wrong (an element expired or was removed by hand): list and repair
                LOG.debug("nftables batch failed, reconciling: {}", r.firstErrorLine());
                model = null;
                return false;
            }
        }
        return synced(desired, now);
    }

    /** Lists the table and repairs whatever differs from the store. */
    private boolean reconcile() {
        NftCommand.Result list = command.listTable(NftRuleset.FAMILY, NftRuleset.TABLE);
        KernelView view;
        if (list.ok()) {
            view = KernelView.parse(list.stdout(), ruleset);
        } else if (list.stderr().contains("No such file or directory")) {
            view = KernelView.missingTable();
        } else {
            return failed("listing table inet bulwark", list);
        }
        if (!view.intact()) {
            repairs.incrementAndGet();
            LOG.warn("nftables table inet bulwark was altered or removed ({}); rebuilding it", view.problems);
            return rebuild();
        }
        Instant now = clock.instant();
        long nowSeconds = now.getEpochSecond();
        Map<AddressBlock, Long> current = new HashMap<>();
        view.elements.forEach((b, remaining) ->
                current.put(b, remaining == Long.MAX_VALUE ? Long.MAX_VALUE : nowSeconds + remaining));
        Map<AddressBlock, Long> desired = ElementPlan.desired(store.bans(), now);
        ElementPlan.Changes changes = ElementPlan.diff(desired, current, view.strays, nowSeconds);
        if (!changes.isEmpty()) {
            LOG.info("nftables sets differed from the decision store; applying {} changes", changes.size());
            NftCommand.Result r = command.apply(NftRuleset.batch(ElementPlan.commands(changes, ruleset)));
            if (!r.ok()) {
                return failed("repairing the sets of table inet bulwark", r);
            }
        }
        return synced(desired, now);
    }

    private boolean synced(Map<AddressBlock, Long> desired, Instant now) {
        model = desired;
        syncs.incrementAndGet();
        EnforcementHealth h = health;
        if (h.state() == State.DEGRADED) {
            LOG.info("nftables enforcement works again");
        }
        Instant since = h.state() == State.ENFORCING ? h.since() : now;
        health = new EnforcementHealth(State.ENFORCING, MECHANISM, "the kernel drops banned sources",
                since, now, desired.size());
        return true;
    }

    private boolean failed(String what, NftCommand.Result r) {
        model = null;
        Instant now = clock.instant();
        String detail = what + " failed" + (r.exitCode() >= 0 ? " (exit " + r.exitCode() + ")" : "") + ": "
                + r.firstErrorLine() + "; banned sources are dropped in user space only";
        EnforcementHealth h = health;
        boolean changed = h.state() != State.DEGRADED;
        health = new EnforcementHealth(State.DEGRADED, MECHANISM, detail, changed ? now : h.since(),
                h.lastSync(), h.kernelElements());
        if (changed || !now.isBefore(lastFailureEvent.plus(EVENT_REPEAT))) {
            LOG.warn("nftables enforcement: {}", detail);
            lastFailureEvent = now;
            raise(detail, now);
        }
        return false;
    }

    private void raise(String detail, Instant now) {
        SecurityEvent e = new SecurityEvent(ThreatLevel.NETWORK, EventKinds.NETWORK_ENFORCEMENT_FAILED, Severity.HIGH,
                null, 0, null, null, MECHANISM, now, detail);
        synchronized (sinks) {
            if (sinks.isEmpty()) {
                unheard = e;
                return;
            }
        }
        for (SecurityEventSink s : sinks) {
            try {
                s.raise(e);
            } catch (RuntimeException ex) {
                LOG.warn("Security event sink {} failed: {}", s, ex.toString());
            }
        }
    }
}
