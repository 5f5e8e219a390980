package io.bulwark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The admin API of the running distribution, driven over HTTPS the way a script or the browser
 * does: setup, authentication, roles, CSRF, bad input, lockout, audit, OpenAPI.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminApiIT {

    private static final String PW = "correct horse battery staple";
    private static final String LISTENER = "io.bulwark.transport.listener~outside";
    private static Appliance appliance;
    private static AdminClient anonymous;
    private static AdminClient admin;

    @BeforeAll
    static void start() throws Exception {
        appliance = new Appliance("admin-api");
        appliance.editConfig("io.bulwark.admin.cfg", Map.of("login.failures.per.minute", "1000",
                "password.hash.memory.kib", "8192", "password.hash.iterations", "1"));
        appliance.start();
        appliance.awaitAdmin();
        anonymous = new AdminClient(appliance.adminUrl(), AdminClient.trusting(appliance.home));
        admin = anonymous.copy();
    }

    @AfterAll
    static void stop() throws Exception {
        if (appliance != null) {
            appliance.close();
        }
    }

    private static void assertProblem(int status, AdminClient.Reply r) {
        assertEquals(status, r.status(), r.body());
        assertTrue(r.isProblem(), "problem+json expected, got " + r.contentType() + ": " + r.body());
        assertEquals(status, r.json().get("status").asInt());
    }

    @Test
    @Order(1)
    void setupTokenWorksExactlyOnce() throws Exception {
        assertTrue(anonymous.send("GET", "/api/v1/setup", null, false).json().get("required").asBoolean());
        String token = appliance.setupToken();
        assertTrue(appliance.home.resolve("console.out").toFile().exists());
        assertTrue(java.nio.file.Files.readString(appliance.home.resolve("console.out")).contains(token),
                "the token is printed on the console too");
        assertProblem(403, anonymous.post("/api/v1/setup", AdminClient.json("token", "not-the-token",
                "username", "root", "password", PW)));
        assertProblem(400, anonymous.post("/api/v1/setup", AdminClient.json("token", token,
                "username", "root", "password", "short")));
        AdminClient.Reply ok = anonymous.post("/api/v1/setup", AdminClient.json("token", token,
                "username", "root", "password", PW));
        assertEquals(201, ok.status(), ok.body());
        assertProblem(403, anonymous.post("/api/v1/setup", AdminClient.json("token", token,
                "username", "mallory", "password", PW)));
        assertFalse(anonymous.send("GET", "/api/v1/setup", null, false).json().get("required").asBoolean());
        assertEquals(200, admin.login("root", PW).status());
        String cookie = admin.login("root", PW).raw().headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
    }

    @Test
    @Order(2)
    void openApiDocumentValidatesAndEveryEndpointRefusesStrangers() {
        AdminClient.Reply doc = admin.get("/api/v1/openapi.json");
        assertEquals(200, doc.status());
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(doc.body());
        assertNotNull(parsed.getOpenAPI(), String.valueOf(parsed.getMessages()));
        assertEquals(List.of(), parsed.getMessages());
        List<String> open = List.of("GET /setup", "POST /setup", "POST /session");
        List<String> checked = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = doc.json().get("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> p = paths.next();
            Iterator<String> methods = p.getValue().fieldNames();
            while (methods.hasNext()) {
                String method = methods.next().toUpperCase(java.util.Locale.ROOT);
                String key = method + " " + p.getKey();
                if (open.contains(key)) {
                    continue;
                }
                String path = "/api/v1" + p.getKey().replaceAll("\\{[^}]+}", "x");
                AdminClient.Reply r = anonymous.send(method, path, method.equals("GET") || method.equals("DELETE")
                        ? null : "{}", false);
                assertProblem(401, r);
                checked.add(key);
            }
        }
        assertTrue(checked.size() >= 18, "endpoints checked: " + checked);
        assertProblem(401, anonymous.send("GET", "/api/v1/status", null, false));
        AdminClient forged = anonymous.copy();
        forged.useBearer("bwk_forged");
        assertProblem(401, forged.get("/api/v1/status"));
    }

    @Test
    @Order(3)
    void eachRoleGetsExactlyItsRights() {
        assertEquals(201, admin.post("/api/v1/users", AdminClient.json("username", "olga", "password", PW,
                "role", "operator")).status());
        assertEquals(201, admin.post("/api/v1/users", AdminClient.json("username", "audrey", "password", PW,
                "role", "auditor")).status());
        AdminClient operator = anonymous.copy();
        AdminClient auditor = anonymous.copy();
        assertEquals(200, operator.login("olga", PW).status());
        assertEquals(200, auditor.login("audrey", PW).status());
        String change = "{\"values\":{\"idle.timeout.seconds\":[\"301\"]}}";
        String newUser = AdminClient.json("username", "eve", "password", PW, "role", "admin");
        for (String read : List.of("/api/v1/status", "/api/v1/bundles", "/api/v1/metrics/calls", "/api/v1/calls",
                "/api/v1/call-records", "/api/v1/config", "/api/v1/config/" + LISTENER, "/api/v1/session",
                "/api/v1/tokens", "/api/v1/openapi.json", "/api/v1/bans", "/api/v1/allow-list", "/api/v1/admission",
                "/api/v1/events/summary", "/api/v1/events", "/api/v1/admin-certificate", "/api/v1/media/sessions")) {
            assertEquals(200, admin.get(read).status(), "admin " + read);
            assertEquals(200, operator.get(read).status(), "operator " + read);
            assertEquals(200, auditor.get(read).status(), "auditor " + read);
        }
        assertEquals(200, admin.get("/api/v1/audit").status());
        assertEquals(200, auditor.get("/api/v1/audit").status());
        assertProblem(403, operator.get("/api/v1/audit"));
        assertEquals(200, admin.get("/api/v1/users").status());
        assertProblem(403, operator.get("/api/v1/users"));
        assertProblem(403, auditor.get("/api/v1/users"));
        assertProblem(403, operator.put("/api/v1/config/" + LISTENER, change));
        assertProblem(403, auditor.put("/api/v1/config/" + LISTENER, change));
        assertProblem(403, operator.post("/api/v1/users", newUser));
        assertProblem(403, auditor.post("/api/v1/users", newUser));
        assertProblem(403, auditor.delete("/api/v1/users/olga"));
        assertProblem(403, operator.put("/api/v1/users/olga", "{\"role\":\"admin\"}"));
        assertEquals(200, admin.put("/api/v1/config/" + LISTENER, change).status());
        assertEquals("301", value(admin, LISTENER, "idle.timeout.seconds"));
        // every role may manage its own tokens, and a token carries its owner's role
        AdminClient.Reply t = auditor.post("/api/v1/tokens", AdminClient.json("name", "report", "validDays", 7));
        assertEquals(201, t.status(), t.body());
        AdminClient script = anonymous.copy();
        script.useBearer(t.json().get("token").asText());
        assertEquals(200, script.get("/api/v1/audit").status());
        assertProblem(403, script.put("/api/v1/config/" + LISTENER, change));
        assertEquals(204, auditor.delete("/api/v1/tokens/" + t.json().get("id").asText()).status());
        assertProblem(401, script.get("/api/v1/status"));
    }

    @Test
    @Order(4)
    void csrfHeaderIsRequiredWithTheCookieButNotWithATokenOrForReads() {
        String change = "{\"values\":{\"idle.timeout.seconds\":[\"302\"]}}";
        String path = "/api/v1/config/" + LISTENER;
        assertProblem(403, admin.sendWithCsrf("PUT", path, change, null));
        assertProblem(403, admin.sendWithCsrf("PUT", path, change, "guessed"));
        assertProblem(403, admin.sendWithCsrf("POST", "/api/v1/tokens", AdminClient.json("name", "x"), null));
        assertProblem(403, admin.sendWithCsrf("DELETE", "/api/v1/session", null, null));
        assertEquals("301", value(admin, LISTENER, "idle.timeout.seconds"), "refused changes changed nothing");
        assertEquals(200, admin.sendWithCsrf("GET", "/api/v1/status", null, null).status());
        assertEquals(200, admin.sendWithCsrf("PUT", path, change, admin.csrfToken()).status());
        AdminClient other = anonymous.copy();
        other.login("olga", PW);
        assertProblem(403, admin.sendWithCsrf("PUT", path, change, other.csrfToken()),
                "another session's token does not count");
    }

    private static void assertProblem(int status, AdminClient.Reply r, String why) {
        assertEquals(status, r.status(), why + ": " + r.body());
        assertTrue(r.isProblem(), why);
    }

    @Test
    @Order(5)
    void badInputOfEveryKindIsAProblemAndChangesNothing() {
        String path = "/api/v1/config/" + LISTENER;
        JsonNode before = admin.get(path).json();
        int auditBefore = admin.get("/api/v1/audit?limit=500").json().get("items").size();
        List<String[]> cases = List.of(
                new String[] {"PUT", path, "{\"values\":{\"udp.port\":[\"70000\"]}}", "udp.port", "max"},
                new String[] {"PUT", path, "{\"values\":{\"udp.port\":[\"-1\"]}}", "udp.port", "min"},
                new String[] {"PUT", path, "{\"values\":{\"udp.port\":[\"five\"]}}", "udp.port", "type"},
                new String[] {"PUT", path, "{\"values\":{\"udp.port\":[\"1\",\"2\"]}}", "udp.port", "cardinality"},
                new String[] {"PUT", path, "{\"values\":{\"zone\":[\"dmz\"]}}", "zone", "options"},
                new String[] {"PUT", path, "{\"values\":{\"tls.verify.peer\":[\"maybe\"]}}", "tls.verify.peer", "type"},
                new String[] {"PUT", path, "{\"values\":{\"no.such\":[\"1\"]}}", "no.such", "unknown"},
                new String[] {"PUT", path, "{\"values\":{}}", "values", "required"},
                new String[] {"PUT", path, "{\"values\":{\"udp.port\":5}}", "values.udp.port", "type"},
                new String[] {"PUT", path, "{\"values\":", "body", "type"},
                new String[] {"PUT", path, "[]", "body", "type"},
                new String[] {"PUT", path, "{\"values\":{},\"extra\":1}", "extra", "unknown"},
                new String[] {"POST", "/api/v1/users", AdminClient.json("username", "a b", "password", PW, "role", "operator"), "username", "pattern"},
                new String[] {"POST", "/api/v1/users", AdminClient.json("username", "bob", "password", "short", "role", "operator"), "password", "length"},
                new String[] {"POST", "/api/v1/users", AdminClient.json("username", "bob", "password", PW, "role", "root"), "role", "options"},
                new String[] {"POST", "/api/v1/tokens", AdminClient.json("name", "t", "validDays", 0), "validDays", "min"},
                new String[] {"POST", "/api/v1/tokens", AdminClient.json("name", "", "validDays", 5), "name", "pattern"},
                new String[] {"GET", "/api/v1/call-records?limit=0", null, "limit", "range"},
                new String[] {"GET", "/api/v1/call-records?before=garbage", null, "before", "pattern"},
                new String[] {"GET", "/api/v1/audit?limit=x", null, "limit", "range"},
                new String[] {"GET", "/api/v1/events/summary?minutes=0", null, "minutes", "range"},
                new String[] {"GET", "/api/v1/events?limit=501", null, "limit", "range"},
                new String[] {"GET", "/api/v1/events?kind=sip", null, "kind", "pattern"},
                new String[] {"GET", "/api/v1/events?severity=urgent", null, "severity", "options"},
                new String[] {"GET", "/api/v1/events?source=pbx.example.com", null, "source", "pattern"},
                new String[] {"GET", "/api/v1/events?since=yesterday", null, "since", "type"},
                new String[] {"GET", "/api/v1/events?before=garbage", null, "before", "pattern"},
                new String[] {"GET", "/api/v1/events/x", null, "id", "type"});
        for (String[] c : cases) {
            AdminClient.Reply r = admin.send(c[0], c[1], c[2], true);
            String what = c[0] + " " + c[1] + " " + c[2];
            assertProblem(400, r, what);
            JsonNode errors = r.json().get("errors");
            assertNotNull(errors, what + ": " + r.body());
            assertEquals(c[3], errors.get(0).get("field").asText(), what + ": " + r.body());
            assertEquals(c[4], errors.get(0).get("rule").asText(), what + ": " + r.body());
        }
        assertProblem(415, admin.sendRaw("PUT", path, "udp.port=1", "text/plain"), "wrong media type");
        assertProblem(404, admin.get("/api/v1/config/org.ops4j.pax.web"), "only Bulwark's components");
        assertProblem(404, admin.get("/api/v1/no-such-thing"), "unknown path");
        assertEquals(before, admin.get(path).json(), "nothing changed");
        assertEquals(auditBefore, admin.get("/api/v1/audit?limit=500").json().get("items").size());
    }

    @Test
    @Order(6)
    void lockoutLocksTheAccountAndAnAdminCanUnlockIt() {
        AdminClient olga = anonymous.copy();
        for (int i = 0; i < 4; i++) {
            assertProblem(401, olga.login("olga", "wrong password " + i), "attempt " + i);
        }
        AdminClient.Reply locked = olga.login("olga", "wrong password 5");
        assertProblem(429, locked, "fifth failure locks");
        assertTrue(Long.parseLong(locked.raw().headers().firstValue("Retry-After").orElseThrow()) > 60);
        assertProblem(429, olga.login("olga", PW), "locked even with the right password");
        assertFalse(admin.get("/api/v1/users").json().findValues("lockedUntil").stream()
                .allMatch(JsonNode::isNull), "the lock shows in the user list");
        assertEquals(200, admin.put("/api/v1/users/olga", "{\"unlock\":true}").status());
        assertEquals(200, olga.login("olga", PW).status());
    }

    @Test
    @Order(7)
    void everyChangeIsInTheAuditLogWithOldAndNewValues() {
        assertEquals(204, admin.put("/api/v1/session/password", AdminClient.json("currentPassword", PW,
                "newPassword", PW + "!")).status());
        assertEquals(200, admin.login("root", PW + "!").status());
        assertEquals(204, admin.delete("/api/v1/users/audrey").status());
        JsonNode items = admin.get("/api/v1/audit?limit=500").json().get("items");
        List<String> actions = new ArrayList<>();
        items.forEach(i -> actions.add(i.get("action").asText()));
        for (String a : List.of("setup", "setup.failed", "login", "login.failed", "user.create", "user.update",
                "user.delete", "config.update", "token.create", "token.delete", "password.change")) {
            assertTrue(actions.contains(a), a + " missing from " + actions);
        }
        JsonNode config = null;
        for (JsonNode i : items) {
            if (i.get("action").asText().equals("config.update") && i.get("newValue").asText().contains("301")) {
                config = i;
            }
        }
        assertNotNull(config);
        assertEquals("root", config.get("actor").asText());
        assertEquals(LISTENER, config.get("target").asText());
        assertEquals("{\"idle.timeout.seconds\":\"300\"}", config.get("oldValue").asText());
        assertEquals("{\"idle.timeout.seconds\":\"301\"}", config.get("newValue").asText());
        assertEquals("127.0.0.1", config.get("source").asText());
        assertFalse(items.toString().contains(PW), "no password in the audit log");
    }

    @Test
    @Order(75)
    void operatorsBanAndUnbanAdminsKeepTheAllowListAuditorsOnlyLook() {
        AdminClient operator = anonymous.copy();
        assertEquals(200, operator.login("olga", PW).status());
        AdminClient auditor = anonymous.copy();
        assertEquals(201, admin.post("/api/v1/users", AdminClient.json("username", "ada", "password", PW,
                "role", "auditor")).status());
        assertEquals(200, auditor.login("ada", PW).status());
        assertProblem(409, operator.post("/api/v1/bans", AdminClient.json("scope", "127.0.0.1", "ttlSeconds", 60,
                "reason", "test")), "loopback is allow-listed by default");
        AdminClient.Reply banned = operator.post("/api/v1/bans", AdminClient.json("scope", "203.0.113.9",
                "ttlSeconds", 600, "reason", "scanning extensions"));
        assertEquals(201, banned.status(), banned.body());
        assertEquals("203.0.113.9/32", banned.json().get("scope").asText());
        assertEquals("ADMIN", banned.json().get("origin").asText());
        assertEquals("olga", banned.json().get("originName").asText());
        assertTrue(auditor.get("/api/v1/bans").body().contains("203.0.113.9/32"));
        assertProblem(403, auditor.post("/api/v1/bans", AdminClient.json("scope", "203.0.113.10")), "auditor bans");
        assertProblem(403, auditor.send("DELETE", "/api/v1/bans?scope=203.0.113.9/32", null, true), "auditor unbans");
        assertProblem(400, operator.post("/api/v1/bans", AdminClient.json("scope", "not-an-ip")), "bad scope");
        assertProblem(400, operator.post("/api/v1/bans", AdminClient.json("scope", "203.0.113.11", "ttlSeconds", 0)),
                "bad ttl");
        assertProblem(403, operator.post("/api/v1/allow-list", AdminClient.json("scope", "198.51.100.0/24",
                "label", "trunk")), "operators do not change policy");
        assertEquals(201, admin.post("/api/v1/allow-list", AdminClient.json("scope", "198.51.100.0/24",
                "label", "SIP trunk provider", "ratePerSecond", 0)).status());
        assertTrue(auditor.get("/api/v1/allow-list").body().contains("SIP trunk provider"));
        assertEquals(204, operator.send("DELETE", "/api/v1/bans?scope=203.0.113.9/32", null, true).status());
        assertProblem(404, operator.send("DELETE", "/api/v1/bans?scope=203.0.113.9/32", null, true), "already gone");
        assertFalse(admin.get("/api/v1/bans").body().contains("203.0.113.9"));
        AdminClient.Reply enforcement = admin.get("/api/v1/enforcement");
        assertTrue(enforcement.status() == 200 || enforcement.status() == 503, enforcement.body());
        String audit = admin.get("/api/v1/audit?limit=500").body();
        for (String a : List.of("ban.add", "ban.remove", "allow.add")) {
            assertTrue(audit.contains("\"" + a + "\""), a);
        }
    }

    @Test
    @Order(76)
    void malformedDatagramsBecomeStoredEventsThatEveryRoleCanFilterAndOpen() throws Exception {
        // The proxy reports a source after 5 malformed messages within 60 s. Loopback is
        // allow-listed, so it is not banned: the event is stored all the same.
        byte[] broken = ("INVITE sip:100@127.0.0.1 SIP/2.0\r\nVia: this is not a via\r\nCSeq: x\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < 6; i++) {
                s.send(new java.net.DatagramPacket(broken, broken.length, java.net.InetAddress.getLoopbackAddress(),
                        appliance.outsidePort));
            }
        }
        String list = "/api/v1/events?kind=sip.malformed";
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
        JsonNode page = admin.get(list).json();
        while (page.get("items").isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "no sip.malformed event stored within 15 s: " + page);
            Thread.sleep(200);
            page = admin.get(list).json();
        }
        JsonNode event = page.get("items").get(0);
        assertTrue(page.get("total").asLong() >= 1, page.toString());
        assertTrue(event.get("id").asLong() > 0, event.toString());
        assertEquals("sip.malformed", event.get("kind").asText());
        assertEquals("APPLICATION", event.get("level").asText());
        assertEquals("MEDIUM", event.get("severity").asText());
        assertEquals("127.0.0.1", event.get("source").asText());
        assertEquals("UDP", event.get("transport").asText());
        assertEquals("outside", event.get("zone").asText());
        assertTrue(event.get("evidence").asText().contains("INVITE sip:100@127.0.0.1"), event.toString());
        assertTrue(event.get("callId").isNull(), "the evidence of sip.malformed quotes only the start line");

        String one = "/api/v1/events/" + event.get("id").asLong();
        AdminClient operator = anonymous.copy();
        assertEquals(200, operator.login("olga", PW).status());
        AdminClient auditor = anonymous.copy();
        assertEquals(200, auditor.login("ada", PW).status());
        for (AdminClient c : List.of(admin, operator, auditor)) {
            AdminClient.Reply r = c.get(one);
            assertEquals(200, r.status(), r.body());
            assertEquals(event, r.json());
            assertEquals(200, c.get(list).status());
        }
        assertProblem(404, admin.get("/api/v1/events/999999999"), "no such event");

        // Filters combine; a prefix kind, a minimum severity and the source find it, others do not.
        String id = event.get("id").asText();
        assertTrue(ids(admin.get("/api/v1/events?kind=sip.&severity=medium&source=127.0.0.1&level=application"
                + "&q=invite%20SIP:100@127.0.0.1&since=2000-01-01T00:00:00Z&limit=500")).contains(id));
        for (String miss : List.of("kind=network.", "severity=high", "source=192.0.2.1", "level=network",
                "q=no-such-text", "until=2000-01-01T00:00:00Z")) {
            assertFalse(ids(admin.get("/api/v1/events?limit=500&" + miss)).contains(id), miss);
        }
        // Paging one at a time reaches the same event without repeating any.
        List<String> walked = new ArrayList<>();
        String next = null;
        do {
            JsonNode p = admin.get("/api/v1/events?limit=1" + (next == null ? "" : "&before=" + next)).json();
            p.get("items").forEach(i -> walked.add(i.get("id").asText()));
            next = p.get("nextCursor").isNull() ? null : p.get("nextCursor").asText();
        } while (next != null);
        assertTrue(walked.contains(id), walked.toString());
        assertEquals(walked.size(), walked.stream().distinct().count(), walked.toString());
    }

    private static List<String> ids(AdminClient.Reply r) {
        assertEquals(200, r.status(), r.body());
        List<String> out = new ArrayList<>();
        r.json().get("items").forEach(i -> out.add(i.get("id").asText()));
        return out;
    }

    @Test
    @Order(80)
    void anUploadedCertificateReplacesTheGeneratedOne() throws Exception {
        java.nio.file.Path dir = appliance.home.resolve("upload");
        java.nio.file.Files.createDirectories(dir);
        Appliance.run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(),
                "-days", "30", "-subj", "/CN=admin.branch.example", "-addext", "subjectAltName=IP:127.0.0.1"));
        Appliance.run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", dir.resolve("other-key.pem").toString(), "-out",
                dir.resolve("other-cert.pem").toString(), "-days", "30", "-subj", "/CN=other"));
        String cert = java.nio.file.Files.readString(dir.resolve("cert.pem"));
        String key = java.nio.file.Files.readString(dir.resolve("key.pem"));
        String otherKey = java.nio.file.Files.readString(dir.resolve("other-key.pem"));
        JsonNode before = admin.get("/api/v1/admin-certificate").json();
        assertTrue(before.get("selfSigned").asBoolean());
        assertProblem(401, new AdminClient(admin.base, AdminClient.trusting(appliance.home)).put(
                "/api/v1/admin-certificate", "{}"), "nobody");
        AdminClient operator = anonymous.copy();
        assertEquals(200, operator.login("olga", PW).status());
        assertEquals(200, operator.get("/api/v1/admin-certificate").status());
        assertProblem(403, operator.put("/api/v1/admin-certificate", AdminClient.json("certificatePem", cert,
                "privateKeyPem", key)), "operators do not change the certificate");
        assertProblem(400, admin.put("/api/v1/admin-certificate", AdminClient.json("certificatePem", "garbage",
                "privateKeyPem", key)), "not PEM");
        assertProblem(400, admin.put("/api/v1/admin-certificate", AdminClient.json("certificatePem", cert,
                "privateKeyPem", otherKey)), "key of another certificate");
        assertEquals("privateKeyPem", admin.put("/api/v1/admin-certificate", AdminClient.json("certificatePem", cert,
                "privateKeyPem", otherKey)).json().get("errors").get(0).get("field").asText());
        AdminClient.Reply ok = admin.put("/api/v1/admin-certificate", AdminClient.json("certificatePem", cert,
                "privateKeyPem", key));
        assertEquals(200, ok.status(), ok.body());
        assertTrue(ok.json().get("subject").asText().contains("admin.branch.example"));
        // A client that trusts only the uploaded certificate gets through once the listener restarted.
        // While it restarts, the old certificate fails the handshake, and for a moment the new
        // listener may answer before the API is registered on it (404): both mean "not yet".
        javax.net.ssl.SSLContext trustUploaded = AdminClient.trustingPem(cert);
        AdminClient fresh = new AdminClient(admin.base, trustUploaded);
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        AdminClient.Reply login = null;
        while (System.nanoTime() < deadline) {
            try {
                login = fresh.login("root", PW + "!");
                if (login.status() != 404 && login.status() != 503) {
                    break;
                }
            } catch (RuntimeException handshakeWithOldCertificate) {
                login = null;
            }
            Thread.sleep(250);
        }
        assertNotNull(login, "the uploaded certificate is never served");
        assertEquals(200, login.status());
        assertEquals(ok.json().get("sha256Fingerprint"), fresh.get("/api/v1/admin-certificate").json()
                .get("sha256Fingerprint"));
        assertTrue(fresh.get("/api/v1/audit").body().contains("certificate.install"));
        admin = fresh;
        anonymous = new AdminClient(admin.base, trustUploaded);
    }

    @Test
    @Order(90)
    void failedLoginsFromOneClientAreRateLimited() throws Exception {
        // Configured through the API itself: the admin component restarts with the new limit.
        assertEquals(200, admin.put("/api/v1/config/io.bulwark.admin",
                "{\"values\":{\"login.failures.per.minute\":[\"3\"]}}").status());
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && sessionAlive()) {
            Thread.sleep(200); // the restarted API has forgotten every session
        }
        appliance.awaitAdmin();
        AdminClient c = anonymous.copy();
        for (int i = 0; i < 3; i++) {
            assertProblem(401, c.login("nobody-" + i, "wrong"), "attempt " + i);
        }
        AdminClient.Reply limited = c.login("root", PW + "!");
        assertProblem(429, limited, "fourth attempt within a minute");
        assertTrue(limited.raw().headers().firstValue("Retry-After").isPresent());
    }

    @Test
    @Order(100)
    void theApplianceListensOnlyWhereConfigured() throws Exception {
        Process pg = new ProcessBuilder("pgrep", "-f", "karaf.home=" + appliance.home).start();
        List<String> pids = List.of(new String(pg.getInputStream().readAllBytes()).trim().split("\\s+"));
        Process ss = new ProcessBuilder("ss", "-H", "-ltnp").start();
        List<String> mine = new ArrayList<>();
        for (String line : new String(ss.getInputStream().readAllBytes()).split("\n")) {
            if (pids.stream().anyMatch(pid -> line.contains("pid=" + pid + ","))) {
                mine.add(line.trim().split("\\s+")[3]);
            }
        }
        List<String> expected = List.of("127.0.0.1:" + appliance.outsidePort, "127.0.0.1:" + appliance.outsideTlsPort,
                "127.0.0.1:" + appliance.insidePort, "127.0.0.1:" + appliance.adminPort);
        List<String> normalized = mine.stream().map(a -> a.replace("[::ffff:", "").replace("]", "")).sorted().toList();
        assertEquals(expected.stream().sorted().toList(), normalized,
                "TCP listeners of the appliance (no SSH 8101, no JMX/RMI, no plain HTTP 8181): " + mine);
    }

    /** @return the current value of one setting of a component */
    private static String value(AdminClient c, String pid, String key) {
        for (JsonNode p : c.get("/api/v1/config/" + pid).json().get("properties")) {
            if (p.get("id").asText().equals(key)) {
                return p.get("value").get(0).asText();
            }
        }
        throw new AssertionError(pid + " has no " + key);
    }

    private static boolean sessionAlive() {
        try {
            return admin.get("/api/v1/session").status() == 200;
        } catch (RuntimeException e) {
            return true; // connector restarting
        }
    }
}
