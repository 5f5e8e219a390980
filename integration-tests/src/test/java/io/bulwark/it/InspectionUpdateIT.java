package io.bulwark.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import io.bulwark.api.event.SecurityEvent;
import io.bulwark.api.event.SecurityEventSink;
import io.bulwark.api.inspect.InspectionState;
import io.bulwark.api.inspect.SipInspector;
import io.bulwark.api.sip.DialogRegistry;
import io.bulwark.api.transport.SipFrameHandler;
import io.bulwark.api.transport.SipTransport;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import java.io.File;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Updates the sip-inspection bundle in place while sipp calls go through the appliance, and
 * checks what the split between inspectors (logic) and the proxy's inspection state (memory)
 * promises: no call fails, the counters the old inspectors kept are still there, and the new
 * revision carries on from them (a sweep begun before the update is caught after it).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class InspectionUpdateIT {

    private static final int OUTSIDE = FreePorts.udpAndTcp();
    private static final int OUTSIDE_TLS = FreePorts.tcp();
    private static final int INSIDE = FreePorts.udpAndTcp();
    private static final int PBX = FreePorts.udpAndTcp();
    private static final int ADMIN = FreePorts.tcp();

    private static final String BUNDLE = "bulwark-sip-inspection";
    /** The scanner inspector's tables and window (its defaults: the test's reads must use the same window). */
    private static final String TARGETS = "scanner.targets";
    private static final String PROBES = "scanner.probes";
    private static final String FLAGGED = "scanner.flagged";
    private static final long WINDOW_MS = 60_000;
    private static final int SWEEP_TARGETS = 10;
    /** Users probed before the update; the rest of the sweep comes after it. */
    private static final int PROBED_BEFORE = 4;
    /** Loopback sources of their own, so the calls' 127.0.0.1 is never flagged as a scanner. */
    private static final String SWEEPER = "127.0.0.3";
    private static final String SCANNER = "127.0.0.2";
    private static final String EARLY_SCANNER = "127.0.0.4";

    private static final int CALLS = 400;
    private static final int RATE = 20;
    private static final int CALL_MS = 2500;

    @Inject
    private BundleContext context;

    @Inject
    private SipTransport transport;

    @Inject
    private DialogRegistry dialogs;

    @Inject
    private InspectionState state;

    @Configuration
    public Option[] config() {
        String repo = System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
        String version = System.getProperty("project.version");
        String outside = "etc/io.bulwark.transport.listener-outside.cfg";
        String inside = "etc/io.bulwark.transport.listener-inside.cfg";
        File jar = new File(repo, "io/bulwark/" + BUNDLE + "/" + version + "/" + BUNDLE + "-" + version + ".jar");
        if (!jar.isFile()) {
            jar = new File("../bundles/sip-inspection/target/" + BUNDLE + "-" + version + ".jar");
        }
        File work = new File("target/inspection-update/" + System.currentTimeMillis());
        return new Option[] {
            karafDistributionConfiguration()
                .frameworkUrl(maven().groupId("io.bulwark").artifactId("bulwark-karaf-assembly")
                    .version(version).type("tar.gz"))
                .unpackDirectory(new File("target/exam"))
                .useDeployFolder(false)
                .name("Bulwark"),
            configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
            logLevel(LogLevel.INFO),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository", repo),
            editConfigurationFilePut(outside, "udp.port", Integer.toString(OUTSIDE)),
            editConfigurationFilePut(outside, "tcp.port", Integer.toString(OUTSIDE)),
            editConfigurationFilePut(outside, "tls.port", Integer.toString(OUTSIDE_TLS)),
            editConfigurationFilePut(inside, "udp.port", Integer.toString(INSIDE)),
            editConfigurationFilePut(inside, "tcp.port", Integer.toString(INSIDE)),
            editConfigurationFilePut(inside, "tls.port", "0"),
            editConfigurationFilePut("etc/io.bulwark.sipproxy.cfg", "pbx.port", Integer.toString(PBX)),
            editConfigurationFilePut("etc/io.bulwark.admin.http.cfg", "port", Integer.toString(ADMIN)),
            editConfigurationFilePut("etc/io.bulwark.dos.nftables.cfg", "enabled", "false"),
            // loopback is allow-listed (5000 datagrams/s, no per-method limits): the calls need
            // about 150/s; stated here so that a lower default cannot make this test flaky
            editConfigurationFilePut("etc/io.bulwark.dos.admission.cfg", "allowed.rate", "5000"),
            editConfigurationFilePut("etc/io.bulwark.dos.admission.cfg", "allowed.burst", "10000"),
            // the scanner's thresholds this test counts against, pinned to its defaults
            editConfigurationFilePut("etc/io.bulwark.inspection.scanner.cfg", "sweep.targets",
                    Integer.toString(SWEEP_TARGETS)),
            editConfigurationFilePut("etc/io.bulwark.inspection.scanner.cfg", "window.seconds",
                    Long.toString(WINDOW_MS / 1000)),
            // the test method runs inside the container, where the statics above are computed anew
            systemProperty("bulwark.it.outside").value(Integer.toString(OUTSIDE)),
            systemProperty("bulwark.it.pbx").value(Integer.toString(PBX)),
            systemProperty("bulwark.it.inspection.jar").value(jar.getAbsolutePath()),
            systemProperty("bulwark.it.work").value(work.getAbsolutePath()),
        };
    }

    /** Waits (up to a minute) until every bundle is active, the SIP path wired and all inspectors registered. */
    @Before
    public void awaitSettled() throws Exception {
        await(60_000, "appliance settled", () -> {
            boolean allActive = List.of(context.getBundles()).stream().allMatch(b ->
                    b.getHeaders().get(Constants.FRAGMENT_HOST) != null || b.getState() == Bundle.ACTIVE);
            return allActive && context.getServiceReference(SipFrameHandler.class) != null
                    && transport.advertisedAddress(Zone.OUTSIDE, TransportProtocol.UDP) != null
                    && inspectors().size() >= 7;
        });
    }

    @Test
    public void updatingTheInspectorsDuringCallsDropsNoCallAndKeepsTheirState() throws Exception {
        int outside = Integer.getInteger("bulwark.it.outside");
        Path work = Path.of(System.getProperty("bulwark.it.work"));
        Bundle bundle = List.of(context.getBundles()).stream().filter(b -> BUNDLE.equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
        List<ServiceReference<SipInspector>> before = inspectors();
        Set<String> namesBefore = names(before);
        Set<Object> idsBefore = new HashSet<>();
        before.forEach(r -> idsBefore.add(r.getProperty(Constants.SERVICE_ID)));

        Queue<SecurityEvent> events = new ConcurrentLinkedQueue<>();
        ServiceRegistration<SecurityEventSink> sink = context.registerService(SecurityEventSink.class, events::add,
                null);
        try (Sipp pbx = Sipp.uas(work, "pbx-uas", Integer.getInteger("bulwark.it.pbx"), "u1");
                Sipp uac = Sipp.uac(work, "trunk-uac", "127.0.0.1:" + outside, FreePorts.udpAndTcp(), "u1", CALLS,
                        RATE, "-d", Integer.toString(CALL_MS));
                DatagramSocket sweeper = udpFrom(SWEEPER);
                DatagramSocket scanner = udpFrom(SCANNER);
                DatagramSocket earlyScanner = udpFrom(EARLY_SCANNER)) {
            long callsStarted = System.nanoTime();

            // state kept by the old revision: the first users of a sweep, and the probes counted
            for (int i = 1; i <= PROBED_BEFORE; i++) {
                sendOptions(sweeper, outside, user(i), "bulwark-it");
            }
            await(10_000, "the scanner counted the probes", () -> targets().size() == PROBED_BEFORE
                    && probes() == PROBED_BEFORE);
            List<String> targetsBefore = targets();
            long probesBefore = probes();
            // and a finding of the old revision, for the proxy's per-inspector counters
            sendOptions(earlyScanner, outside, "100", "friendly-scanner");
            awaitEvent(events, e -> EARLY_SCANNER.equals(address(e)));
            Map<String, Map<String, Long>> countersBefore = proxyCounters();
            String flaggedBefore = state.get(FLAGGED, EARLY_SCANNER, System.currentTimeMillis());
            assertNotNull("the old revision flagged " + EARLY_SCANNER, flaggedBefore);

            // update in the middle of the calls, once they are at their steady number
            await(20_000, "calls in progress", () -> dialogs.activeCount() >= 40
                    && System.nanoTime() - callsStarted > 5_000_000_000L);
            int callsUp = dialogs.activeCount();
            BundleRevision revisionBefore = bundle.adapt(BundleRevision.class);
            long modifiedBefore = bundle.getLastModified();
            long updateStart = System.nanoTime();
            try (InputStream in = sameArtifact(bundle)) {
                bundle.update(in);
            }
            await(20_000, "every inspector registered again by the new revision", () -> {
                List<ServiceReference<SipInspector>> now = inspectors();
                return now.size() == before.size() && names(now).equals(namesBefore)
                        && now.stream().noneMatch(r -> idsBefore.contains(r.getProperty(Constants.SERVICE_ID)));
            });
            long updateMs = (System.nanoTime() - updateStart) / 1_000_000;
            int callsUpAfter = dialogs.activeCount();
            long updatedAfterMs = (updateStart - callsStarted) / 1_000_000;

            assertEquals(Bundle.ACTIVE, bundle.getState());
            assertNotEquals("a new revision", revisionBefore, bundle.adapt(BundleRevision.class));
            assertTrue("last modified moves on", bundle.getLastModified() > modifiedBefore);
            List<ServiceReference<SipInspector>> after = inspectors();
            assertTrue("inspectors: " + names(after), after.size() >= 7);
            for (ServiceReference<SipInspector> r : after) {
                assertEquals("registered by the updated bundle", bundle.getBundleId(), r.getBundle().getBundleId());
                assertFalse("a new service " + r, idsBefore.contains(r.getProperty(Constants.SERVICE_ID)));
            }

            // the old revision's counters are still in the proxy's state...
            List<String> targetsAfter = targets();
            long probesAfter = probes();
            assertEquals("scanner.targets of " + SWEEPER + " survive the update", targetsBefore, targetsAfter);
            assertEquals("scanner.probes of " + SWEEPER + " survive the update", probesBefore, probesAfter);
            assertEquals("scanner.flagged of " + EARLY_SCANNER + " survives the update", flaggedBefore,
                    state.get(FLAGGED, EARLY_SCANNER, System.currentTimeMillis()));

            // ...and the new revision counts on from them: the sweep completes only with the old users
            for (int i = PROBED_BEFORE + 1; i <= SWEEP_TARGETS; i++) {
                sendOptions(sweeper, outside, user(i), "bulwark-it");
            }
            SecurityEvent sweep = awaitEvent(events, e -> SWEEPER.equals(address(e))
                    && e.evidence().contains("sweep: " + SWEEP_TARGETS + " distinct users"));
            // a tool signature is caught by the new revision too (an alert: loopback is allow-listed)
            sendOptions(scanner, outside, "100", "friendly-scanner");
            SecurityEvent signature = awaitEvent(events, e -> SCANNER.equals(address(e))
                    && e.evidence().contains("tool signature 'friendly-scanner'"));
            assertTrue(signature.evidence(), signature.evidence().contains("alert only"));
            long now = System.currentTimeMillis();
            assertNotNull("flagged in the state", state.get(FLAGGED, SCANNER, now));
            assertNotNull("flagged in the state", state.get(FLAGGED, SWEEPER, now));
            Map<String, Map<String, Long>> counters = proxyCounters();
            assertTrue("proxy counters: " + counters, counters.get("scanner").get("findings") >= 2);

            // every call placed across the update succeeded
            int rc = uac.await(120);
            long successful = uac.counter("Successful call");
            long failed = uac.counter("Failed call");
            long created = uac.counter("Outgoing calls created");
            String summary = "InspectionUpdateIT: calls created=" + created + " successful=" + successful
                    + " failed=" + failed + " (sipp exit " + rc + "); update at +" + updatedAfterMs + " ms with "
                    + callsUp + " calls up (" + callsUpAfter + " once the inspectors were back); update from "
                    + updatedFrom + " took " + updateMs + " ms until all " + after.size() + " inspectors were"
                    + " registered again; " + TARGETS + "/" + PROBES + " of " + SWEEPER + ": "
                    + targetsBefore.size() + " users / " + probesBefore + " probes before the update, "
                    + targetsAfter.size() + " users / " + probesAfter + " probes after it; sweep event after the"
                    + " update: " + firstLine(sweep.evidence()) + "; signature event: "
                    + firstLine(signature.evidence()) + "; proxy counters before the update: " + countersBefore
                    + "; after it: " + counters;
            System.out.println(summary);
            Files.writeString(work.resolve("summary.txt"), summary + "\n");
            assertEquals("sipp exit code; successful=" + successful + " failed=" + failed + "\n"
                    + tail(uac.output()), 0, rc);
            assertEquals("failed calls", 0, failed);
            assertEquals("successful calls", CALLS, successful);
            assertTrue("calls were up during the update: " + callsUp, callsUp >= 40);
        } finally {
            sink.unregister();
        }
    }

    /**
     * @return the artifact the bundle was installed from (its mvn: location, resolved from the
     *     distribution's own system repository first), or else the jar the build installed
     */
    private static String updatedFrom;

    private static InputStream sameArtifact(Bundle bundle) throws Exception {
        try {
            InputStream in = new java.net.URL(bundle.getLocation()).openStream();
            updatedFrom = bundle.getLocation();
            return in;
        } catch (java.io.IOException e) {
            File jar = new File(System.getProperty("bulwark.it.inspection.jar"));
            assertTrue("no artifact to update " + bundle.getLocation() + " with (" + e + "), nor " + jar,
                    jar.isFile());
            updatedFrom = jar.toString();
            return Files.newInputStream(jar.toPath());
        }
    }

    private List<ServiceReference<SipInspector>> inspectors() {
        try {
            return new ArrayList<>(context.getServiceReferences(SipInspector.class,
                    "(" + SipInspector.NAME_PROPERTY + "=*)"));
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> names(List<ServiceReference<SipInspector>> refs) {
        Set<String> s = new TreeSet<>();
        refs.forEach(r -> s.add(String.valueOf(r.getProperty(SipInspector.NAME_PROPERTY))));
        return s;
    }

    private List<String> targets() {
        return new ArrayList<>(state.members(TARGETS, SWEEPER, System.currentTimeMillis(), WINDOW_MS));
    }

    private long probes() {
        return state.count(PROBES, SWEEPER, System.currentTimeMillis(), WINDOW_MS);
    }

    /** The proxy's per-inspector counters: a public method of its component, not of a service interface. */
    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Long>> proxyCounters() throws Exception {
        ServiceReference<DialogRegistry> ref = context.getServiceReference(DialogRegistry.class);
        Object proxy = context.getService(ref);
        try {
            return (Map<String, Map<String, Long>>) proxy.getClass().getMethod("inspectionCounters").invoke(proxy);
        } finally {
            context.ungetService(ref);
        }
    }

    private static String user(int i) {
        return String.format("sweep%02d", i);
    }

    private static String address(SecurityEvent e) {
        return e.source() == null ? null : e.source().getHostAddress();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static DatagramSocket udpFrom(String address) throws Exception {
        return new DatagramSocket(new InetSocketAddress(InetAddress.getByName(address), 0));
    }

    private static int sequence;

    /** Sends one unauthenticated OPTIONS to a user, without waiting for (or retransmitting on) an answer. */
    private static void sendOptions(DatagramSocket s, int port, String user, String userAgent) throws Exception {
        String local = s.getLocalAddress().getHostAddress();
        int n = ++sequence;
        String msg = "OPTIONS sip:" + user + "@127.0.0.1:" + port + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + local + ":" + s.getLocalPort() + ";branch=z9hG4bK-iu-" + n + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:probe@" + local + ">;tag=iu" + n + "\r\n"
                + "To: <sip:" + user + "@127.0.0.1>\r\n"
                + "Call-ID: inspection-update-" + n + "@" + local + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Contact: <sip:probe@" + local + ":" + s.getLocalPort() + ">\r\n"
                + "User-Agent: " + userAgent + "\r\n"
                + "Accept: application/sdp\r\n"
                + "Content-Length: 0\r\n\r\n";
        byte[] b = msg.getBytes(StandardCharsets.US_ASCII);
        s.send(new DatagramPacket(b, b.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
        Thread.sleep(20);
    }

    private static SecurityEvent awaitEvent(Queue<SecurityEvent> events, Predicate<SecurityEvent> wanted)
            throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            for (SecurityEvent e : events) {
                if (wanted.test(e)) {
                    return e;
                }
            }
            Thread.sleep(20);
        }
        List<String> got = new ArrayList<>();
        events.forEach(e -> got.add(e.kind() + " from " + address(e) + ": " + firstLine(e.evidence())));
        throw new AssertionError("no such security event within 10 s; got " + got);
    }

    private static String tail(String s) {
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }

    private static void await(long millis, String what, BooleanSupplier condition) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out after " + millis + " ms waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
