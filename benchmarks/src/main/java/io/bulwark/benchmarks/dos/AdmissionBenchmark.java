package io.bulwark.benchmarks.dos;

import io.bulwark.api.decision.BanOrigin;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import io.bulwark.dos.admission.AdmissionConfig;
import io.bulwark.dos.admission.RateLimitingAdmissionGate;
import io.bulwark.dos.decision.JournaledDecisionStore;
import io.bulwark.dos.flood.FloodDetector;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Admission decisions per second on one core, as the transport asks them for every datagram: for
 * a source under its rate (allowed), for a banned source, for sources spread over a /16 (table
 * lookups that miss the CPU cache), and the per-method check on an INVITE start line. The gate
 * is the real one, fed by the real journaled decision store.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AdmissionBenchmark {

    private RateLimitingAdmissionGate gate;
    private JournaledDecisionStore store;
    private InetSocketAddress allowed;
    private InetSocketAddress banned;
    private InetSocketAddress[] spread;
    private byte[] invite;
    private int i;

    @Setup
    public void setUp() throws Exception {
        String journal = Files.createTempDirectory("bulwark-admission").resolve("decisions.log").toString();
        store = new JournaledDecisionStore(config(JournaledDecisionStore.Config.class, Map.of("journal_file", journal,
                "static_allow", "")));
        // limits far above the benchmark's rate, so "allowed" measures the full path that admits
        gate = new RateLimitingAdmissionGate(config(AdmissionConfig.class, Map.of("source_rate", 1e8,
                "source_burst", 10_000_000, "prefix_rate", 1e8, "prefix_burst", 10_000_000,
                "zone_outside_rate", 1e8, "zone_outside_burst", 10_000_000, "global_rate", 1e8,
                "global_burst", 10_000_000, "method_invite_rate", 1e8)));
        gate.setFlood(new FloodDetector(config(FloodDetector.Config.class, Map.of("threshold_pps", 1e8))));
        store.addListener(gate);
        gate.setStore(store);
        store.ban("198.51.100.7", Duration.ofHours(1), BanOrigin.ADMIN, "bench", "bench");
        allowed = new InetSocketAddress(InetAddress.getByName("203.0.113.5"), 5060);
        banned = new InetSocketAddress(InetAddress.getByName("198.51.100.7"), 5060);
        spread = new InetSocketAddress[65536];
        for (int k = 0; k < spread.length; k++) {
            spread[k] = new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 20, (byte) (k >> 8), (byte) k}),
                    5060);
        }
        invite = "INVITE sip:100@pbx.example SIP/2.0\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Thread.sleep(200); // the banned-set snapshot is rebuilt off the calling thread
    }

    @TearDown
    public void tearDown() throws Exception {
        store.close();
    }

    @Benchmark
    public boolean allowedSource() {
        return gate.admit(Zone.OUTSIDE, TransportProtocol.UDP, allowed, 600);
    }

    @Benchmark
    public boolean bannedSource() {
        return gate.admit(Zone.OUTSIDE, TransportProtocol.UDP, banned, 600);
    }

    @Benchmark
    public boolean sourcesSpreadOverASlash16() {
        return gate.admit(Zone.OUTSIDE, TransportProtocol.UDP, spread[i++ & 0xffff], 600);
    }

    @Benchmark
    public boolean inviteMethodRate() {
        return gate.admitMethod(Zone.OUTSIDE, allowed, invite);
    }

    /** An instance of a configuration annotation: its defaults, with some values replaced. */
    @SuppressWarnings("unchecked")
    static <A> A config(Class<A> type, Map<String, Object> overrides) {
        return (A) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (overrides.containsKey(method.getName())) {
                Object v = overrides.get(method.getName());
                Class<?> r = method.getReturnType();
                if (r == double.class && v instanceof Number n) {
                    return n.doubleValue();
                }
                if (r == int.class && v instanceof Number n) {
                    return n.intValue();
                }
                if (r == long.class && v instanceof Number n) {
                    return n.longValue();
                }
                return v;
            }
            if (method.getDefaultValue() != null) {
                return method.getDefaultValue();
            }
            return switch (method.getName()) {
                case "annotationType" -> type;
                case "toString" -> type.getSimpleName();
                case "hashCode" -> 0;
                case "equals" -> proxy == args[0];
                default -> throw new IllegalStateException("no default for " + method.getName());
            };
        });
    }
}
