package io.bulwark.dos.admission;

import io.bulwark.api.decision.AdmissionGate;
import io.bulwark.api.decision.AdmissionStatistics;
import io.bulwark.api.decision.AllowListEntry;
import io.bulwark.api.decision.Ban;
import io.bulwark.api.decision.DecisionListener;
import io.bulwark.api.decision.DecisionStore;
import io.bulwark.api.decision.MethodRateGate;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import io.bulwark.dos.flood.FloodDetector;
import io.bulwark.dos.table.AddressKeys;
import io.bulwark.dos.table.GcraTable;
import io.bulwark.dos.table.Ipv6KeyCache;
import io.bulwark.dos.table.RateLimit;
import io.bulwark.dos.table.SharedBuckets;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admission gate: for every datagram, new connection and framed request, before any
 * decoding, says whether it may come in. Answers in nanoseconds and allocates nothing in steady
 * state: every limit lives in fixed-size primitive tables ({@link GcraTable}, {@link
 * ConnectionTable}) sized by configuration, so memory is bounded whatever the number of
 * (spoofed) sources; {@link #memoryBytes()} reports it, about 8 MiB with the defaults, plus at
 * most about 2 MiB of {@link Ipv6KeyCache}. An IPv6 source not seen lately costs one 64-byte
 * allocation (the JDK copies its address); IPv4 sources and repeat IPv6 sources cost none.
 *
 * <p>Order of the checks for a packet: banned (drop), allow-listed (own higher limit, never
 * reported to the flood detector, so never banned), then the flood detector sees it, then the
 * per-source and per-prefix limits (or, for a new connection, the per-source connection cap and
 * rate), then the zone and global limits. A source that is over a limit is dropped silently; the
 * flood detector decides about bans.
 *
 * <p>The banned and allow-listed sets come from the {@link DecisionStore}: the gate follows it as
 * a {@link DecisionListener} and rebuilds an immutable {@link DecisionSnapshot} off the hot path,
 * then swaps it in with one volatile write.
 */
@Component(service = {AdmissionGate.class, MethodRateGate.class, DecisionListener.class, AdmissionStatistics.class},
        immediate = true,
        configurationPid = RateLimitingAdmissionGate.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AdmissionConfig.class)
public final class RateLimitingAdmissionGate implements AdmissionGate, MethodRateGate, DecisionListener,
        AdmissionStatistics {

    /** The configuration PID. */
    public static final String PID = "io.bulwark.dos.admission";

    private static final Logger LOG = LoggerFactory.getLogger(RateLimitingAdmissionGate.class);
    private static final int GLOBAL = 0;
    private static final int ZONE_BASE = 1;
    private static final int OVERFLOW_SOURCE = ZONE_BASE + 2;
    private static final int OVERFLOW_PREFIX = OVERFLOW_SOURCE + 1;
    private static final int OVERFLOW_ALLOWED = OVERFLOW_PREFIX + 1;
    private static final int OVERFLOW_CONNECTION = OVERFLOW_ALLOWED + 1;
    private static final int OVERFLOW_METHOD_BASE = OVERFLOW_CONNECTION + 1;

    private final AdmissionSettings settings;
    private final LongSupplier nanoTime;
    private final GcraTable sources;
    private final GcraTable prefixes;
    private final GcraTable allowedSources;
    private final ConnectionTable connections;
    private final GcraTable[] methods = new GcraTable[SipMethodClass.COUNT];
    private final SharedBuckets shared;
    private final RateLimit[] zoneLimits;
    private final AdmissionCounters counters = new AdmissionCounters();
    private final Ipv6KeyCache v6Keys = new Ipv6KeyCache();
    private final Executor rebuildExecutor;
    private final ExecutorService ownedExecutor;
    private final AtomicBoolean rebuildPending = new AtomicBoolean();
    private volatile DecisionSnapshot decisions = DecisionSnapshot.EMPTY;
    private volatile DecisionStore store;
    private volatile FloodDetector flood;

    /**
     * DS entry point: real clock, and snapshots rebuilt on a thread of the gate's own.
     *
     * @param config the configuration
     * @throws IllegalArgumentException naming the key of a bad value
     */
    @Activate
    public RateLimitingAdmissionGate(AdmissionConfig config) {
        this(AdmissionSettings.from(config), System::nanoTime, null);
    }

    /**
     * Builds a gate without a framework (tests, benchmarks). Bind a store and a flood detector
     * with {@link #setStore} and {@link #setFlood}.
     *
     * @param config the configuration
     * @param nanoTime the clock, in nanoseconds ({@link System#nanoTime()} in production)
     * @param rebuildExecutor runs snapshot rebuilds; {@code Runnable::run} to rebuild at once
     * @throws IllegalArgumentException naming the key of a bad value
     */
    public RateLimitingAdmissionGate(AdmissionConfig config, LongSupplier nanoTime, Executor rebuildExecutor) {
        this(AdmissionSettings.from(config), nanoTime, rebuildExecutor);
    }

    private RateLimitingAdmissionGate(AdmissionSettings settings, LongSupplier nanoTime, Executor executor) {
        this.settings = settings;
        this.nanoTime = nanoTime;
        this.sources = new GcraTable(settings.sourceSlots());
        this.prefixes = new GcraTable(settings.prefixSlots());
        this.allowedSources = new GcraTable(settings.allowedSlots());
        this.connections = new ConnectionTable(settings.connectionSlots(), settings.connectionHalfLifeNanos());
        for (int m = 0; m < methods.length; m++) {
            methods[m] = new GcraTable(settings.methodSlots());
        }
        this.shared = new SharedBuckets(OVERFLOW_METHOD_BASE + SipMethodClass.COUNT, nanoTime.getAsLong());
        this.zoneLimits = new RateLimit[] {settings.zoneOutside(), settings.zoneInside()};
        if (executor == null) {
            this.ownedExecutor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "bulwark-admission-decisions");
                t.setDaemon(true);
                return t;
            });
            this.rebuildExecutor = ownedExecutor;
        } else {
            this.ownedExecutor = null;
            this.rebuildExecutor = executor;
        }
        LOG.info("Admission gate ready: {} bytes of tables", memoryBytes());
    }

    /** Stops the rebuild thread. */
    @Deactivate
    public void close() {
        if (ownedExecutor != null) {
            ownedExecutor.shutdownNow();
        }
    }

    /** @param s the decision store; the banned and allowed sets follow it */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void setStore(DecisionStore s) {
        this.store = s;
        scheduleRebuild();
    }

    /**
     * Keeps the last snapshot when the store goes away: bans stay in force while the store is
     * being updated.
     *
     * @param s the departing store
     */
    public void unsetStore(DecisionStore s) {
        if (this.store == s) {
            this.store = null;
        }
    }

    /** @param f the flood detector that sees every packet of a source not allow-listed */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void setFlood(FloodDetector f) {
        this.flood = f;
    }

    /** @param f the departing flood detector */
    public void unsetFlood(FloodDetector f) {
        if (this.flood == f) {
            this.flood = null;
        }
    }

    @Override
    public boolean admit(Zone zone, TransportProtocol protocol, InetSocketAddress source, int length) {
        InetAddress address = source == null ? null : source.getAddress();
        if (address == null) {
            return counters.drop(DropReason.NO_ADDRESS);
        }
        long now = nanoTime.getAsLong();
        long hi = keyHi(address);
        long lo = keyLo(address);
        DecisionSnapshot d = decisions;
        if (d.banned.lookup(hi, lo) >= 0) {
            return counters.drop(DropReason.BANNED);
        }
        int allowed = d.allowed.lookup(hi, lo);
        if (allowed >= 0) {
            return charge(allowedSources, hi, lo, now, d.allowedLimits[allowed], OVERFLOW_ALLOWED,
                    DropReason.ALLOWED_RATE) && counters.admitted();
        }
        FloodDetector f = flood;
        if (f != null) {
            f.observe(hi, lo, source, zone, protocol, now);
        }
        boolean connection = length == 0 && protocol != null && protocol.isStream();
        if (connection ? !admitConnection(hi, lo, now) : !admitDatagram(hi, lo, now)) {
            return false;
        }
        return admitShared(zone, now) && counters.admitted();
    }

    @Override
    public long admitted() {
        return counters.admittedCount();
    }

    @Override
    public java.util.Map<String, Long> droppedByReason() {
        java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
        counters.droppedByReason().forEach((r, n) -> out.put(r.name(), n));
        return out;
    }

    @Override
    public void connectionClosed(Zone zone, TransportProtocol protocol, InetSocketAddress source) {
        InetAddress address = source == null ? null : source.getAddress();
        if (address == null) {
            return;
        }
        long hi = keyHi(address);
        long lo = keyLo(address);
        int slot = connections.find(hi, lo);
        if (slot >= 0) {
            connections.closed(slot, nanoTime.getAsLong());
        }
    }

    @Override
    public boolean admitMethod(Zone zone, InetSocketAddress source, byte[] message) {
        int method = SipMethodClass.of(message);
        InetAddress address = source == null ? null : source.getAddress();
        if (method == SipMethodClass.RESPONSE || address == null) {
            return method == SipMethodClass.RESPONSE || counters.drop(DropReason.NO_ADDRESS);
        }
        long hi = keyHi(address);
        long lo = keyLo(address);
        DecisionSnapshot d = decisions;
        if (d.banned.lookup(hi, lo) >= 0) {
            // a connection admitted before its source was banned still carries requests
            return counters.drop(DropReason.BANNED);
        }
        if (d.allowed.lookup(hi, lo) >= 0) {
            return true;
        }
        return charge(methods[method], hi, lo, nanoTime.getAsLong(), settings.methods()[method],
                OVERFLOW_METHOD_BASE + method, DropReason.METHOD_RATE);
    }

    private boolean admitDatagram(long hi, long lo, long now) {
        if (!charge(sources, hi, lo, now, settings.source(), OVERFLOW_SOURCE, DropReason.SOURCE_RATE)) {
            return false;
        }
        int length = AddressKeys.isV4(hi, lo) ? AddressKeys.V4_OFFSET + settings.prefixV4Length()
                : settings.prefixV6Length();
        return charge(prefixes, AddressKeys.maskHi(hi, length), AddressKeys.maskLo(lo, length), now,
                settings.prefix(), OVERFLOW_PREFIX, DropReason.PREFIX_RATE);
    }

    private boolean admitConnection(long hi, long lo, long now) {
        int slot = connections.findOrClaim(hi, lo, now);
        if (slot < 0) {
            return overflow(OVERFLOW_CONNECTION, now, settings.connection());
        }
        switch (connections.tryOpen(slot, now, settings.maxConnectionsPerSource(), settings.connection())) {
            case ConnectionTable.OPEN:
                return true;
            case ConnectionTable.OVER_CAP:
                return counters.drop(DropReason.CONNECTION_CAP);
            default:
                return counters.drop(DropReason.CONNECTION_RATE);
        }
    }

    private boolean admitShared(Zone zone, long now) {
        int z = zone == null ? 0 : zone.ordinal();
        if (!shared.tryAcquire(ZONE_BASE + z, now, zoneLimits[z])) {
            return counters.drop(DropReason.ZONE_RATE);
        }
        return shared.tryAcquire(GLOBAL, now, settings.global()) || counters.drop(DropReason.GLOBAL_RATE);
    }

    private boolean charge(GcraTable table, long hi, long lo, long now, RateLimit limit, int overflowBucket,
            DropReason reason) {
        int slot = table.findOrClaim(hi, lo, now);
        if (slot < 0) {
            return overflow(overflowBucket, now, limit);
        }
        return table.tryAcquire(slot, now, limit) || counters.drop(reason);
    }

    private boolean overflow(int bucket, long now, RateLimit perKey) {
        counters.overflowed();
        // derived per call rather than stored: a few arithmetic operations, no allocation after JIT
        return shared.tryAcquire(bucket, now, AdmissionSettings.overflowOf(perKey))
                || counters.drop(DropReason.OVERFLOW);
    }

    private long keyHi(InetAddress address) {
        return address instanceof Inet4Address ? 0L : v6Keys.keyOf(address).hi;
    }

    private long keyLo(InetAddress address) {
        return address instanceof Inet4Address v4 ? AddressKeys.v4Lo(v4) : v6Keys.keyOf(address).lo;
    }

    @Override
    public void banAdded(Ban ban) {
        scheduleRebuild();
    }

    @Override
    public void banRemoved(Ban ban, String by) {
        scheduleRebuild();
    }

    @Override
    public void banExpired(Ban ban) {
        scheduleRebuild();
    }

    @Override
    public void allowListChanged(List<AllowListEntry> allowList) {
        scheduleRebuild();
    }

    /** Coalesces: however many changes arrive while a rebuild waits, one rebuild reads them all. */
    private void scheduleRebuild() {
        if (rebuildPending.compareAndSet(false, true)) {
            try {
                rebuildExecutor.execute(this::rebuild);
            } catch (RejectedExecutionException e) {
                rebuildPending.set(false); // shutting down
            }
        }
    }

    private void rebuild() {
        rebuildPending.set(false); // first, so that a change during the read schedules another
        DecisionStore s = store;
        if (s == null) {
            return;
        }
        try {
            decisions = DecisionSnapshot.of(s.bans(), s.allowList(), settings.allowed());
        } catch (RuntimeException e) {
            LOG.warn("Could not read the decision store; keeping the previous bans: {}", e.toString(), e);
        }
    }

    /** @return bytes held by the gate's tables; fixed at construction */
    public long memoryBytes() {
        long bytes = sources.memoryBytes() + prefixes.memoryBytes() + allowedSources.memoryBytes()
                + connections.memoryBytes();
        for (GcraTable t : methods) {
            bytes += t.memoryBytes();
        }
        return bytes;
    }

    /** @return the counters of admitted and dropped packets */
    public AdmissionCounters counters() {
        return counters;
    }

    /** @return how many banned blocks the current snapshot holds */
    int bannedBlocks() {
        return decisions.banned.size();
    }

    /** @return the per-source table, for tests of its bound */
    GcraTable sourceTable() {
        return sources;
    }
}
