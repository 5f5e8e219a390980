package io.bulwark.benchmarks.media;

import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Load on the media relay: N calls bridged RTP (PBX side) to SRTP AES_CM_128_HMAC_SHA1_80 (trunk
 * side), optionally back as well, through the real {@code MediaRelay} on event loops of its own.
 * For each N, first the same streams straight from socket to socket (the baseline), then through
 * the relay; each phase warms up, then measures. Reports packets/s, loss, SRTP failures, the CPU
 * time of the relay's event-loop threads (per second, per 1,000 packets, and extrapolated to 1,000
 * calls), their allocation, and the one-way latency with the baseline's subtracted.
 *
 * <pre>
 * RelayLoadBenchmark [--warmup s] [--measure s] [--relay-threads n] [--senders n] [--receivers n]
 *                    [--both-ways] [--first-port p] [--out file] [calls ...]
 * </pre>
 * {@code benchmarks/media/run-relay-load.sh} builds and runs it; its README says what the numbers mean.
 */
public final class RelayLoadBenchmark implements AutoCloseable {

    /** 50 packets a second each way: a call's packets per second when both parties talk. */
    static final int CALL_PACKETS_PER_SECOND = 2 * RtpLoad.PACKETS_PER_SECOND;

    private final Options options;
    private final RelayUnderTest relay;

    private RelayLoadBenchmark(Options options) {
        this.options = options;
        this.relay = new RelayUnderTest(options.relayThreads);
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        List<Report.Row> rows = new ArrayList<>();
        String transport;
        int loopThreads;
        try (RelayLoadBenchmark bench = new RelayLoadBenchmark(o)) {
            transport = bench.relay.transport();
            loopThreads = bench.relay.loopThreads();
            System.err.printf("relay event loops: %s, %d threads%n", transport, loopThreads);
            for (int calls : o.calls) {
                rows.add(new Report.Row(calls, bench.direct(calls), bench.relayed(calls)));
            }
        }
        String report = new Report(o, transport, loopThreads, rows).markdown();
        System.out.print(report);
        if (o.out != null) {
            Path out = Path.of(o.out);
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            Files.writeString(out, report);
            System.err.println("written to " + out);
        }
    }

    private Phase direct(int calls) throws Exception {
        List<DatagramChannel> sockets = new ArrayList<>();
        try {
            List<RtpLoad.Stream> streams = relay.direct(calls, options.bothWays, sockets);
            return run("direct", calls, streams, null);
        } finally {
            for (DatagramChannel c : sockets) {
                c.close();
            }
        }
    }

    private Phase relayed(int calls) throws Exception {
        long eventsBefore = relay.events();
        try (RelayUnderTest.Calls c = relay.open(calls, options.bothWays, options.firstPort)) {
            Phase p = run("relay", calls, c.streams, c);
            p.relayRefusedSrtp = c.relaySrtpFailures();
            p.events = relay.events() - eventsBefore;
            System.err.printf("  relay: %d SRTP packets from the trunk refused, %d events (injection, SRTP failure,"
                    + " stream change)%n", p.relayRefusedSrtp, p.events);
            return p;
        }
    }

    /** Runs one phase: starts the load, reads the meters at both ends of the window, waits for the load to end. */
    private Phase run(String name, int calls, List<RtpLoad.Stream> streams, RelayUnderTest.Calls through)
            throws Exception {
        System.gc(); // what the last phase left should not be collected inside this one's window
        int directions = options.bothWays ? 2 : 1;
        RtpLoad load = new RtpLoad(streams, directions, options.senders, options.receivers,
                TimeUnit.SECONDS.toNanos(options.warmupSeconds), TimeUnit.SECONDS.toNanos(options.measureSeconds));
        System.err.printf("%d calls, %s: %d streams, %d s warm-up, %d s measured%n", calls, name, streams.size(),
                options.warmupSeconds, options.measureSeconds);
        load.start();
        long[] loopIds = through == null ? new long[0] : CpuMeter.threadsNamed(RelayUnderTest.LOOP_THREAD_PREFIX);
        long[] generatorIds = CpuMeter.ids(load.threads());
        sleepUntil(load.windowStart());
        long t0 = System.nanoTime();
        CpuMeter.Reading relay0 = CpuMeter.read(loopIds);
        CpuMeter.Reading gen0 = CpuMeter.read(generatorIds);
        long[] relayed0 = through == null ? new long[2] : through.relayed();
        sleepUntil(load.windowEnd());
        long t1 = System.nanoTime();
        CpuMeter.Reading relay1 = CpuMeter.read(loopIds);
        CpuMeter.Reading gen1 = CpuMeter.read(generatorIds);
        long[] relayed1 = through == null ? new long[2] : through.relayed();
        Phase p = new Phase();
        p.directions = load.finish();
        p.windowNanos = t1 - t0;
        p.relay = relay1.minus(relay0);
        p.generator = gen1.minus(gen0);
        p.loopThreads = loopIds.length;
        for (int d = 0; d < 2; d++) {
            p.relayed += relayed1[d] - relayed0[d];
        }
        p.sendErrors = load.sendErrors();
        p.receiveErrors = load.receiveErrors();
        p.lateness = load.lateness();
        p.loadAverage = Files.readString(Path.of("/proc/loadavg")).trim();
        System.err.printf("  %s%n", p.summary());
        return p;
    }

