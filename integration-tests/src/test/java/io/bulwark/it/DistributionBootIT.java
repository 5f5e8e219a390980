package io.bulwark.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import io.bulwark.api.sip.DialogRegistry;
import io.bulwark.api.store.CallRecordStore;
import io.bulwark.api.transport.SipTransport;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import java.io.File;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
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
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Boots the built Bulwark distribution with Pax Exam and checks that it is whole: every bundle
 * active, every DS component satisfied, listeners bound on both zones, and the proxy answering.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DistributionBootIT {

    private static final int OUTSIDE = FreePorts.udpAndTcp();
    private static final int OUTSIDE_TLS = FreePorts.tcp();
    private static final int INSIDE = FreePorts.udpAndTcp();
    private static final int PBX = FreePorts.udpAndTcp();
    private static final int ADMIN = FreePorts.tcp();

    @Inject
    private BundleContext context;

    @Inject
    private ServiceComponentRuntime scr;

    @Inject
    private SipTransport transport;

    @Inject
    private DialogRegistry dialogs;

    @Inject
    private CallRecordStore store;

    @Inject
    private org.apache.karaf.shell.api.console.SessionFactory sessionFactory;

    @Configuration
    public Option[] config() {
        String repo = System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
        String outside = "etc/io.bulwark.transport.listener-outside.cfg";
        String inside = "etc/io.bulwark.transport.listener-inside.cfg";
        return new Option[] {
            karafDistributionConfiguration()
                .frameworkUrl(maven().groupId("io.bulwark").artifactId("bulwark-karaf-assembly")
                    .version(System.getProperty("project.version")).type("tar.gz"))
                .unpackDirectory(new File("target/exam"))
                .useDeployFolder(false)
                .name("Bulwark"),
            keepRuntimeFolder(),
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
            // the test host's own firewall is not the appliance's to change
            editConfigurationFilePut("etc/io.bulwark.dos.nftables.cfg", "enabled", "false"),
            // the test methods run inside the container, where these statics are computed anew
            systemProperty("bulwark.it.outside").value(Integer.toString(OUTSIDE)),
        };
    }

    /**
     * Boot features may still be starting (or refreshing) when Pax Exam hands over: wait until every
     * bundle is active and the SIP path is wired before any assertion, for up to a minute.
     */
    @org.junit.Before
    public void awaitSettled() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            boolean allActive = List.of(context.getBundles()).stream().allMatch(b ->
                    b.getHeaders().get(Constants.FRAGMENT_HOST) != null || b.getState() == Bundle.ACTIVE);
            boolean wired = context.getServiceReference(io.bulwark.api.transport.SipFrameHandler.class) != null
                    && transport.advertisedAddress(Zone.OUTSIDE, TransportProtocol.UDP) != null;
            // Karaf registers a bundle's shell commands on a thread of its own, after the bundle started
            boolean commands = sessionFactory.getRegistry().getCommands().stream()
                    .filter(c -> "bulwark".equals(c.getScope())).count() >= 6;
            if (allActive && wired && commands) {
                return;
            }
            Thread.sleep(200);
        }
    }

    private static int outsidePort() {
        return Integer.getInteger("bulwark.it.outside");
    }

    @Test
    public void everyBundleIsActive() {
        List<String> notActive = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            int expected = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (b.getState() != expected) {
                notActive.add(b.getSymbolicName() + " " + b.getVersion() + " state=" + b.getState());
            }
        }
        assertTrue("bundles not active: " + notActive, notActive.isEmpty());
        for (String name : List.of("bulwark-api", "bulwark-transport", "bulwark-sip-proxy", "bulwark-store",
                "bulwark-admin", "bulwark-web-admin", "bulwark-dos-mitigation", "bulwark-sip-inspection",
                "bulwark-srtp-media")) {
            assertTrue(name + " installed", List.of(context.getBundles()).stream()
                    .anyMatch(b -> name.equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE));
        }
    }

    @Test
    public void everyComponentIsSatisfied() {
        List<String> broken = new ArrayList<>();
        int bulwarkComponents = 0;
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (d.name.startsWith("io.bulwark")) {
                bulwarkComponents++;
            }
            if (!scr.isComponentEnabled(d)) {
                continue;
            }
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state != ComponentConfigurationDTO.ACTIVE && c.state != ComponentConfigurationDTO.SATISFIED) {
                    broken.add(d.name + " state=" + c.state + " unsatisfied=" + c.unsatisfiedReferences.length
                            + (c.failure == null ? "" : " failure=" + c.failure));
                }
            }
        }
        assertTrue("components not satisfied: " + broken, broken.isEmpty());
        assertTrue("bulwark components found: " + bulwarkComponents, bulwarkComponents >= 6);
    }

    @Test
    public void listenersAreBoundOnBothZones() {
        assertNotNull(transport.advertisedAddress(Zone.OUTSIDE, TransportProtocol.UDP));
        assertNotNull(transport.advertisedAddress(Zone.OUTSIDE, TransportProtocol.TCP));
        assertNotNull(transport.advertisedAddress(Zone.OUTSIDE, TransportProtocol.TLS));
        assertNotNull(transport.advertisedAddress(Zone.INSIDE, TransportProtocol.UDP));
        assertEquals(outsidePort(), transport.advertisedAddress(Zone.OUTSIDE, TransportProtocol.UDP).getPort());
        assertEquals(0, dialogs.activeCount());
        assertTrue(store.count() >= 0);
    }

    /** Runs a command in a Karaf shell session, as staff at the console would, and returns its output. */
    private String shell(String command) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream ps = new java.io.PrintStream(out, true, StandardCharsets.UTF_8);
        org.apache.karaf.shell.api.console.Session session = sessionFactory.create(
                new java.io.ByteArrayInputStream(new byte[0]), ps, ps);
        try {
            session.execute(command);
        } finally {
            session.close();
        }
        ps.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void shellCommandsShowListenersAndCalls() throws Exception {
        String status = shell("bulwark:status");
        assertTrue(status, status.contains("outside") && status.contains("UDP") && status.contains("TLS"));
        assertTrue(status, status.contains(":" + outsidePort()));
        assertTrue(status, status.contains("Active calls: 0"));
        assertTrue(status, status.contains("Call records: "));
        String calls = shell("bulwark:calls");
        assertTrue(calls, calls.contains("Call-ID (outside)"));
        String records = shell("bulwark:calls --records --limit 5");
        assertTrue(records, records.contains("Direction"));
        String bad = shell("bulwark:calls --records --limit 0");
        assertTrue(bad, bad.contains("--limit must be 1-10000"));
    }

    @Test
    public void shellCommandListsStoredSecurityEvents() throws Exception {
        // Straight to the store's own sink: through every sink, the ban policy would act on it too.
        io.bulwark.api.store.SecurityEventStore events = context.getService(
                context.getServiceReference(io.bulwark.api.store.SecurityEventStore.class));
        ((io.bulwark.api.event.SecurityEventSink) events).raise(new io.bulwark.api.event.SecurityEvent(
                io.bulwark.api.event.ThreatLevel.APPLICATION, "sip.boot-test", io.bulwark.api.event.Severity.INFO,
                InetAddress.getByName("192.0.2.44"), 5060, TransportProtocol.UDP, Zone.OUTSIDE, "sip:100@pbx",
                java.time.Instant.now(), "raised by the boot test\nsecond line"));
        long deadline = System.currentTimeMillis() + 10_000;
        String listed = shell("bulwark:events --kind sip. --source 192.0.2.44");
        while (!listed.contains("sip.boot-test") && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            listed = shell("bulwark:events --kind sip. --source 192.0.2.44");
        }
        assertTrue(listed, listed.contains("sip.boot-test") && listed.contains("raised by the boot test"));
        assertTrue(listed, !listed.contains("second line"));
        String none = shell("bulwark:events --level network --source 192.0.2.44");
        assertTrue(none, none.contains("No security events"));
        assertTrue(shell("bulwark:events --limit 0").startsWith("Invalid option: limit"));
    }

    @Test
    public void shellCommandsBanAndUnban() throws Exception {
        String banned = shell("bulwark:ban --ttl 600 --reason console-test 203.0.113.99");
        assertTrue(banned, banned.contains("Banned 203.0.113.99/32 until"));
        String bans = shell("bulwark:bans");
        assertTrue(bans, bans.contains("203.0.113.99/32") && bans.contains("console-test"));
        assertTrue(bans, bans.contains("Kernel enforcement:"));
        String refused = shell("bulwark:ban 127.0.0.1");
        assertTrue(refused, refused.startsWith("Not banned"));
        String allowed = shell("bulwark:bans --allowed");
        assertTrue(allowed, allowed.contains("127.0.0.0/8") && allowed.contains("loopback"));
        String unbanned = shell("bulwark:unban 203.0.113.99/32");
        assertTrue(unbanned, unbanned.contains("Unbanned"));
        io.bulwark.api.store.AuditLog audit = context.getService(
                context.getServiceReference(io.bulwark.api.store.AuditLog.class));
        List<String> consoleActions = audit.page(0, 50).stream().filter(e -> "console".equals(e.actor())
                && "203.0.113.99/32".equals(e.target())).map(e -> e.action()).toList();
        assertEquals("console bans are audited like API ones", List.of("ban.remove", "ban.add"), consoleActions);
        assertTrue(shell("bulwark:unban 203.0.113.99/32").contains("is not banned"));
        assertTrue(shell("bulwark:ban not-an-ip").startsWith("Not banned"));
    }

    @Test
    public void sipProxyBundleUpdatesOnItsOwn() throws Exception {
        Bundle proxy = List.of(context.getBundles()).stream()
                .filter(b -> "bulwark-sip-proxy".equals(b.getSymbolicName())).findFirst().orElseThrow();
        Bundle transportBundle = List.of(context.getBundles()).stream()
                .filter(b -> "bulwark-transport".equals(b.getSymbolicName())).findFirst().orElseThrow();
        Object transportService = context.getServiceReference(SipTransport.class).getProperty(Constants.SERVICE_ID);
        proxy.update();
        long deadline = System.currentTimeMillis() + 15000;
        while (context.getServiceReference(io.bulwark.api.transport.SipFrameHandler.class) == null
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(Bundle.ACTIVE, proxy.getState());
        assertEquals("the transport bundle is not touched", Bundle.ACTIVE, transportBundle.getState());
        assertEquals("the transport service (and its sockets) stayed the same", transportService,
                context.getServiceReference(SipTransport.class).getProperty(Constants.SERVICE_ID));
        assertNotNull("listeners stay bound", transport.advertisedAddress(Zone.OUTSIDE, TransportProtocol.UDP));
        malformedRequestGetsA400OverUdp();
    }

    @Test
    public void malformedRequestGetsA400OverUdp() throws Exception {
        byte[] bad = ("INVITE sip:100@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKx1\r\n"
                + "From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:100@127.0.0.1>\r\nCall-ID: boot-it-1\r\n"
                + "CSeq: 1 INVITE\r\nContent-Length: -5\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            s.setSoTimeout(1000);
            String answer = null;
            // UDP: resend until answered (a bundle of the SIP path may be restarting), for up to 10 s
            for (int attempt = 0; attempt < 10 && answer == null; attempt++) {
                s.send(new DatagramPacket(bad, bad.length,
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), outsidePort())));
                byte[] buf = new byte[4096];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    s.receive(p);
                    answer = new String(buf, 0, p.getLength(), StandardCharsets.UTF_8);
                } catch (java.net.SocketTimeoutException e) {
                    // not answered yet
                }
            }
            assertNotNull("no answer to a malformed INVITE within 10 s", answer);
            assertTrue(answer, answer.startsWith("SIP/2.0 400 "));
            assertTrue(answer, answer.contains("boot-it-1"));
        }
    }
}
