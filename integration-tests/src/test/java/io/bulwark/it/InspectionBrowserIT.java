package io.bulwark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * SIP inspection as network staff see it in the web UI (Debian's Chromium through Playwright):
 * svwar, run from a namespace of its own against the appliance, shows on the dashboard and in the
 * events list, and its event opens on a ladder diagram; then a toll-fraud rule changed on the
 * Policies page (a bad value first, refused at its field) refuses the next call the PBX places to
 * the same number, which went through before the change.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InspectionBrowserIT {

    private static final String NET = "10.231.40";
    private static final String APPLIANCE = NET + ".2";
    private static final String SVWAR = "10.231.41.2";
    private static final String USER = "secops";
    private static final String PW = "inspection browser password 1";
    /** A national number: allowed by the default rules, then denied by the prefix the test adds. */
    private static final String NUMBER = "030123456";
    private static final String DEFAULT_DENIED = "870,881,882,883,979,1900,449,4470,53,239,246,247,252,290,674,"
            + "682,683,688,690,49900,49137";

    private static Netns ns;
    private static Netns attacker;
    private static Appliance appliance;
    private static AdminClient admin;
    private static BrowserDriver browser;
    private static Sipp pbxUas;
    private static final List<String> report = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Netns.available(), "needs root and iproute2 (CI runs as root)");
        Assumptions.assumeTrue(ExternalTool.installed("svwar"), "needs sipvicious (.ci/test installs it)");
        ns = new Netns("bwb-app", NET);
        attacker = Netns.party("bwb-atk", ns, SVWAR.substring(0, SVWAR.lastIndexOf('.')));
        appliance = new Appliance("inspection-browser").inNamespace(ns.name, APPLIANCE);
        appliance.editConfig("io.bulwark.dos.nftables.cfg", Map.of("sip.ports",
                appliance.outsidePort + "," + appliance.outsideTlsPort));
        appliance.editConfig("io.bulwark.admin.cfg", Map.of("password.hash.memory.kib", "8192",
                "password.hash.iterations", "1"));
        pbxUas = Sipp.uasIn(ns.name, appliance.home.resolve("sipp"), "pbx-uas", appliance.pbxPort);
        appliance.start();
        appliance.awaitAdmin();
        admin = AdminClient.firstAdmin(appliance, USER, PW);
        browser = new BrowserDriver(appliance.adminUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        report.forEach(line -> System.out.println("InspectionBrowserIT: " + line));
        for (AutoCloseable c : new AutoCloseable[] {pbxUas, appliance, attacker, ns}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static Map<String, String> login(String... more) {
        java.util.HashMap<String, String> env = new java.util.HashMap<>(Map.of("BULWARK_USER", USER,
                "BULWARK_PASSWORD", PW));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    @Test
    @Order(1)
    void svwarShowsOnTheDashboardInTheEventsListAndOnALadder() throws Exception {
        long start = System.nanoTime();
        try (ExternalTool svwar = ExternalTool.start(appliance.home.resolve("attacks"), "svwar",
                attacker.exec("svwar", "-p", Integer.toString(appliance.outsidePort), "-e", "995-1005", APPLIANCE))) {
            JsonNode ban = awaitBan(SVWAR);
            report.add(String.format("svwar banned %d ms after it started (%s)",
                    (System.nanoTime() - start) / 1_000_000, ban.get("originName").asText()));
            svwar.await(60);
        }
        assertScannerLadder();
        BrowserDriver.Result r = browser.run("events", login("EXPECT_SOURCE", SVWAR, "EXPECT_KIND", "sip."));
        report.add("events scenario: " + r.stderr().lines().filter(l -> l.contains("ladder") || l.contains("row"))
                .reduce((a, b) -> a + "; " + b).orElse("ok"));
        for (String shot : List.of("dashboard-attack.png", "events.png", "event-ladder.png")) {
            assertTrue(Files.exists(BrowserDriver.SHOTS.resolve(shot)), shot);
        }
    }

    @Test
    @Order(2)
    void aTollFraudRuleChangedInTheUiRefusesTheNextCall() throws Exception {
        Path work = appliance.home.resolve("toll");
        assertEquals(0, placeCall(work.resolve("before"), null),
                "before the change, the call to " + NUMBER + " goes through");
        browser.run("toll-rule", login("TOLL_KEY", "denied.prefixes", "TOLL_VALUE", DEFAULT_DENIED + ",4930",
                "BAD_KEY", "office.hours", "BAD_VALUE", "25:00-18:00"));
        JsonNode cfg = admin.get("/api/v1/config/io.bulwark.inspection.toll").json();
        for (JsonNode p : cfg.get("properties")) {
            if (p.get("id").asText().equals("office.hours")) {
                assertFalse(p.get("value").toString().contains("25:00"), "the bad value was not saved: " + p);
            }
        }
        long changed = System.nanoTime();
        assertEquals(0, placeCall(work.resolve("after"), "2001"),
                "after the change, the call to " + NUMBER + " is refused with 403");
        JsonNode event = awaitTollEvent();
        report.add(String.format("next call refused %d ms after the rule was saved; event: %s",
                (System.nanoTime() - changed) / 1_000_000, event.get("evidence").asText().lines().findFirst()
                        .orElse("")));
        assertTrue(event.get("evidence").asText().contains("4930"), event.toString());
    }

    /**
     * The PBX (sipp in the appliance's namespace) calls {@link #NUMBER} through the inside port:
     * without an extension, sipp's own UAC (expects the call answered); with one, a UAC from that
     * extension that expects 403.
     */
    private static int placeCall(Path dir, String extension) throws Exception {
        int trunkPort = appliance.trunkPort;
        try (Sipp trunk = Sipp.uasIn(ns.name, dir.resolve("trunk"), "trunk-uas", trunkPort)) {
            Thread.sleep(300);
            List<String> args = new ArrayList<>(List.of("127.0.0.1:" + appliance.insidePort, "-i", "127.0.0.1", "-p",
                    Integer.toString(FreePorts.udpAndTcp()), "-t", "u1", "-s", NUMBER, "-m", "1", "-nostdin",
                    "-timeout", "30s", "-timeout_error"));
            Sipp pbx;
            if (extension == null) {
                args.addAll(0, List.of("-sn", "uac"));
                pbx = Sipp.uacIn(ns.name, dir.resolve("pbx"), "pbx-uac", args);
            } else {
                args.addAll(List.of("-key", "ext", extension));
                pbx = Sipp.scenarioIn(ns.name, dir.resolve("pbx"), "pbx-uac", "uac-refused", args);
            }
            try (pbx) {
                int rc = pbx.await(45);
                report.add(dir.getFileName() + ": sipp exit " + rc + ", successful " + pbx.counter("Successful call"));
                return rc;
            }
        }
    }

    /** The newest scanner event from svwar has a complete ladder: its probe as the appliance received it. */
    private static void assertScannerLadder() throws InterruptedException {
        JsonNode items = admin.get("/api/v1/events?kind=sip.scanner&source=" + SVWAR).json().get("items");
        for (int i = 0; i < 50 && items.isEmpty(); i++) {
            Thread.sleep(100);
            items = admin.get("/api/v1/events?kind=sip.scanner&source=" + SVWAR).json().get("items");
        }
        assertFalse(items.isEmpty(), "a stored sip.scanner event from " + SVWAR);
        JsonNode ladder = admin.get("/api/v1/events/" + items.get(0).get("id").asLong() + "/ladder").json();
        assertTrue(ladder.get("complete").asBoolean(), ladder.toString());
        boolean marked = false;
        for (JsonNode m : ladder.get("messages")) {
            marked |= m.get("evidence").asBoolean() && m.get("from").asText().startsWith(SVWAR + ":");
        }
        assertTrue(marked, "svwar's probe is the marked message: " + ladder);
        report.add("svwar event ladder: " + ladder.get("messages").size() + " message(s)");
    }

    private static JsonNode awaitBan(String address) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode b : admin.get("/api/v1/bans").json()) {
                if (b.get("scope").asText().equals(address + "/32")) {
                    return b;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError(address + " was not banned");
    }

    private static JsonNode awaitTollEvent() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode e : admin.get("/api/v1/events?kind=sip.toll-fraud").json().get("items")) {
                if (e.get("evidence").asText().contains(NUMBER.substring(1))) {
                    return e;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no sip.toll-fraud event about " + NUMBER);
    }
}
