package io.bulwark.benchmarks.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The run's results as markdown: the settings and machine, a throughput and CPU table, a latency table. */
final class Report {

    /** One N: the direct baseline and the run through the relay. */
    record Row(int calls, RelayLoadBenchmark.Phase direct, RelayLoadBenchmark.Phase relayed) {
    }

    private static final String[] DIRECTION_NAMES = {"RTP->SRTP (PBX to trunk)", "SRTP->RTP (trunk to PBX)"};

    private final RelayLoadBenchmark.Options options;
    private final String transport;
    private final int loopThreads;
    private final List<Row> rows;
    private final StringBuilder b = new StringBuilder();

    Report(RelayLoadBenchmark.Options options, String transport, int loopThreads, List<Row> rows) {
        this.options = options;
        this.transport = transport;
        this.loopThreads = loopThreads;
        this.rows = rows;
    }

    String markdown() {
        header();
        throughput();
        latency();
        return b.toString();
    }

    private void header() {
        line("# Media relay load, " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        line("");
        line("- machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + cpuModel() + "; java "
                + System.getProperty("java.vm.version") + "; load average after each phase in the run's log");
        line("- relay: `MediaRelay` on " + transport + ", " + loopThreads + " event-loop threads; outside leg "
                + RelayUnderTest.SUITE + ", inside leg plain RTP, RTP and RTCP multiplexed (one port per leg)");
        line("- load: " + (options.bothWays ? "both ways (PBX->trunk RTP->SRTP and trunk->PBX SRTP->RTP)"
                : "one way, PBX->trunk (RTP->SRTP)") + ", 50 packets/s per call and direction, 12 + 160 octets; "
                + options.senders + " sender and " + options.receivers + " receiver threads");
        line("- each N: the same streams socket to socket (direct), then through the relay; each "
                + options.warmupSeconds + " s warm-up, " + options.measureSeconds + " s measured");
        line("");
    }

    private void throughput() {
        line("| calls | offered pkts/s | sent pkts/s | relayed pkts/s | lost | SRTP failures / malformed | relay CPU"
                + " (cores) | relay CPU per 1,000 pkts | cores per 1,000 calls (extrapolated) | relay heap alloc per"
                + " pkt | GCs in window | generator CPU (cores) | this JVM / rest of machine (cores) | direct run: generator"
                + " CPU per 1,000 pkts |");
        line("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        boolean behind = false;
        for (Row r : rows) {
            RelayLoadBenchmark.Phase p = r.relayed();
            double secs = p.seconds();
            double offered = (double) r.calls() * RtpLoad.PACKETS_PER_SECOND * p.directions.length;
            behind |= p.sent() / secs < 0.99 * offered || r.direct().sent() / r.direct().seconds() < 0.99 * offered;
            long lost = p.sent() - p.received();
            double jvm = p.relay.processCpuNanos() / (double) p.windowNanos;
            double perPacketNanos = p.relayed == 0 ? Double.NaN : (double) p.relay.cpuNanos() / p.relayed;
            line(String.format(Locale.ROOT, "| %,d | %,.0f | %,.0f | %,.0f | %,d (%.3f %%) | %,d / %,d | %.3f | %.2f"
                    + " ms | %.2f | %,.0f B | %d | %.3f | %.2f / %.2f | %.2f ms |", r.calls(), offered, p.sent() / secs,
                    p.relayed / secs, lost, p.sent() == 0 ? 0 : 100.0 * lost / p.sent(), p.srtpFailures(),
                    p.malformed(), p.relay.cpuNanos() / (double) p.windowNanos, perPacketNanos / 1e3,
                    perPacketNanos * 1000 * RelayLoadBenchmark.CALL_PACKETS_PER_SECOND / 1e9,
                    p.relayed == 0 ? Double.NaN : (double) p.relay.allocatedBytes() / p.relayed, p.relay.gcCount(),
                    p.generator.cpuNanos() / (double) p.windowNanos, jvm, p.relay.machineBusyCores() - jvm,
                    r.direct().generator.cpuNanos() / 1e3 / Math.max(1, r.direct().sent())));
        }
        line("");
        if (behind) {
            line("Where sent is below 99 % of offered, the generator fell behind its schedule (the machine could not"
                    + " run it and the relay at that rate): that row's figures are for the rate actually sent, and"
                    + " its latency includes queueing on a saturated machine.");
            line("");
        }
    }

    private void latency() {
        line("One-way latency in µs (send to receipt, packets sent in the window), and the relay's share:"
                + " through the relay minus direct, percentile by percentile.");
        line("");
        line("| calls | direction | via relay p50 / p99 / max | direct p50 / p99 / max | added p50 / p99 | sender"
                + " late p99 (relay run / direct run) |");
        line("| ---: | --- | ---: | ---: | ---: | ---: |");
        for (Row r : rows) {
            for (int d = 0; d < r.relayed().directions.length; d++) {
                LatencyHistogram via = r.relayed().directions[d].latency;
                LatencyHistogram direct = r.direct().directions[d].latency;
                line(String.format(Locale.ROOT, "| %,d | %s | %s | %s | %s / %s | %s / %s |", r.calls(),
                        DIRECTION_NAMES[d], triple(via), triple(direct),
                        diff(via.percentileMicros(0.5), direct.percentileMicros(0.5)),
                        diff(via.percentileMicros(0.99), direct.percentileMicros(0.99)),
                        micros(r.relayed().lateness.percentileMicros(0.99)),
                        micros(r.direct().lateness.percentileMicros(0.99))));
            }
        }
        line("");
    }

    private static String triple(LatencyHistogram h) {
        return micros(h.percentileMicros(0.5)) + " / " + micros(h.percentileMicros(0.99)) + " / "
                + micros(h.count() == 0 ? -1 : h.maxMicros());
    }

    private static String micros(long v) {
        if (v < 0) {
            return "-";
        }
        return v == Long.MAX_VALUE ? "> 100,000" : String.format(Locale.ROOT, "%,d", v);
    }

    private static String diff(long a, long b) {
        if (a < 0 || b < 0 || a == Long.MAX_VALUE || b == Long.MAX_VALUE) {
            return "-";
        }
        return String.format(Locale.ROOT, "%+,d", a - b);
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("CPU model unknown");
        } catch (IOException e) {
            return "CPU model unknown";
        }
    }

    private void line(String s) {
        b.append(s).append('\n');
    }
}
