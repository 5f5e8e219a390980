package io.bulwark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * SIP inspection against real attack tools. The appliance runs in a network namespace of its own
 * with a real registrar behind it (Kamailio with users 1001 to 1003, digest authentication, 404
 * for unknown users) and a sipp UAS for calls. sipvicious' svmap, svwar and svcrack attack from
 * addresses of their own on the host side of the veth pair, while a legitimate caller on another
 * address keeps placing calls. Each tool must be banned within 2 s of its first request, svwar
 * must learn no extension, and no legitimate call may fail.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InspectionIT {

    private static final String NET = "10.231.8";
    private static final String APPLIANCE = NET + ".2";
    private static final String CALLER = NET + ".3";
    private static final String SVMAP = "10.231.20.2";
    private static final String SVWAR = "10.231.21.2";
    private static final String SVCRACK = "10.231.22.2";
    private static final String SVWAR_DISGUISED = "10.231.23.2";
    private static final String SVCRACK_DISGUISED = "10.231.24.2";
    private static final String FORGER = "10.231.25.2";
    private static final String SWEEPER = "10.231.26.2";
    private static final String LONG_CALLER = NET + ".10";
    private static final String PW = "inspection test password 1";
    private static final List<String> EXTENSIONS = List.of("1001", "1002", "1003");
    private static final int LEGIT_CALLS = 150;
    private static final long BAN_WITHIN_MS = 2000;

    private static Netns ns;
    /** Each attacker in a namespace of its own, wired into the appliance's: by its address. */
    private static final Map<String, Netns> attackers = new java.util.LinkedHashMap<>();
    private static Appliance appliance;
    private static ExternalTool registrar;
    private static Sipp uas;
    private static Sipp caller;
    private static AdminClient admin;
    private static final List<String> timings = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Netns.available(), "needs root and iproute2 (CI runs as root)");
        Assumptions.assumeTrue(ExternalTool.installed("svwar") && ExternalTool.installed("kamailio"),
                "needs sipvicious and kamailio (.ci/test installs them)");
        ns = new Netns("bwi-app", NET);
        for (String a : List.of(CALLER, LONG_CALLER)) {
            Netns.sh("ip", "addr", "add", a + "/24", "dev", ns.hostSide);
        }
        int i = 0;
        for (String a : List.of(SVMAP, SVWAR, SVCRACK, SVWAR_DISGUISED, SVCRACK_DISGUISED, FORGER, SWEEPER)) {
            attackers.put(a, Netns.party("bwi-atk" + i++, ns, a.substring(0, a.lastIndexOf('.'))));
        }
        appliance = new Appliance("inspection").inNamespace(ns.name, APPLIANCE);
        appliance.editConfig("io.bulwark.dos.nftables.cfg", Map.of("sip.ports",
                appliance.outsidePort + "," + appliance.outsideTlsPort));
        appliance.editConfig("io.bulwark.admin.cfg", Map.of("password.hash.memory.kib", "8192",
                "password.hash.iterations", "1"));
        int uasPort = FreePorts.udpAndTcp();
        Path work = appliance.home.resolve("pbx");
        Files.createDirectories(work);
        String cfg = new String(InspectionIT.class.getResourceAsStream("/pbx/kamailio-registrar.cfg").readAllBytes(),
                StandardCharsets.UTF_8).replace("@PORT@", Integer.toString(appliance.pbxPort))
                .replace("@UAS@", Integer.toString(uasPort));
        Files.writeString(work.resolve("kamailio.cfg"), cfg);
        registrar = ExternalTool.start(work, "kamailio", ns.exec("kamailio", "-f", work.resolve("kamailio.cfg")
                .toString(), "-m", "64", "-M", "8", "-E", "-DD", "-w", work.toString(), "-P",
                work.resolve("kamailio.pid").toString()));
        uas = Sipp.uasIn(ns.name, appliance.home.resolve("sipp"), "pbx-uas", uasPort);
        appliance.start();
        appliance.awaitAdmin();
        admin = AdminClient.firstAdmin(appliance, "root", PW);
        assertTrue(registrar.isAlive(), "kamailio: " + registrar.output());
        // the legitimate caller: calls all through the attacks, well under its per-source limits
        caller = Sipp.uacFrom(CALLER, appliance.home.resolve("sipp"), "legit", APPLIANCE + ":" + appliance.outsidePort,
                LEGIT_CALLS, 3);
    }

    @AfterAll
    static void stop() throws Exception {
        timings.forEach(System.out::println);
        for (AutoCloseable c : new AutoCloseable[] {caller, uas, registrar, appliance}) {
            if (c != null) {
                c.close();
            }
        }
        attackers.values().forEach(Netns::close);
        if (ns != null) {
            ns.close();
        }
    }

    /** @return the tool's command line, run in the attacker's own namespace */
    private static List<String> sv(String tool, String attacker, String... args) {
        List<String> c = new ArrayList<>(List.of(tool, "-p", Integer.toString(appliance.outsidePort)));
        c.addAll(List.of(args));
        c.add(APPLIANCE);
        return attackers.get(attacker).exec(c.toArray(String[]::new));
    }

    /** @return the ban of that address, or null */
    private static JsonNode banOf(String address) {
        for (JsonNode b : admin.get("/api/v1/bans").json()) {
            if (b.get("scope").asText().equals(address + "/32")) {
                return b;
            }
        }
        return null;
    }

    /** Runs a tool and waits for its source to be banned; @return the ban */
    private static JsonNode attackUntilBanned(String name, String source, List<String> command) throws Exception {
        long start = System.nanoTime();
        try (ExternalTool tool = ExternalTool.start(appliance.home.resolve("attacks"), name, command)) {
            JsonNode ban = null;
            while (ban == null && System.nanoTime() - start < Duration.ofSeconds(10).toNanos()) {
                ban = banOf(source);
                if (ban == null) {
                    Thread.sleep(10);
                }
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            timings.add(String.format("%s (%s): banned %d ms after it started: %s", name, source, ms,
                    ban == null ? "-" : SippText.firstLine(ban.get("reason").asText())));
            assertTrue(ban != null, name + " was not banned; its output:\n" + tool.output());
            assertTrue(ms < BAN_WITHIN_MS, name + " banned only after " + ms + " ms");
            tool.await(60);
            lastOutput = tool.output();
            return ban;
        }
    }

    private static String lastOutput = "";

    /** Cuts text for a one-line report. */
    private static final class SippText {
        static String firstLine(String s) {
            int nl = s.indexOf('\n');
            return nl < 0 ? s : s.substring(0, nl);
        }
    }

    private static void assertNoExtensionLearned(String output) {
        for (String ext : EXTENSIONS) {
            assertFalse(Pattern.compile("(?m)^\\|\\s*" + ext + "\\s*\\|").matcher(output).find(),
                    "svwar learned extension " + ext + ":\n" + output);
        }
    }

    private static boolean eventOf(String kind, String source) {
        for (JsonNode e : admin.get("/api/v1/events/summary?minutes=10").json().get("recent")) {
            if (e.get("kind").asText().equals(kind) && e.get("source").asText().equals(source)) {
                return true;
            }
        }
        return false;
    }

    /** The stand-in is a real registrar: aimed at it directly, svwar finds its users. */
    @Test
    @Order(0)
    void svwarAimedStraightAtThePbxFindsItsExtensions() throws Exception {
        try (ExternalTool direct = ExternalTool.start(appliance.home.resolve("attacks"), "svwar-direct",
                ns.exec("svwar", "-p", Integer.toString(appliance.pbxPort), "-e", "995-1005", "127.0.0.1"))) {
            assertEquals(0, direct.await(60), direct.output());
            for (String ext : EXTENSIONS) {
                assertTrue(Pattern.compile("(?m)^\\|\\s*" + ext + "\\s*\\|").matcher(direct.output()).find(),
                        "svwar did not find " + ext + " at the PBX itself:\n" + direct.output());
            }
        }
    }

    @Test
    @Order(1)
    void svmapIsBannedAtItsFirstProbe() throws Exception {
        JsonNode ban = attackUntilBanned("svmap", SVMAP, sv("svmap", SVMAP));
        assertEquals("sip.scanner", ban.get("originName").asText());
        assertTrue(eventOf("sip.scanner", SVMAP));
    }

    @Test
    @Order(2)
    void svwarIsBannedAndLearnsNoExtension() throws Exception {
        JsonNode ban = attackUntilBanned("svwar", SVWAR, sv("svwar", SVWAR, "-e", "990-1010"));
        assertEquals("sip.scanner", ban.get("originName").asText());
        assertNoExtensionLearned(lastOutput);
    }

    @Test
    @Order(3)
    void svcrackIsBanned() throws Exception {
        JsonNode ban = attackUntilBanned("svcrack", SVCRACK, sv("svcrack", SVCRACK, "-u", "1001", "-r", "100000-100300"));
        assertEquals("sip.scanner", ban.get("originName").asText());
    }

    /**
     * With tool signatures switched off, svwar is not recognised by name; the registrar's "no such
     * user" answers reach it as the same challenge a real user gets, so it learns nothing.
     */
    @Test
    @Order(4)
    void withoutSignaturesUniformAnswersTeachSvwarNothing() throws Exception {
        assertEquals(200, admin.put("/api/v1/config/io.bulwark.inspection.scanner",
                "{\"values\":{\"signatures\":[\"\"]}}").status());
        Thread.sleep(500);
        try (ExternalTool svwar = ExternalTool.start(appliance.home.resolve("attacks"), "svwar-disguised",
                sv("svwar", SVWAR_DISGUISED, "--force", "-e", "990-1010"))) {
            svwar.await(90);
            assertNoExtensionLearned(svwar.output());
            assertTrue(svwar.output().contains("401"), "svwar saw the uniform challenge: " + svwar.output());
        }
    }

    /** A scanner with a desk phone's User-Agent sweeping extensions is caught by its behaviour. */
    @Test
    @Order(5)
    void aDisguisedRegisterSweepIsBannedByItsBehaviour() throws Exception {
        Path dir = appliance.home.resolve("attacks");
        Path scenario = dir.resolve("register-sweep.xml");
        Files.write(scenario, InspectionIT.class.getResourceAsStream("/sipp/register-sweep.xml").readAllBytes());
        JsonNode ban = attackUntilBanned("sweep-disguised", SWEEPER, attackers.get(SWEEPER).exec("sipp", APPLIANCE + ":"
                + appliance.outsidePort, "-sf", scenario.toString(), "-i", SWEEPER, "-p", "5060", "-m", "40", "-r",
                "10", "-nostdin", "-timeout", "15s", "-trace_msg"));
        assertEquals("sip.scanner", ban.get("originName").asText());
        assertTrue(ban.get("reason").asText().matches("(?s).*(sweep|sequential|probing).*"), ban.toString());
    }

    @Test
    @Order(6)
    void withoutSignaturesPasswordGuessingIsCaughtByItsFailures() throws Exception {
        JsonNode ban = attackUntilBanned("svcrack-disguised", SVCRACK_DISGUISED, sv("svcrack", SVCRACK_DISGUISED, "-u",
                "1001", "-r", "100000-100300"));
        assertEquals("sip.brute-force", ban.get("originName").asText(), ban.toString());
    }

    /**
     * A third party that sniffed a call's Request-URI, Call-ID and tags sends the BYE from its own
     * address: it is refused, an event names it, and the call goes on to end normally.
     */
    @Test
    @Order(7)
    void aForgedByeFromAThirdAddressLeavesTheCallUp() throws Exception {
        Path sippDir = appliance.home.resolve("sipp-long");
        try (Sipp call = Sipp.uacFrom(LONG_CALLER, sippDir, "long-call", APPLIANCE + ":" + appliance.outsidePort, 1, 1,
                "-d", "8000", "-trace_msg")) {
            String ok = awaitAnswer(sippDir);
            String contact = field(ok, "Contact").replaceAll(".*<([^>]+)>.*", "$1");
            String callId = field(ok, "Call-ID");
            String fromTag = field(ok, "From").replaceAll(".*;tag=([^;>\\s]+).*", "$1");
            String toTag = field(ok, "To").replaceAll(".*;tag=([^;>\\s]+).*", "$1");
            Path scenario = sippDir.resolve("forged-bye.xml");
            Files.write(scenario, InspectionIT.class.getResourceAsStream("/sipp/forged-bye.xml").readAllBytes());
            try (ExternalTool forger = ExternalTool.start(sippDir, "forger", attackers.get(FORGER).exec("sipp", APPLIANCE + ":"
                    + appliance.outsidePort, "-sf", scenario.toString(), "-i", FORGER, "-p",
                    Integer.toString(FreePorts.udpAndTcp()), "-m", "1", "-nostdin", "-timeout", "20s", "-timeout_error",
                    "-key", "ruri", contact, "-cid_str", callId, "-key", "fromtag", fromTag, "-key",
                    "totag", toTag, "-trace_msg"))) {
                assertEquals(0, forger.await(30), "the forged BYE was not refused: " + forger.output());
            }
            assertEquals(0, call.await(60), "the call did not survive: " + call.output());
            assertEquals(1, call.counter("Successful call"));
            assertTrue(eventOf("sip.dialog-forgery", FORGER), "no sip.dialog-forgery event for the forger");
        }
    }

    /** @return the 200 OK to the INVITE, as the caller received it, once it has */
    private static String awaitAnswer(Path dir) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            try (var files = Files.list(dir)) {
                for (Path p : files.filter(f -> f.toString().endsWith("_messages.log")).toList()) {
                    String log = Files.readString(p, StandardCharsets.ISO_8859_1);
                    var m = Pattern.compile("(?s)(SIP/2.0 200 OK.*?CSeq: 1 INVITE.*?)\\r?\\n\\r?\\n").matcher(log);
                    if (m.find()) {
                        return m.group(1);
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the long call was not answered");
    }

    private static String field(String message, String name) {
        var m = Pattern.compile("(?mi)^" + name + ":\\s*([^\\r\\n]*)").matcher(message);
        assertTrue(m.find(), name + " missing in:\n" + message);
        return m.group(1).trim();
    }

    @Test
    @Order(10)
    void theLegitimateCallerNeverNoticed() throws Exception {
        assertEquals(0, caller.await(180), "legitimate calls: " + caller.output());
        assertEquals(LEGIT_CALLS, caller.counter("Successful call"));
        assertTrue(banOf(CALLER) == null, "the legitimate caller is not banned");
    }
}
