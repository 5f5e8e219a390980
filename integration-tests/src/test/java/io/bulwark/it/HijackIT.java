package io.bulwark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Registration hijacking, malicious de-registration and a media-moving re-INVITE, each tried by
 * a party that is not the one it targets, against the appliance in a namespace of its own with a
 * real registrar behind it (Kamailio, users 1001 to 1003 with password "secret-" + user) and a
 * sipp UAS for calls to other users. The victim phone, the attacker, the outside caller and the
 * forger each live in a namespace of their own, wired into the appliance's, so every one of them
 * has an address nobody else has. Each attack is checked on the wire (sipp fails on any answer
 * but the expected one) and in the events of the admin API, and each victim must carry on as if
 * nothing happened: the phone still gets its calls, the call still ends normally.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HijackIT {

    private static final String NET = "10.231.30";
    private static final String APPLIANCE = NET + ".2";
    private static final String PHONE_NET = "10.231.31";
    private static final String ATTACKER_NET = "10.231.32";
    private static final String CALLER_NET = "10.231.33";
    private static final String FORGER_NET = "10.231.34";
    private static final String PHONE = PHONE_NET + ".2";
    private static final String ATTACKER = ATTACKER_NET + ".2";
    private static final String CALLER = CALLER_NET + ".2";
    private static final String FORGER = FORGER_NET + ".2";
    private static final String USER = "1001";
    private static final String PASSWORD = "secret-1001";
    private static final String PW = "hijack test password 1";
    private static final String HIJACK = "sip.registration-hijack";
    private static final String FORGERY = "sip.dialog-forgery";

    private static Netns ns;
    private static final Map<String, Netns> parties = new LinkedHashMap<>();
    private static Appliance appliance;
    private static ExternalTool registrar;
    private static ExternalTool uas;
    private static Path uasDir;
    private static volatile boolean forgerRan;
    private static AdminClient admin;
    private static final List<String> timings = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Netns.available(), "needs root and iproute2 (CI runs as root)");
        Assumptions.assumeTrue(ExternalTool.installed("sipp") && ExternalTool.installed("kamailio"),
                "needs sipp and kamailio (.ci/test installs them)");
        ns = new Netns("bwh-app", NET);
        parties.put(PHONE, Netns.party("bwh-phone", ns, PHONE_NET));
        parties.put(ATTACKER, Netns.party("bwh-atk", ns, ATTACKER_NET));
        parties.put(CALLER, Netns.party("bwh-call", ns, CALLER_NET));
        parties.put(FORGER, Netns.party("bwh-fgr", ns, FORGER_NET));
        appliance = new Appliance("hijack").inNamespace(ns.name, APPLIANCE);
        appliance.editConfig("io.bulwark.dos.nftables.cfg", Map.of("sip.ports",
                appliance.outsidePort + "," + appliance.outsideTlsPort));
        appliance.editConfig("io.bulwark.admin.cfg", Map.of("password.hash.memory.kib", "8192",
                "password.hash.iterations", "1"));
        int uasPort = FreePorts.udpAndTcp();
        Path work = appliance.home.resolve("pbx");
        Files.createDirectories(work);
        String cfg = new String(HijackIT.class.getResourceAsStream("/pbx/kamailio-registrar.cfg").readAllBytes(),
                StandardCharsets.UTF_8).replace("@PORT@", Integer.toString(appliance.pbxPort))
                .replace("@UAS@", Integer.toString(uasPort));
        Files.writeString(work.resolve("kamailio.cfg"), cfg);
        registrar = ExternalTool.start(work, "kamailio", ns.exec("kamailio", "-f", work.resolve("kamailio.cfg")
                .toString(), "-m", "64", "-M", "8", "-E", "-DD", "-w", work.toString(), "-P",
                work.resolve("kamailio.pid").toString()));
        // the UAS keeps a message log: what reached the PBX side of a call is checked there
        uasDir = appliance.home.resolve("uas");
        uas = ExternalTool.start(uasDir, "pbx-uas", ns.exec("sipp", "-sn", "uas", "-i", "127.0.0.1", "-p",
                Integer.toString(uasPort), "-t", "u1", "-nostdin", "-max_socket", "100", "-trace_msg"));
        appliance.start();
        appliance.awaitAdmin();
        admin = AdminClient.firstAdmin(appliance, "root", PW);
        assertTrue(registrar.isAlive(), "kamailio: " + registrar.output());
        assertTrue(uas.isAlive(), "sipp UAS: " + uas.output());
    }

    @AfterAll
    static void stop() throws Exception {
        timings.forEach(System.out::println);
        for (AutoCloseable c : new AutoCloseable[] {uas, registrar, appliance}) {
            if (c != null) {
                c.close();
            }
        }
        parties.values().forEach(Netns::close);
        if (ns != null) {
            ns.close();
        }
    }

    /**
     * A phone registers 1001 with digest authentication and stays on its socket. An attacker
     * that knows the password (its query is accepted with 200) tries, from its own address and
     * with its own User-Agent, to bind its own contact, to remove every binding and to remove the
     * phone's contact: each is refused with 403 and named in a sip.registration-hijack event.
     * Then a call placed on the inside to 1001 goes through the registrar to the phone, which
     * answers it, and the call ends normally; the phone can still remove its own binding.
     */
    @Test
    @Order(1)
    void hijackAndDeRegistrationAreRefusedAndThePhoneKeepsItsCalls() throws Exception {
        Path dir = appliance.home.resolve("hijack");
        Path phoneDir = dir.resolve("phone");
        Path attackerDir = dir.resolve("attacker");
        Path insideDir = dir.resolve("inside");
        String outside = APPLIANCE + ":" + appliance.outsidePort;
        String phoneContact = "sip:" + USER + "@" + PHONE + ":5060";
        long begin = System.nanoTime();
        try (ExternalTool phone = ExternalTool.start(phoneDir, "phone", parties.get(PHONE).exec("sipp", outside,
                "-sf", scenario(phoneDir, "phone-register.xml").toString(),
                "-oocsf", scenario(phoneDir, "phone-answer.xml").toString(), "-i", PHONE, "-p", "5060", "-t", "u1",
                "-s", USER, "-au", USER, "-ap", PASSWORD, "-m", "1", "-nostdin", "-timeout", "90s",
                "-timeout_error", "-trace_msg"))) {
            awaitLog(phoneDir, Pattern.compile(answer("200", "2 REGISTER")), phone,
                    "the phone's registration");
            timings.add(String.format("phone registered (401, then 200) %d ms after it started", ms(begin)));

            long attack = System.nanoTime();
            try (ExternalTool attacker = ExternalTool.start(attackerDir, "attacker", parties.get(ATTACKER).exec("sipp",
                    outside, "-sf", scenario(attackerDir, "register-hijack.xml").toString(), "-i", ATTACKER, "-p",
                    "5060", "-t", "u1", "-s", USER, "-au", USER, "-ap", PASSWORD, "-key", "victim_contact",
                    phoneContact, "-m", "1", "-nostdin", "-timeout", "30s", "-timeout_error", "-trace_msg"))) {
                assertEquals(0, attacker.await(45), "the attacker's REGISTERs were not all refused with 403: "
                        + attacker.output() + "\n" + Sipp.messages(attackerDir));
                timings.add(String.format("attacker: query accepted, 3 REGISTERs refused, in %d ms", ms(attack)));
            }
            String attackLog = Sipp.messages(attackerDir);
            assertTrue(count(attackLog, answer("200", "2 REGISTER")) >= 1,
                    "the attacker's credentials are good: its query was accepted\n" + attackLog);
            for (int cseq = 3; cseq <= 5; cseq++) {
                assertTrue(count(attackLog, answer("403", cseq + " REGISTER")) >= 1,
                        "no 403 to the attacker's REGISTER " + cseq + "\n" + attackLog);
            }
            List<String> hijacks = awaitEvents(HIJACK, ATTACKER, 3);
            assertTrue(hijacks.stream().anyMatch(e -> e.contains("binds another contact")), hijacks.toString());
            assertTrue(hijacks.stream().anyMatch(e -> e.contains("removes every binding")), hijacks.toString());
            assertTrue(hijacks.stream().anyMatch(e -> e.contains("de-registers " + phoneContact)),
                    hijacks.toString());
            assertTrue(hijacks.stream().allMatch(e -> e.contains("rejected 403")), hijacks.toString());

            // the PBX calls 1001: the registrar must still send the call to the phone
            long call = System.nanoTime();
            try (ExternalTool inside = ExternalTool.start(insideDir, "inside-caller", ns.exec("sipp",
                    "127.0.0.1:" + appliance.pbxPort, "-sf", scenario(insideDir, "inside-call.xml").toString(), "-i",
                    "127.0.0.1", "-p", Integer.toString(FreePorts.udpAndTcp()), "-t", "u1", "-s", USER, "-d", "1000",
                    "-m", "1", "-nostdin", "-timeout", "30s", "-timeout_error", "-trace_msg"))) {
                assertEquals(0, inside.await(45), "the inside call to " + USER + " failed: " + inside.output()
                        + "\n" + Sipp.messages(insideDir) + "\nphone:\n" + Sipp.messages(phoneDir));
                assertEquals(1, counter(inside.output(), "Successful call"), inside.output());
                timings.add(String.format("inside call to %s answered by the phone and ended in %d ms", USER,
                        ms(call)));
            }
            assertEquals(0, phone.await(30), "the phone did not end cleanly: " + phone.output() + "\n"
                    + Sipp.messages(phoneDir));
        }
        String phoneLog = Sipp.messages(phoneDir);
        assertTrue(phoneLog.contains("INVITE " + phoneContact + " SIP/2.0"), "the INVITE did not reach the phone:\n"
                + phoneLog);
        assertTrue(count(phoneLog, answer("200", "1 INVITE")) >= 1, "the phone answered the call\n" + phoneLog);
        assertTrue(phoneLog.contains("ACK " + phoneContact) && phoneLog.contains("BYE " + phoneContact),
                "ACK and BYE reached the phone\n" + phoneLog);
        assertTrue(count(phoneLog, answer("200", "[34] REGISTER")) >= 1,
                "the phone removed its own binding\n" + phoneLog);
        assertFalse(Sipp.messages(attackerDir).contains("INVITE sip:"), "the attacker got no call");
        assertTrue(events(HIJACK, PHONE).isEmpty(), "the phone's own REGISTERs raised no event");
    }

    /**
     * A call is up between an outside caller and the PBX. A third party that sniffed its
     * Request-URI, Call-ID and tags sends a re-INVITE whose SDP moves the media to itself: it is
     * refused with 403 and named in a sip.dialog-forgery event, the PBX never sees it, and the
     * call goes on to end normally.
     */
    @Test
    @Order(2)
    void aReInviteFromANonPartyIsRefusedAndTheCallGoesOn() throws Exception {
        Path dir = appliance.home.resolve("reinvite");
        Path callerDir = dir.resolve("caller");
        Path forgerDir = dir.resolve("forger");
        String outside = APPLIANCE + ":" + appliance.outsidePort;
        long begin = System.nanoTime();
        try (ExternalTool caller = ExternalTool.start(callerDir, "caller", parties.get(CALLER).exec("sipp", "-sn",
                "uac", outside, "-i", CALLER, "-p", "5060", "-t", "u1", "-m", "1", "-d", "6000", "-nostdin",
                "-timeout", "60s", "-timeout_error", "-trace_msg"))) {
            String ok = awaitAnswer(callerDir, caller);
            timings.add(String.format("outside call answered %d ms after the caller started", ms(begin)));
            String contact = field(ok, "Contact").replaceAll(".*<([^>]+)>.*", "$1");
            String callId = field(ok, "Call-ID");
            String fromTag = field(ok, "From").replaceAll(".*;tag=([^;>\\s]+).*", "$1");
            String toTag = field(ok, "To").replaceAll(".*;tag=([^;>\\s]+).*", "$1");
            long forged = System.nanoTime();
            try (ExternalTool forger = ExternalTool.start(forgerDir, "forger", parties.get(FORGER).exec("sipp", outside,
                    "-sf", scenario(forgerDir, "forged-reinvite.xml").toString(), "-i", FORGER, "-p", "5060", "-t",
                    "u1", "-m", "1", "-nostdin", "-timeout", "20s", "-timeout_error", "-key", "ruri", contact,
                    "-cid_str", callId, "-key", "fromtag", fromTag, "-key", "totag", toTag, "-trace_msg"))) {
                assertEquals(0, forger.await(30), "the forged re-INVITE was not refused with 403: " + forger.output()
                        + "\n" + Sipp.messages(forgerDir));
                forgerRan = true;
                timings.add(String.format("forged re-INVITE refused with 403 in %d ms", ms(forged)));
            }
            String forgerLog = Sipp.messages(forgerDir);
            assertTrue(forgerLog.contains("c=IN IP4 " + FORGER), "the re-INVITE moved the media to the forger\n"
                    + forgerLog);
            List<String> forgeries = awaitEvents(FORGERY, FORGER, 1);
            assertTrue(forgeries.stream().anyMatch(e -> e.contains("forged INVITE from a non-party")
                    && e.contains("rejected 403")), forgeries.toString());
            assertForgeryLadder(callId);
            assertEquals(0, caller.await(60), "the call did not survive: " + caller.output() + "\n"
                    + Sipp.messages(callerDir));
            assertEquals(1, counter(caller.output(), "Successful call"), caller.output());
            assertEquals(0, counter(caller.output(), "Failed call"), caller.output());
            timings.add(String.format("outside call (6 s hold) ended normally %d ms after the caller started",
                    ms(begin)));
        }
        String uasLog = Sipp.messages(uasDir);
        assertFalse(uasLog.contains("c=IN IP4 " + FORGER), "the forger's SDP reached the PBX\n" + uasLog);
        List<String> invites = cseqs(uasLog, "INVITE");
        assertFalse(invites.isEmpty(), "the PBX got the call's INVITE\n" + uasLog);
        assertTrue(invites.stream().allMatch("1"::equals), "no re-INVITE reached the PBX: CSeqs " + invites + "\n"
                + uasLog);
        assertTrue(events(FORGERY, CALLER).isEmpty(), "the caller's own requests raised no event");
    }

    /**
     * The forger acknowledges the 403 to its re-INVITE, as RFC 3261 17.1.1.3 asks. That ACK
     * belongs to the transaction the appliance answered (section 17.2.1): it must end there, not
     * reach the PBX inside the call it tried to take over.
     */
    @Test
    @Order(3)
    void theForgersAckOfItsRefusalStaysAtTheAppliance() throws Exception {
        Assumptions.assumeTrue(forgerRan, "the re-INVITE test refused the forger");
        String uasLog = Sipp.messages(uasDir);
        Matcher m = Pattern.compile("(?s)(?m:^)(\\w+) sip:(?:(?!\\r?\\n\\r?\\n).)*?" + Pattern.quote(FORGER))
                .matcher(uasLog);
        List<String> relayed = new ArrayList<>();
        while (m.find()) {
            relayed.add(m.group(1));
        }
        assertTrue(relayed.isEmpty(), "requests of the forger relayed to the PBX: " + relayed + "\n" + uasLog);
    }

    /** @return the scenario, copied from the test resources into dir */
    private static Path scenario(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Path p = dir.resolve(name);
        Files.write(p, HijackIT.class.getResourceAsStream("/sipp/" + name).readAllBytes());
        return p;
    }

    private static long ms(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1_000_000;
    }

    /** @return every sipp message log in dir, concatenated */
    /** @return a pattern for a response with that status to the request with that CSeq ("2 REGISTER") */
    private static String answer(String status, String cseq) {
        return "(?s)SIP/2.0 " + status + " [^\\r\\n]*\\r?\\n(?:(?!\\r?\\n\\r?\\n).)*?CSeq: " + cseq + "\\r?\\n";
    }

    /** @return the CSeq numbers of the requests of that method in a message log, in order */
    private static List<String> cseqs(String log, String method) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("(?s)(?m:^)" + method + " sip:(?:(?!\\r?\\n\\r?\\n).)*?CSeq: (\\d+) " + method)
                .matcher(log);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** Waits until a sipp message log in dir matches, while the tool runs. */
    private static void awaitLog(Path dir, Pattern p, ExternalTool tool, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (p.matcher(Sipp.messages(dir)).find()) {
                return;
            }
            if (!tool.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(what + " did not happen: " + tool.output() + "\n" + Sipp.messages(dir));
    }

    /** @return the 200 OK to the INVITE, as the caller received it, once it has */
    private static String awaitAnswer(Path dir, ExternalTool caller) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Pattern ok = Pattern.compile("(?s)(SIP/2.0 200 OK.*?CSeq: 1 INVITE.*?)\\r?\\n\\r?\\n");
        while (System.nanoTime() < deadline) {
            Matcher m = ok.matcher(Sipp.messages(dir));
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the call was not answered: " + caller.output() + "\n" + Sipp.messages(dir));
    }

    private static String field(String message, String name) {
        Matcher m = Pattern.compile("(?mi)^" + name + ":\\s*([^\\r\\n]*)").matcher(message);
        assertTrue(m.find(), name + " missing in:\n" + message);
        return m.group(1).trim();
    }

    /** @return the cumulative count of a sipp statistics line such as "Successful call" */
    private static long counter(String output, String label) {
        Matcher m = Pattern.compile(Pattern.quote(label) + "\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)").matcher(output);
        long last = -1;
        while (m.find()) {
            last = Long.parseLong(m.group(1));
        }
        return last;
    }

    /** @return the evidence of the recent events of that kind from that source, newest first */
    private static List<String> events(String kind, String source) {
        List<String> found = new ArrayList<>();
        for (JsonNode e : admin.get("/api/v1/events/summary?minutes=10").json().get("recent")) {
            if (e.get("kind").asText().equals(kind) && source.equals(e.path("source").asText(null))) {
                found.add(e.path("evidence").asText(""));
            }
        }
        return found;
    }

    /** Waits (briefly: events reach the history on their own) for at least n events. */
    private static List<String> awaitEvents(String kind, String source, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<String> found = events(kind, source);
        while (found.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(100);
            found = events(kind, source);
        }
        assertTrue(found.size() >= n, "expected " + n + " events " + kind + " from " + source + ": " + found);
        return found;
    }

    /**
     * The stored forgery event's ladder diagram shows the whole dialog: the caller's INVITE relayed
     * to the PBX, the PBX's answer, then the forger's re-INVITE (the evidence) refused by the
     * appliance with 403, and nothing of it relayed inside.
     */
    private static void assertForgeryLadder(String callId) throws InterruptedException {
        JsonNode items = admin.get("/api/v1/events?kind=" + FORGERY + "&source=" + FORGER).json().get("items");
        for (int i = 0; i < 50 && items.isEmpty(); i++) { // the store writes in batches, off the relay's path
            Thread.sleep(100);
            items = admin.get("/api/v1/events?kind=" + FORGERY + "&source=" + FORGER).json().get("items");
        }
        assertTrue(items.size() >= 1, "stored forgery event: " + items);
        long id = items.get(0).get("id").asLong();
        assertEquals(callId, items.get(0).get("callId").asText(), items.toString());
        JsonNode ladder = admin.get("/api/v1/events/" + id + "/ladder").json();
        assertTrue(ladder.get("complete").asBoolean(), ladder.toString());
        List<String> parties = new java.util.ArrayList<>();
        ladder.get("parties").forEach(p -> parties.add(p.get("id").asText()));
        assertTrue(parties.contains(CALLER + ":5060") && parties.contains(FORGER + ":5060")
                && parties.contains("bulwark"), parties.toString());
        assertTrue(parties.indexOf("bulwark") < parties.size() - 1, "the PBX stands right of the appliance: " + parties);
        List<String> arrows = new java.util.ArrayList<>();
        String evidence = null;
        for (JsonNode m : ladder.get("messages")) {
            String a = m.get("from").asText() + " -> " + m.get("to").asText() + " " + m.get("summary").asText();
            arrows.add(a);
            if (m.get("evidence").asBoolean()) {
                evidence = a;
            }
        }
        String all = String.join("\n", arrows);
        assertTrue(arrows.stream().anyMatch(a -> a.startsWith(CALLER + ":5060 -> bulwark INVITE ")), all);
        assertTrue(arrows.stream().anyMatch(a -> a.startsWith("bulwark -> ") && !a.contains(CALLER)
                && !a.contains(FORGER) && a.contains(" INVITE ")), "the INVITE relayed to the PBX\n" + all);
        assertTrue(evidence != null && evidence.startsWith(FORGER + ":5060 -> bulwark INVITE "), all);
        assertTrue(arrows.stream().anyMatch(a -> a.startsWith("bulwark -> " + FORGER + ":5060 SIP/2.0 403")), all);
        timings.add("forgery event's ladder: " + arrows.size() + " messages, " + parties.size() + " parties");
    }
}
