package io.bulwark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The web UI in Debian's headless Chromium (Playwright), against the running distribution, the way
 * network staff use it: first-start setup with the console token, login, a real sipp call seen in
 * live calls and then in the call records, a listener port moved from the UI (and a call placed
 * on the new port), a bad value refused at the field with nothing changed, and an auditor who
 * finds the change in the audit log but has no write controls. Every page is screenshotted into
 * {@code target/web-admin-screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebAdminBrowserIT {

    private static final String USER = "netops";
    private static final String PW = "web admin password 1";
    private static final String LISTENER = "io.bulwark.transport.listener~outside";
    private static final String CALLEE = "4930555777";
    private static Appliance appliance;
    private static BrowserDriver browser;
    private static Sipp pbx;
    private static int movedPort;

    @BeforeAll
    static void start() throws Exception {
        appliance = new Appliance("web-admin");
        appliance.editConfig("io.bulwark.admin.cfg", Map.of("password.hash.memory.kib", "8192",
                "password.hash.iterations", "1"));
        appliance.start();
        appliance.awaitAdmin();
        browser = new BrowserDriver(appliance.adminUrl());
        pbx = Sipp.uas(appliance.home.resolve("sipp"), "pbx-uas", appliance.pbxPort, "u1");
    }

    @AfterAll
    static void stop() throws Exception {
        if (pbx != null) {
            pbx.close();
        }
        if (appliance != null) {
            appliance.close();
        }
    }

    private static Map<String, String> admin(String... more) {
        java.util.HashMap<String, String> env = new java.util.HashMap<>(Map.of("BULWARK_USER", USER,
                "BULWARK_PASSWORD", PW));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    private static AdminClient api() {
        AdminClient c = new AdminClient(appliance.adminUrl(), AdminClient.trusting(appliance.home));
        assertEquals(200, c.login(USER, PW).status());
        return c;
    }

    @Test
    @Order(1)
    void firstStartSetupWithTheConsoleToken() throws Exception {
        browser.run("setup", admin("BULWARK_SETUP_TOKEN", appliance.setupToken()));
        assertTrue(Files.exists(BrowserDriver.SHOTS.resolve("dashboard.png")));
    }

    @Test
    @Order(2)
    void wrongPasswordIsRefusedAndTheRightOneLogsIn() throws Exception {
        BrowserDriver.Result wrong = browser.attempt("login", Map.of("BULWARK_USER", USER, "BULWARK_PASSWORD",
                "not the password"));
        assertEquals(1, wrong.exitCode(), wrong.stdout());
        browser.run("login", admin());
    }

    @Test
    @Order(3)
    void aSippCallShowsInLiveCallsThenInCallRecords() throws Exception {
        try (Sipp caller = Sipp.uac(appliance.home.resolve("sipp"), "uac-long", "127.0.0.1:" + appliance.outsidePort,
                FreePorts.udpAndTcp(), "u1", 1, 1, "-s", CALLEE, "-d", "20000")) {
            browser.run("live-call", admin("WAIT_MS", "15000"));
            assertEquals(0, caller.await(60), caller.output());
        }
        browser.run("call-record", admin("EXPECT_TEXT", CALLEE));
    }

    @Test
    @Order(4)
    void aListenerPortChangedInTheUiMovesTheListener() throws Exception {
        movedPort = FreePorts.udpAndTcp();
        browser.run("change-port", admin("CONFIG_PID", LISTENER, "CONFIG_KEY", "udp.port",
                "CONFIG_VALUE", Integer.toString(movedPort)));
        appliance.awaitLog("SIP UDP listener of zone outside bound to /127.0.0.1:" + movedPort, Duration.ofSeconds(20));
        JsonNode listeners = api().get("/api/v1/status").json().get("listeners");
        boolean moved = false;
        for (JsonNode l : listeners) {
            if (l.get("zone").asText().equals("outside") && l.get("protocol").asText().equals("UDP")) {
                assertEquals(movedPort, l.get("port").asInt());
                moved = true;
            }
        }
        assertTrue(moved, listeners.toString());
        try (Sipp caller = Sipp.uac(appliance.home.resolve("sipp"), "uac-moved", "127.0.0.1:" + movedPort,
                FreePorts.udpAndTcp(), "u1", 5, 5)) {
            assertEquals(0, caller.await(60), "calls on the new port: " + caller.output());
        }
        assertTrue(Files.readString(appliance.home.resolve("etc/io.bulwark.transport.listener-outside.cfg"))
                .contains("udp.port = " + movedPort), "the change is in etc/ and survives a restart");
    }

    @Test
    @Order(5)
    void aBadValueIsShownAtTheFieldAndChangesNothing() throws Exception {
        browser.run("bad-value", admin("CONFIG_PID", LISTENER, "CONFIG_KEY", "udp.port", "CONFIG_VALUE", "70000",
                "EXPECT_VALUE", Integer.toString(movedPort)));
        assertTrue(Files.readString(appliance.home.resolve("etc/io.bulwark.transport.listener-outside.cfg"))
                .contains("udp.port = " + movedPort));
    }

    @Test
    @Order(6)
    void anAuditorFindsTheChangeButCannotChangeAnything() throws Exception {
        AdminClient api = api();
        assertEquals(201, api.post("/api/v1/users", AdminClient.json("username", "audrey", "password", PW,
                "role", "auditor")).status());
        browser.run("auditor", Map.of("AUDITOR_USER", "audrey", "AUDITOR_PASSWORD", PW, "BULWARK_USER", "audrey",
                "BULWARK_PASSWORD", PW, "EXPECT_TEXT", Integer.toString(movedPort), "CONFIG_PID", LISTENER));
    }

    @Test
    @Order(7)
    void theCertificatePageShowsTheFingerprintAndOnlyAdminsMayReplaceIt() throws Exception {
        String fingerprint = api().get("/api/v1/admin-certificate").json().get("sha256Fingerprint").asText();
        browser.run("certificate", admin("EXPECT_FINGERPRINT", fingerprint));
        browser.run("certificate", Map.of("BULWARK_USER", USER, "BULWARK_PASSWORD", PW, "AUDITOR_USER", "audrey",
                "AUDITOR_PASSWORD", PW, "EXPECT_FINGERPRINT", fingerprint));
    }

    @Test
    @Order(8)
    void everyPageIsScreenshotted() throws Exception {
        browser.run("screenshots", admin());
        for (String page : new String[] {"dashboard", "calls", "records", "config", "config-detail", "bundles",
            "users", "audit", "tokens", "certificate", "events", "bans"}) {
            assertTrue(Files.exists(BrowserDriver.SHOTS.resolve(page + ".png")), page);
        }
    }
}
