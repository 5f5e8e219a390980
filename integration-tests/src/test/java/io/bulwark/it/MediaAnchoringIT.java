package io.bulwark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The proxy hands the SDP of calls to the media relay (media.anchoring, on by default): the PBX's INVITE and
 * the trunk's 200 carry the appliance's media ports of their own side, the call shows as a media
 * session while it lasts, and every session is released when the calls end (no port left behind).
 * Media itself is checked end to end by SrtpMediaIT.
 */
class MediaAnchoringIT {

    private static final String PW = "media anchoring password 1";
    private static Appliance appliance;
    private static AdminClient admin;
    private static final List<String> report = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        appliance = new Appliance("media");
        appliance.editConfig("io.bulwark.admin.cfg", Map.of("password.hash.memory.kib", "8192",
                "password.hash.iterations", "1"));
        appliance.start();
        appliance.awaitAdmin();
        admin = AdminClient.firstAdmin(appliance, "root", PW);
    }

    @AfterAll
    static void stop() throws Exception {
        report.forEach(l -> System.out.println("MediaAnchoringIT: " + l));
        if (appliance != null) {
            appliance.close();
        }
    }

    @Test
    void callsAreAnchoredWhileTheyLastAndReleasedAfter() throws Exception {
        Path dir = appliance.home.resolve("sipp");
        try (Sipp pbx = Sipp.uas(dir.resolve("pbx"), "pbx", appliance.pbxPort, "u1", "-trace_msg")) {
            Thread.sleep(300);
            try (Sipp trunk = Sipp.uac(dir.resolve("trunk"), "trunk", "127.0.0.1:" + appliance.outsidePort,
                    FreePorts.udpAndTcp(), "u1", 1, 1, "-d", "4000", "-trace_msg")) {
                JsonNode sessions = awaitSessions(1);
                JsonNode s = sessions.get(0);
                int outsidePort = port(s.get("outside").get("local").asText());
                int insidePort = port(s.get("inside").get("local").asText());
                report.add("during the call: " + s);
                assertTrue(outsidePort >= 30000 && outsidePort <= 31999, s.toString());
                assertTrue(insidePort >= 32000 && insidePort <= 33999, s.toString());
                assertEquals("RTP", s.get("inside").get("encryption").asText());
                assertEquals(0, trunk.await(30), trunk.output());
                String atPbx = Sipp.messages(dir.resolve("pbx"));
                assertTrue(atPbx.contains("m=audio " + insidePort + " RTP/AVP"), "the PBX is offered the appliance's"
                        + " inside media port:\n" + atPbx);
                String atTrunk = Sipp.messages(dir.resolve("trunk"));
                assertTrue(atTrunk.contains("m=audio " + outsidePort + " RTP/AVP"), "the trunk is answered with the"
                        + " appliance's outside media port:\n" + atTrunk);
            }
        }
        awaitSessions(0);
    }

    @Test
    void twoHundredCallsLeaveNoMediaSessionBehind() throws Exception {
        Path dir = appliance.home.resolve("sipp-load");
        try (Sipp pbx = Sipp.uas(dir.resolve("pbx"), "pbx", appliance.pbxPort, "u1")) {
            Thread.sleep(300);
            try (Sipp trunk = Sipp.uac(dir.resolve("trunk"), "trunk", "127.0.0.1:" + appliance.outsidePort,
                    FreePorts.udpAndTcp(), "u1", 200, 20)) {
                assertEquals(0, trunk.await(60), trunk.output());
                assertEquals(200, trunk.counter("Successful call"));
            }
        }
        long start = System.nanoTime();
        awaitSessions(0);
        report.add(String.format("200 calls at 20/s: 0 failed; no media session left %d ms after the last call",
                (System.nanoTime() - start) / 1_000_000));
    }

    @Test
    void theMediaPageShowsTheCallAndTheTrunkPolicyKeyExchangeAndPassThroughAreEditedThere() throws Exception {
        Path dir = appliance.home.resolve("sipp-browser");
        try (Sipp pbx = Sipp.uas(dir.resolve("pbx"), "pbx", appliance.pbxPort, "u1")) {
            Thread.sleep(300);
            try (Sipp trunk = Sipp.uac(dir.resolve("trunk"), "trunk", "127.0.0.1:" + appliance.outsidePort,
                    FreePorts.udpAndTcp(), "u1", 1, 1, "-d", "25000")) {
                awaitSessions(1);
                BrowserDriver.Result r = new BrowserDriver(appliance.adminUrl()).run("media", Map.of(
                        "BULWARK_USER", "root", "BULWARK_PASSWORD", PW, "BULWARK_EXPECT_MEDIA_SESSIONS", "1",
                        "BULWARK_EXPECT_OUTSIDE_SUITE", "RTP"));
                report.add("media page: " + r.stderr().lines().reduce((a, b) -> a + "; " + b).orElse("ok"));
                assertTrue(Files.exists(BrowserDriver.SHOTS.resolve("media.png")));
                JsonNode media = admin.get("/api/v1/config/io.bulwark.media").json();
                assertEquals("srtp-preferred", setting(media, "outside.policy"), "the scenario put the trunk's policy back");
                assertEquals("sdes", setting(media, "outside.keying"), "the scenario put the trunk's key exchange back");
                assertEquals("false", setting(media, "srtp.passthrough"), "the scenario put SRTP pass-through back");
                String audit = admin.get("/api/v1/audit").body();
                assertTrue(audit.contains("srtp-required") && audit.contains("io.bulwark.media"),
                        "the change made in the browser is in the audit log: " + audit);
                // Key exchange and pass-through were saved together in the browser, then put back together.
                List<String> changes = mediaChanges(admin.get("/api/v1/audit?limit=100").json());
                report.add("io.bulwark.media changes in the audit log (oldest first): " + changes);
                int on = changes.indexOf("{\"outside.keying\":\"dtls\",\"srtp.passthrough\":\"true\"}");
                assertTrue(on >= 0, "switching the trunk to DTLS-SRTP and pass-through on is audited: " + changes);
                assertTrue(changes.subList(on + 1, changes.size())
                        .contains("{\"outside.keying\":\"sdes\",\"srtp.passthrough\":\"false\"}"),
                        "putting them back is audited after it: " + changes);
                assertEquals(0, trunk.await(60), trunk.output());
            }
        }
        awaitSessions(0);
    }

    /** A setting's value as the config API gives it (its default when none is stored). */
    private static String setting(JsonNode config, String id) {
        for (JsonNode p : config.get("properties")) {
            if (p.get("id").asText().equals(id)) {
                JsonNode v = p.get("value");
                if (v == null || !v.isArray() || v.isEmpty()) {
                    v = p.get("defaultValue");
                }
                return v == null || v.isEmpty() ? null : v.get(0).asText();
            }
        }
        throw new AssertionError("no setting " + id + " in " + config);
    }

    /** The new values of every config.update of io.bulwark.media in an audit page, oldest first. */
    private static List<String> mediaChanges(JsonNode audit) {
        List<String> out = new ArrayList<>();
        for (JsonNode i : audit.get("items")) {
            if (i.get("action").asText().equals("config.update") && i.get("target").asText().equals("io.bulwark.media")) {
                out.add(0, i.get("newValue").asText());
            }
        }
        return out;
    }

    private static JsonNode awaitSessions(int n) throws InterruptedException {
        return admin.awaitMediaSessions(n, 5);
    }

    private static int port(String hostPort) {
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }

}
