package io.bulwark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The toll-fraud inspector against real calls from the PBX outwards, on loopback: a sipp UAC
 * plays the PBX and sends to the appliance's inside port, a sipp UAS plays the trunk. "Now" is
 * made off-hours whatever the day by declaring today (and the days either side, in case the test
 * runs across midnight) holidays, and the off-hours maximum call duration is set to the least
 * the inspector accepts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TollFraudIT {

    private static final String TOLL_CFG = "io.bulwark.inspection.toll.cfg";
    /** The off-hours maximum call duration: the inspector's minimum (max.call.seconds is 60 to 86400). */
    private static final int LIMIT_SECONDS = 60;
    /** How late after the limit the BYE may come: the proxy sweeps its deadlines once a second. */
    private static final int LATE_SECONDS = 3;
    /**
     * The PBX receives the 200 a moment after the inspector saw it pass (the call's maximum runs
     * from then): on its side the measure may come out shorter than the limit by that moment.
     */
    private static final long PBX_EARLY_MS = 250;
    private static final String PW = "toll fraud test password 1";
    private static final String KIND = "sip.toll-fraud";

    private static Appliance appliance;
    private static AdminClient admin;
    private static Path work;
    private static final List<String> report = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        appliance = new Appliance("toll-fraud");
        work = appliance.home.resolve("sipp");
        Path cfg = appliance.home.resolve("etc").resolve(TOLL_CFG);
        if (!Files.exists(cfg)) {
            // the feature installs it at first boot unless it is there: this one is then kept
            Files.writeString(cfg, "# toll-fraud settings of TollFraudIT\n");
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        appliance.editConfig(TOLL_CFG, Map.of("time.zone", "UTC",
                "holidays", today.minusDays(1) + "," + today + "," + today.plusDays(1),
                "off.hours.max.call.seconds", Integer.toString(LIMIT_SECONDS)));
        appliance.editConfig("io.bulwark.admin.cfg", Map.of("password.hash.memory.kib", "8192",
                "password.hash.iterations", "1"));
        appliance.start();
        appliance.awaitAdmin();
        admin = AdminClient.firstAdmin(appliance, "root", PW);
    }

    @AfterAll
    static void stop() throws Exception {
        report.forEach(line -> System.out.println("TollFraudIT: " + line));
        if (appliance != null) {
            appliance.close();
        }
    }

    /** A call of extension 2001 to a number of the International Networks (+882): refused off-hours. */
    @Test
    @Order(1)
    void internationalPremiumCallOffHoursIsRefusedWithAnEventNamingTheRule() throws Exception {
        Path trunkDir = work.resolve("premium-trunk");
        Path pbxDir = work.resolve("premium-pbx");
        try (Sipp trunk = Sipp.uas(trunkDir, "trunk-uas", appliance.trunkPort, "u1", "-trace_msg")) {
            Thread.sleep(300);
            try (Sipp pbx = Sipp.scenario(pbxDir, "pbx-uac", "uac-refused", List.of("127.0.0.1:" + appliance.insidePort,
                    "-i", "127.0.0.1", "-p", Integer.toString(FreePorts.udpAndTcp()), "-t", "u1",
                    "-s", "0088212345678", "-key", "ext", "2001", "-m", "1", "-nostdin", "-timeout", "30s",
                    "-timeout_error", "-trace_msg"))) {
                int rc = pbx.await(45);
                assertEquals(0, rc, "the PBX's call was not refused with 403:\n" + SippCallsIT.tail(pbx.output())
                        + "\n" + Sipp.messages(pbxDir));
                assertEquals(1, pbx.counter("Successful call"), "calls ending with the expected 403");
                assertEquals(0, pbx.counter("Failed call"));
            }
            Thread.sleep(1000); // anything relayed would have reached the trunk by now
            String atTrunk = Sipp.messages(trunkDir);
            assertFalse(atTrunk.contains("INVITE"), "the trunk received the refused call:\n" + atTrunk);
        }
        JsonNode event = awaitEvent(e -> e.path("evidence").asText().contains("882"));
        String evidence = event.get("evidence").asText();
        report.add("premium call refused; event " + event);
        assertTrue(evidence.contains("denied prefix 882"), "the rule that fired: " + evidence);
        assertTrue(evidence.contains("off-hours"), "the period: " + evidence);
        assertTrue(evidence.contains("holiday"), "the period is a holiday: " + evidence);
    }

    /**
     * A national call of extension 2002 that neither side hangs up: the appliance ends it with a
     * BYE to both parties when the off-hours maximum is reached.
     */
    @Test
    @Order(2)
    void overLongCallIsEndedByTheApplianceAtTheLimit() throws Exception {
        Path trunkDir = work.resolve("long-trunk");
        Path pbxDir = work.resolve("long-pbx");
        try (Sipp trunk = Sipp.scenario(trunkDir, "trunk-uas", "uas-wait-bye", List.of("-i", "127.0.0.1", "-p",
                Integer.toString(appliance.trunkPort), "-t", "u1", "-m", "1", "-nostdin", "-trace_msg"))) {
            Thread.sleep(300);
            try (Sipp pbx = Sipp.scenario(pbxDir, "pbx-uac", "uac-wait-bye", List.of("127.0.0.1:" + appliance.insidePort,
                    "-i", "127.0.0.1", "-p", Integer.toString(FreePorts.udpAndTcp()), "-t", "u1",
                    "-s", "030123456", "-key", "ext", "2002", "-m", "1", "-nostdin",
                    "-timeout", (LIMIT_SECONDS + 60) + "s", "-timeout_error", "-trace_msg"))) {
                int rc = pbx.await(LIMIT_SECONDS + 90);
                assertEquals(0, rc, "the PBX's call:\n" + SippCallsIT.tail(pbx.output()) + "\n" + Sipp.messages(pbxDir));
                assertEquals(1, pbx.counter("Successful call"), "PBX");
                assertEquals(0, pbx.counter("Failed call"), "PBX");
            }
            int rc = trunk.await(30);
            assertEquals(0, rc, "the trunk's call:\n" + SippCallsIT.tail(trunk.output()) + "\n" + Sipp.messages(trunkDir));
            assertEquals(1, trunk.counter("Successful call"), "trunk");
            assertEquals(0, trunk.counter("Failed call"), "trunk");
        }
        List<Message> atPbx = parse(Sipp.messages(pbxDir));
        List<Message> atTrunk = parse(Sipp.messages(trunkDir));
        Message pbxAnswer = first(atPbx, false, "SIP/2.0 200", "INVITE");
        Message pbxBye = first(atPbx, false, "BYE ", null);
        Message trunkAnswer = first(atTrunk, true, "SIP/2.0 200", "INVITE");
        Message trunkBye = first(atTrunk, false, "BYE ", null);
        long pbxMs = Duration.between(pbxAnswer.time(), pbxBye.time()).toMillis();
        long trunkMs = Duration.between(trunkAnswer.time(), trunkBye.time()).toMillis();
        report.add("limit " + LIMIT_SECONDS + " s; answer to BYE: PBX side " + pbxMs + " ms, trunk side " + trunkMs
                + " ms");
        report.add("BYE to the PBX:   " + header(pbxBye.text(), "Reason"));
        report.add("BYE to the trunk: " + header(trunkBye.text(), "Reason"));
        long limitMs = LIMIT_SECONDS * 1000L;
        long lateMs = (LIMIT_SECONDS + LATE_SECONDS) * 1000L;
        assertTrue(pbxMs >= limitMs - PBX_EARLY_MS && pbxMs <= lateMs, "PBX side: BYE " + pbxMs + " ms after the answer");
        assertTrue(trunkMs >= limitMs && trunkMs <= lateMs, "trunk side: BYE " + trunkMs + " ms after the answer");
        for (Message bye : List.of(pbxBye, trunkBye)) {
            String reason = header(bye.text(), "Reason");
            assertNotNull(reason, "the BYE has no Reason header:\n" + bye.text());
            assertTrue(reason.contains("longer than the maximum of " + LIMIT_SECONDS + " s"), reason);
        }

        JsonNode event = awaitEvent(e -> e.path("evidence").asText().contains("longer than the maximum"));
        report.add("over-long call ended; event " + event);
        String evidence = event.get("evidence").asText();
        assertTrue(evidence.contains("off-hours"), evidence);
        assertTrue(evidence.contains("2002"), "the extension: " + evidence);

        JsonNode record = awaitRecord();
        report.add("call record " + record);
        assertTrue(record.path("endReason").asText().contains("longer than the maximum of " + LIMIT_SECONDS + " s"),
                record.toString());
        assertFalse(record.path("answeredAt").isNull(), record.toString());
        assertFalse(record.path("endedAt").isNull(), record.toString());
    }

    /** @return the latest toll-fraud event of the summary that matches, waited for up to 15 s */
    private static JsonNode awaitEvent(Predicate<JsonNode> match) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        JsonNode recent = null;
        while (System.nanoTime() < deadline) {
            AdminClient.Reply r = admin.get("/api/v1/events/summary?minutes=10");
            assertEquals(200, r.status(), r.body());
            recent = r.json().get("recent");
            for (JsonNode e : recent) {
                if (KIND.equals(e.path("kind").asText()) && match.test(e)) {
                    return e;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no matching " + KIND + " event; recent: " + recent);
    }

    /** @return the record of the over-long call once it shows as ended, waited for up to 20 s */
    private static JsonNode awaitRecord() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode items = null;
        while (System.nanoTime() < deadline) {
            AdminClient.Reply r = admin.get("/api/v1/call-records?limit=50");
            assertEquals(200, r.status(), r.body());
            items = r.json().get("items");
            for (JsonNode c : items) {
                if (c.path("callee").asText().contains("30123456") && !c.path("endedAt").isNull()
                        && !c.path("endReason").isNull()) {
                    return c;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no ended record of the call to 030123456: " + items);
    }

    /** One message of a sipp -trace_msg log. */
    record Message(LocalDateTime time, boolean sent, String text) {
    }

    private static final Pattern ENTRY = Pattern.compile(
            "(?m)^-{20,} (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6})\\s*\\r?\\n\\S+ message (received|sent)[^\\n]*\\n");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private static List<Message> parse(String log) {
        List<Message> out = new ArrayList<>();
        Matcher m = ENTRY.matcher(log);
        List<int[]> spans = new ArrayList<>();
        List<String[]> heads = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
            heads.add(new String[] {m.group(1), m.group(2)});
        }
        for (int i = 0; i < spans.size(); i++) {
            int end = i + 1 < spans.size() ? spans.get(i + 1)[0] : log.length();
            out.add(new Message(LocalDateTime.parse(heads.get(i)[0], STAMP), "sent".equals(heads.get(i)[1]),
                    log.substring(spans.get(i)[1], end).strip()));
        }
        return out;
    }

    /** @return the first message sent (or received) starting with {@code start}, with that CSeq method */
    private static Message first(List<Message> log, boolean sent, String start, String cseqMethod) {
        for (Message m : log) {
            String cseq = header(m.text(), "CSeq");
            if (m.sent() == sent && m.text().startsWith(start)
                    && (cseqMethod == null || cseq != null && cseq.endsWith(cseqMethod))) {
                return m;
            }
        }
        throw new AssertionError("no message " + (sent ? "sent" : "received") + " starting with '" + start + "' in:\n"
                + log);
    }

    private static String header(String message, String name) {
        Matcher m = Pattern.compile("(?mi)^" + name + ":\\s*([^\\r\\n]*)").matcher(message);
        return m.find() ? m.group(1).trim() : null;
    }

    /** @return every sipp message log of a folder, concatenated ("" when there is none yet) */
}
