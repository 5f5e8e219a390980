package io.bulwark.dos.flood;

import io.bulwark.api.event.EventKinds;
import io.bulwark.api.event.SecurityEvent;
import io.bulwark.api.event.SecurityEventSink;
import io.bulwark.api.event.Severity;
import io.bulwark.api.event.ThreatLevel;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sees every packet the admission gate examines (sources neither banned nor allow-listed) and
 * raises a {@link EventKinds#NETWORK_FLOOD} event to every {@link SecurityEventSink} when a source
 * exceeds the threshold, at most once per source per window. The ban policy, one of the sinks,
 * turns the event into a ban.
 *
 * <p>{@link #observe} runs on the transport's event loops: a table lookup, one {@link Math#exp}
 * and no allocation; only the rare report allocates. Memory is fixed: 40 bytes per slot (5 MiB
 * with the default 131072 slots). A source that finds no slot (the table saturated by more active
 * sources than it holds) is not tracked; the admission gate's overflow limits still hold it.
 */
@Component(service = FloodDetector.class, configurationPid = FloodDetector.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = FloodDetector.Config.class)
public final class FloodDetector {

    /** The configuration PID. */
    public static final String PID = "io.bulwark.dos.flood";

    /** Configuration of the flood detector (PID {@value FloodDetector#PID}). */
    @ObjectClassDefinition(name = "Bulwark flood detector",
            description = "Per-source packet counters with exponential decay, like Kamailio's pike."
                    + " Memory: 40 bytes per table slot (5 MiB with the default size).")
    public @interface Config {

        /** @return whether floods are detected */
        @AttributeDefinition(name = "Enabled", description = "Detect floods and report them.")
        boolean enabled() default true;

        /** @return the threshold in packets per second */
        @AttributeDefinition(name = "Threshold (packets/s)", min = "1", max = "100000000",
                description = "A source averaging more packets per second than this over the window is"
                        + " reported as a flood (network.flood), and banned by the ban policy.")
        double threshold_pps() default 200;

        /** @return the window in seconds */
        @AttributeDefinition(name = "Window (s)", min = "1", max = "3600",
                description = "Time constant of the decaying average, and the least time between two"
                        + " reports of one source (1 to 3600).")
        int window_seconds() default 2;

        /** @return slots of the table */
        @AttributeDefinition(name = "Table slots", min = "64", max = "16777216",
                description = "Power of two; 40 bytes each. Bounds the memory whatever the number of sources.")
        int table_slots() default 131_072;
    }

    private static final Logger LOG = LoggerFactory.getLogger(FloodDetector.class);

    private final boolean enabled;
    private final double thresholdPps;
    private final int windowSeconds;
    private final double thresholdLevel;
    private final FloodTable table;
    private final Clock clock;
    private final List<SecurityEventSink> sinks = new CopyOnWriteArrayList<>();
    private final LongAdder reports = new LongAdder();
    private final LongAdder untracked = new LongAdder();

    /**
     * DS entry point.
     *
     * @param config the configuration
     * @throws IllegalArgumentException naming the key of a bad value
     */
    @Activate
    public FloodDetector(Config config) {
        this(config, Clock.systemUTC());
    }

    /**
     * Builds a detector without a framework; add sinks with {@link #addSink}.
     *
     * @param config the configuration
     * @param clock wall clock for the time of events (the packet clock comes with each packet)
     * @throws IllegalArgumentException naming the key of a bad value
     */
    public FloodDetector(Config config, Clock clock) {
        if (!(config.threshold_pps() >= 1) || config.threshold_pps() > 100_000_000) {
            throw new IllegalArgumentException("threshold.pps must be 1 to 100000000, got " + config.threshold_pps());
        }
        if (config.window_seconds() < 1 || config.window_seconds() > 3600) {
            throw new IllegalArgumentException("window.seconds must be 1 to 3600, got " + config.window_seconds());
        }
        this.enabled = config.enabled();
        this.thresholdPps = config.threshold_pps();
        this.windowSeconds = config.window_seconds();
        this.thresholdLevel = thresholdPps * windowSeconds;
        try {
            this.table = new FloodTable(config.table_slots(), windowSeconds * 1_000_000_000L);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("table.slots: " + e.getMessage(), e);
        }
        this.clock = clock;
    }

    /** @param sink a sink to report floods to */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addSink(SecurityEventSink sink) {
        sinks.add(sink);
    }

    /** @param sink a departing sink */
    public void removeSink(SecurityEventSink sink) {
        sinks.remove(sink);
    }

    /**
     * Counts one packet of a source. Allocation-free unless it reports a flood.
     *
     * @param hi high word of the source's key
     * @param lo low word of the source's key
     * @param source the source, for the report
     * @param zone the zone it arrived in
     * @param protocol its transport
     * @param now nanoseconds, on the admission gate's clock
     */
    public void observe(long hi, long lo, InetSocketAddress source, Zone zone, TransportProtocol protocol, long now) {
        if (!enabled) {
            return;
        }
        int slot = table.findOrClaim(hi, lo, now);
        if (slot < 0) {
            untracked.increment();
            return;
        }
        double level = table.count(slot, now, thresholdLevel);
        if (level >= 0) {
            report(source, zone, protocol, level);
        }
    }

    private void report(InetSocketAddress source, Zone zone, TransportProtocol protocol, double level) {
        reports.increment();
        String evidence = String.format(Locale.ROOT, "about %.0f packets/s averaged over %d s (threshold %.0f)",
                level / windowSeconds, windowSeconds, thresholdPps);
        SecurityEvent event = new SecurityEvent(ThreatLevel.NETWORK, EventKinds.NETWORK_FLOOD, Severity.HIGH,
                source.getAddress(), source.getPort(), protocol, zone, null, Instant.now(clock), evidence);
        for (SecurityEventSink sink : sinks) {
            try {
                sink.raise(event);
            } catch (RuntimeException e) {
                // a sink must not throw; if one does, the others still hear of the flood
                LOG.warn("Security event sink {} failed: {}", sink, e.toString(), e);
            }
        }
    }

    /** @return how many floods were reported */
    public long reportCount() {
        return reports.sum();
    }

    /** @return packets not tracked because the table had no slot */
    public long untrackedCount() {
        return untracked.sum();
    }

    /** @return bytes held by the table, fixed at construction */
    public long memoryBytes() {
        return table.memoryBytes();
    }
}