    private static void sleepUntil(long deadline) {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    @Override
    public void close() {
        relay.close();
    }

    /** What one phase (direct or through the relay) measured. */
    static final class Phase {
        RtpLoad.DirectionResult[] directions;
        long windowNanos;
        CpuMeter.Reading relay;
        CpuMeter.Reading generator;
        int loopThreads;
        long relayed;
        long relayRefusedSrtp;
        long events;
        long sendErrors;
        long receiveErrors;
        LatencyHistogram lateness;
        String loadAverage;

        long sent() {
            long n = 0;
            for (RtpLoad.DirectionResult d : directions) {
                n += d.sent;
            }
            return n;
        }

        long received() {
            long n = 0;
            for (RtpLoad.DirectionResult d : directions) {
                n += d.received;
            }
            return n;
        }

        long srtpFailures() {
            long n = relayRefusedSrtp;
            for (RtpLoad.DirectionResult d : directions) {
                n += d.srtpFailures;
            }
            return n;
        }

        long malformed() {
            long n = 0;
            for (RtpLoad.DirectionResult d : directions) {
                n += d.malformed;
            }
            return n;
        }

        double seconds() {
            return windowNanos / 1e9;
        }

        String summary() {
            return String.format("sent %d, received %d, SRTP failures %d, malformed %d, send errors %d, receive"
                    + " errors %d, relayed %d, relay CPU %.3f s on %d threads, generator CPU %.3f s, load %s",
                    sent(), received(), srtpFailures(), malformed(), sendErrors, receiveErrors, relayed,
                    relay.cpuNanos() / 1e9, loopThreads, generator.cpuNanos() / 1e9, loadAverage);
        }
    }

    /** The command line. */
    static final class Options {
        int warmupSeconds = 10;
        int measureSeconds = 20;
        int relayThreads;
        int senders = 1;
        int receivers = 1;
        boolean bothWays;
        int firstPort = 20000;
        String out;
        List<Integer> calls = new ArrayList<>();

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--warmup" -> o.warmupSeconds = Integer.parseInt(args[++i]);
                    case "--measure" -> o.measureSeconds = Integer.parseInt(args[++i]);
                    case "--relay-threads" -> o.relayThreads = Integer.parseInt(args[++i]);
                    case "--senders" -> o.senders = Integer.parseInt(args[++i]);
                    case "--receivers" -> o.receivers = Integer.parseInt(args[++i]);
                    case "--both-ways" -> o.bothWays = true;
                    case "--first-port" -> o.firstPort = Integer.parseInt(args[++i]);
                    case "--out" -> o.out = args[++i];
                    default -> {
                        if (a.startsWith("-")) {
                            throw new IllegalArgumentException("unknown option " + a);
                        }
                        o.calls.add(Integer.parseInt(a));
                    }
                }
            }
            if (o.calls.isEmpty()) {
                o.calls = List.of(100, 250, 500, 1000);
            }
            if (o.senders < 1 || o.receivers < 1 || o.warmupSeconds < 0 || o.measureSeconds < 1) {
                throw new IllegalArgumentException("senders and receivers >= 1, warm-up >= 0 s, measured >= 1 s");
            }
            return o;
        }
    }
}
