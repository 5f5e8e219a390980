package io.bulwark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Topology hiding, checked where it can be seen: the PBX and the trunk each live in a network
 * namespace of their own with their own addresses; real sipp peers place calls both ways; and
 * nothing the trunk received (headers or SDP) names an inside address or port. With media
 * anchoring (on by default) every SDP the trunk gets names the appliance's outside media address
 * and a port of its outside range, never the PBX's media address.
 */
class TopologyHidingIT {

    private static final String PBX_NET = "10.231.1";
    private static final String TRUNK_NET = "10.231.2";
    private static Netns pbxNs;
    private static Netns trunkNs;
    private static Appliance appliance;
    private static Path work;

    @BeforeAll
    static void setUp() throws Exception {
        Assumptions.assumeTrue(Netns.available(), "needs root and iproute2 (CI runs as root)");
        pbxNs = new Netns("bwt-pbx", PBX_NET);
        trunkNs = new Netns("bwt-trk", TRUNK_NET);
        appliance = new Appliance("topology");
        appliance.editConfig("io.bulwark.transport.listener-outside.cfg", Map.of("bind.addresses", trunkNs.hostAddress,
                "udp.port", "5060", "tcp.port", "5060", "tls.port", "0"));
        appliance.editConfig("io.bulwark.transport.listener-inside.cfg", Map.of("bind.addresses", pbxNs.hostAddress,
                "udp.port", "5060", "tcp.port", "5060", "tls.port", "0"));
        appliance.editConfig("io.bulwark.sipproxy.cfg", Map.of("pbx.host", pbxNs.peerAddress, "pbx.port", "5080",
                "trunk.host", trunkNs.peerAddress, "trunk.port", "5060"));
        // its PBX places 50 calls from one "extension" in a few seconds, which the toll-fraud
        // rules rightly refuse; they are tested in TollFraudIT
        appliance.editConfig("io.bulwark.inspection.toll.cfg", Map.of("enabled", "false"));
        appliance.editConfig("io.bulwark.media.cfg", Map.of("outside.address", trunkNs.hostAddress,
                "inside.address", pbxNs.hostAddress));
        appliance.start();
        // SIP answers a moment before the media relay is up, and until then SDP is relayed without
        // its c= lines rewritten (a startup gap noted in the README): this test checks the running state
        appliance.awaitLog("Media relay: outside", java.time.Duration.ofSeconds(30));
        work = appliance.home.resolve("sipp");
        Files.createDirectories(work);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (appliance != null) {
            appliance.close();
        }
        if (pbxNs != null) {
            pbxNs.close();
        }
        if (trunkNs != null) {
            trunkNs.close();
        }
    }

    private static Process sipp(Netns ns, String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("sipp"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-nostdin", "-trace_msg", "-message_file", work.resolve(name + ".msg").toString()));
        return new ProcessBuilder(ns.exec(cmd.toArray(new String[0]))).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(work.resolve(name + ".out").toFile()).start();
    }

    /** @return the messages sipp logged as received, one string each */
    private static List<String> received(String name) throws IOException {
        String log = Files.readString(work.resolve(name + ".msg"), StandardCharsets.ISO_8859_1);
        List<String> out = new ArrayList<>();
        for (String block : log.split("(?m)^-{10,}.*$")) {
            int i = block.indexOf("message received");
            if (i >= 0) {
                out.add(block.substring(block.indexOf("\n", i) + 1).strip());
            }
        }
        return out;
    }

    private static void assertNothingInside(List<String> messages) {
        assertFalse(messages.isEmpty(), "the trunk received messages");
        int sdp = 0;
        for (String m : messages) {
            for (String line : m.split("\r?\n")) {
                assertFalse(line.contains(PBX_NET + "."), "inside address in: " + line + "\n--\n" + m);
                assertFalse(line.contains(":5080"), "inside port in: " + line + "\n--\n" + m);
                if (line.startsWith("c=")) {
                    assertEquals("c=IN IP4 " + trunkNs.hostAddress, line.strip(), "the appliance's outside media"
                            + " address:\n" + m);
                    sdp++;
                } else if (line.startsWith("m=")) {
                    int port = Integer.parseInt(line.split(" ")[1]);
                    assertTrue(port >= 30000 && port <= 31999, "a port of the outside media range: " + line);
                }
            }
        }
        assertTrue(sdp > 0, "SDP reached the trunk");
    }

    @Test
    void callsFromTheTrunkShowNothingOfTheInside() throws Exception {
        Process pbx = sipp(pbxNs, "in-pbx", "-sn", "uas", "-i", pbxNs.peerAddress, "-p", "5080");
        try {
            Process uac = sipp(trunkNs, "in-trunk", "-sn", "uac", trunkNs.hostAddress + ":5060", "-i",
                    trunkNs.peerAddress, "-p", "5062", "-m", "50", "-r", "25", "-timeout", "60s", "-timeout_error");
            assertTrue(uac.waitFor(90, TimeUnit.SECONDS));
            assertEquals(0, uac.exitValue(), Files.readString(work.resolve("in-trunk.out")));
        } finally {
            pbx.destroy();
        }
        assertNothingInside(received("in-trunk"));
    }

    @Test
    void callsFromThePbxShowNothingOfTheInside() throws Exception {
        Process trunk = sipp(trunkNs, "out-trunk", "-sn", "uas", "-i", trunkNs.peerAddress, "-p", "5060");
        try {
            Process uac = sipp(pbxNs, "out-pbx", "-sn", "uac", pbxNs.hostAddress + ":5060", "-i", pbxNs.peerAddress,
                    "-p", "5080", "-m", "50", "-r", "25", "-timeout", "60s", "-timeout_error");
            assertTrue(uac.waitFor(90, TimeUnit.SECONDS));
            assertEquals(0, uac.exitValue(), Files.readString(work.resolve("out-pbx.out")));
        } finally {
            trunk.destroy();
            trunk.waitFor(5, TimeUnit.SECONDS);
        }
        List<String> atTrunk = received("out-trunk");
        assertNothingInside(atTrunk);
        assertTrue(atTrunk.stream().anyMatch(m -> m.startsWith("INVITE ")), "INVITEs arrived");
    }
}
