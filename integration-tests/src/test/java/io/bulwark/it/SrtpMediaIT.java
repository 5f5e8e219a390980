package io.bulwark.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.media.dtls.CertificateFingerprint;
import io.bulwark.media.dtls.DtlsCertificate;
import io.bulwark.media.dtls.DtlsRole;
import io.bulwark.media.dtls.DtlsSrtpOutcome;
import io.bulwark.media.dtls.DtlsSrtpSettings;
import io.bulwark.media.dtls.UdpDtlsEndpoint;
import io.bulwark.media.srtp.SrtpSession;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * SRTP on the trunk, plain RTP at the PBX, end to end through the running distribution with media
 * anchoring on. The appliance lives in a namespace of its own; the trunk side is the test itself
 * on the other end of the veth pair: sipp places the call offering SDES (AES_CM_128_HMAC_SHA1_80)
 * and the test's own media endpoint sends and receives the SRTP, protected and checked by libsrtp2
 * with the negotiated keys; 1.5 s in, the call is refreshed by a re-INVITE repeating the offer,
 * which must change nothing. The PBX is a sipp UAS with plain RTP that plays sipp's G.711 recording
 * and echoes what reaches it. An attacker namespace injects packets and replays sniffed ones; the
 * trunk address replays and tampers with its own packets. Then the trunk zone is switched to
 * srtp-required through the admin API and a plain offer is refused with 488. Last, a DTLS-SRTP
 * caller: the appliance answers active, runs the handshake from its media port against the
 * trunk's endpoint (Bouncy Castle DTLS, certificates checked against the signalled fingerprints)
 * and bridges the SRTP it keys to the PBX's plain RTP echo.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SrtpMediaIT {

    private static final String NET = "10.232.40";
    private static final String APPLIANCE = NET + ".2";
    private static final String TRUNK = NET + ".1";
    private static final String ATTACKER_NET = "10.232.41";
    private static final String SUITE = "AES_CM_128_HMAC_SHA1_80";
    private static final String PW = "srtp media password 1";
    private static final Path RECORDING = Path.of("/usr/share/sip-tester/g711a.pcap");
    private static final int PACKETS = 150;
    private static final int PAYLOAD = 160;

    private static Netns ns;
    private static Netns attacker;
    private static Appliance appliance;
    private static AdminClient admin;
    private static Libsrtp libsrtp;
    private static final List<String> report = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Netns.available(), "needs root and iproute2 (CI runs as root)");
        Assumptions.assumeTrue(Files.isReadable(RECORDING), "needs sipp's recordings (Debian sip-tester)");
        libsrtp = Libsrtp.build();
        ns = new Netns("bwm-app", NET);
        attacker = Netns.party("bwm-atk", ns, ATTACKER_NET);
        appliance = new Appliance("srtp-media").inNamespace(ns.name, APPLIANCE);
        appliance.editConfig("io.bulwark.media.cfg", Map.of("outside.address", APPLIANCE,
                "inside.address", "127.0.0.1"));
        appliance.editConfig("io.bulwark.dos.nftables.cfg", Map.of("sip.ports",
                appliance.outsidePort + "," + appliance.outsideTlsPort));
        appliance.editConfig("io.bulwark.admin.cfg", Map.of("password.hash.memory.kib", "8192",
                "password.hash.iterations", "1"));
        appliance.start();
        appliance.awaitAdmin();
        admin = AdminClient.firstAdmin(appliance, "root", PW);
    }

    @AfterAll
    static void stop() throws Exception {
        report.forEach(line -> System.out.println("SrtpMediaIT: " + line));
        for (AutoCloseable c : new AutoCloseable[] {appliance, attacker, ns}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    @Order(1)
    void sdesCallIsSrtpOnTheTrunkAndClearAtThePbxAndAttacksAreDroppedAndReported() throws Exception {
        Path dir = appliance.home.resolve("sipp-sdes");
        String offerKey = randomKeySalt();
        List<byte[]> recording = PcapRtp.payloads(RECORDING);
        try (DatagramSocket media = new DatagramSocket(new InetSocketAddress(TRUNK, 0));
                Sipp pbx = Sipp.scenarioIn(ns.name, dir.resolve("pbx"), "pbx", "pbx-plays-pcap", List.of(
                        "-i", "127.0.0.1", "-p", Integer.toString(appliance.pbxPort), "-t", "u1",
                        "-mi", "127.0.0.1", "-mp", "40000", "-rtp_echo", "-key", "pcap", RECORDING.toString(),
                        "-m", "1", "-nostdin", "-trace_msg"))) {
            Receiver receiver = new Receiver(media);
            receiver.start();
            Thread.sleep(300);
            try (Sipp caller = Sipp.scenario(dir.resolve("trunk"), "trunk", "sdes-caller", List.of(
                    APPLIANCE + ":" + appliance.outsidePort, "-i", TRUNK, "-p", Integer.toString(FreePorts.udpAndTcp()),
                    "-t", "u1", "-s", "4930555", "-key", "mport", Integer.toString(media.getLocalPort()),
                    "-key", "srtpkey", offerKey, "-m", "1", "-nostdin", "-timeout", "60s",
                    "-timeout_error", "-trace_msg"))) {
                Answer answer = Answer.await(dir.resolve("trunk").resolve("answer.txt"));
                report.add("answer to the trunk: " + answer.address + ":" + answer.port + " " + answer.profile + " "
                        + answer.suite);
                assertEquals(APPLIANCE, answer.address, "media anchored on the appliance's outside address");
                assertEquals("RTP/SAVP", answer.profile);
                assertEquals(SUITE, answer.suite);
                InetSocketAddress appliancePort = new InetSocketAddress(APPLIANCE, answer.port);

                List<byte[]> plain = new ArrayList<>();
                for (int i = 0; i < PACKETS + 12; i++) {
                    plain.add(rtp(1000 + i, 160L * i, 0x5eedc0de, marked(i)));
                }
                List<byte[]> srtp = libsrtp.protect(SUITE, offerKey, plain);
                long t0 = System.nanoTime();
                for (int i = 0; i < PACKETS; i++) {
                    send(media, srtp.get(i), appliancePort);
                    long due = t0 + (i + 1) * 20_000_000L;
                    TimeUnit.NANOSECONDS.sleep(Math.max(0, due - System.nanoTime()));
                }
                JsonNode during = awaitSessions(1).get(0);
                report.add("during the call: " + during);
                assertEquals(SUITE, during.get("outside").get("encryption").asText(), during.toString());
                assertEquals("RTP", during.get("inside").get("encryption").asText(), during.toString());

                // An attacker elsewhere injects RTP and replays packets it sniffed: wrong source.
                StringBuilder script = new StringBuilder();
                byte[] injected = rtp(7, 7, 0xdeadbeef, "INJECTED AUDIO FROM AN ATTACKER".getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < 15; i++) {
                    script.append(udpSend(injected, appliancePort)).append(udpSend(srtp.get(i), appliancePort));
                }
                Netns.sh(attacker.exec("bash", "-c", script.toString()).toArray(String[]::new));
                // From the trunk's own latched address: replays, then packets with a flipped bit.
                for (int i = 0; i < 12; i++) {
                    send(media, srtp.get(i), appliancePort);
                }
                Thread.sleep(1_100);
                for (int i = PACKETS; i < PACKETS + 12; i++) {
                    byte[] tampered = srtp.get(i).clone();
                    tampered[20] ^= 0x01;
                    send(media, tampered, appliancePort);
                }
                Thread.sleep(300);
                JsonNode attacked = awaitSessions(1).get(0);
                report.add("after the attacks: " + attacked);
                JsonNode out = attacked.get("outside");
                assertTrue(out.get("foreignDropped").asLong() >= 30, "30 packets from the attacker dropped: " + out);
                assertTrue(out.get("srtpFailures").asLong() >= 24, "12 replays and 12 forgeries refused: " + out);
                assertEquals(PACKETS, out.get("packetsIn").asLong(), "only the trunk's genuine packets count: " + out);

                assertEquals(0, caller.await(60), caller.output());
                assertEquals(0, pbx.await(30), pbx.output());
            }
            Thread.sleep(200);
            receiver.stop();

            // What crossed the trunk leg: SRTP only, from the appliance's port, that libsrtp opens
            // with the key the appliance answered with.
            List<DatagramPacket> got = receiver.packets();
            for (DatagramPacket p : got) {
                assertEquals(appliancePortOf(got), p.getSocketAddress(), "media to the trunk comes from one port");
            }
            Answer answer = Answer.read(dir.resolve("trunk").resolve("answer.txt"));
            Answer refreshed = Answer.read(dir.resolve("trunk").resolve("reanswer.txt"));
            assertEquals(answer, refreshed, "the re-INVITE refreshing the session got the same port and key");
            List<byte[]> bytes = got.stream().map(p -> Arrays.copyOfRange(p.getData(), p.getOffset(),
                    p.getOffset() + p.getLength())).toList();
            List<Libsrtp.Result> opened = libsrtp.unprotect(SUITE, answer.key, bytes);
            int echoes = 0;
            int played = 0;
            Set<ByteBuffer> recorded = new HashSet<>();
            recording.forEach(r -> recorded.add(ByteBuffer.wrap(r)));
            Set<Integer> echoed = new HashSet<>();
            for (Libsrtp.Result r : opened) {
                assertTrue(r.ok(), "every packet on the trunk leg is SRTP that libsrtp authenticates: " + r.status());
                byte[] payload = Arrays.copyOfRange(r.packet(), 12, r.packet().length);
                if (new String(payload, 0, 12, StandardCharsets.US_ASCII).equals("BULWARK-E2E-")) {
                    int i = Integer.parseInt(new String(payload, 12, 5, StandardCharsets.US_ASCII));
                    assertArrayEquals(marked(i), payload, "echo of packet " + i);
                    echoed.add(i);
                    echoes++;
                } else {
                    assertTrue(recorded.contains(ByteBuffer.wrap(payload)), "a packet the PBX played from the pcap");
                    played++;
                }
            }
            report.add(String.format("trunk leg: %d SRTP packets received, all authenticated by libsrtp: %d of the PBX's"
                    + " %d recorded ones, %d echoes of the %d the trunk sent (%d distinct)", opened.size(), played,
                    recording.size(), echoes, PACKETS, echoed.size()));
            assertTrue(echoed.size() >= PACKETS * 95 / 100, "the trunk's media reached the PBX in clear and came back: "
                    + echoed.size());
            assertTrue(echoed.stream().allMatch(i -> i < PACKETS), "no replayed or forged packet got through");
            assertTrue(played >= recording.size() * 80 / 100, "the PBX's recording reached the trunk: " + played);
        }
        awaitSessions(0);
        JsonNode record = awaitCallRecord("sdes-caller");
        report.add("call record: " + record);
        assertEquals(SUITE, record.get("outsideMedia").asText(), "the record notes the trunk leg's suite");
        assertEquals("RTP", record.get("insideMedia").asText(), "and the PBX leg in clear text");

        JsonNode injection = awaitEvent("media.injection", ATTACKER_NET + ".2");
        assertEquals("CONTENT", injection.get("level").asText());
        JsonNode failures = awaitEvent("media.srtp-failure", TRUNK);
        report.add("events: " + injection.get("evidence").asText() + " | " + failures.get("evidence").asText());
        String all = admin.get("/api/v1/events?kind=media.&limit=500").body();
        assertTrue(all.contains("REPLAY"), "a replay burst was reported: " + all);
        assertTrue(all.contains("AUTH_FAIL"), "a forgery burst was reported: " + all);
        String answerKey = Answer.read(dir.resolve("trunk").resolve("answer.txt")).key;
        for (String key : List.of(offerKey, answerKey)) {
            assertFalse(all.contains(key.substring(0, 16)), "no key in events");
            assertFalse(appliance.log().contains(key.substring(0, 16)), "no key in the log");
        }
    }

    @Test
    @Order(2)
    void plainOfferToAnSrtpRequiredTrunkIsRefusedWith488() throws Exception {
        setOutsidePolicy("srtp-required");
        try {
            Path dir = appliance.home.resolve("sipp-plain");
            try (Sipp caller = Sipp.scenario(dir, "plain", "plain-offer-refused", List.of(
                    APPLIANCE + ":" + appliance.outsidePort, "-i", TRUNK, "-p", Integer.toString(FreePorts.udpAndTcp()),
                    "-t", "u1", "-s", "4930555", "-m", "1", "-nostdin", "-timeout", "30s", "-timeout_error"))) {
                assertEquals(0, caller.await(40), caller.output());
            }
            JsonNode e = awaitEvent("media.unencrypted-offer", TRUNK);
            report.add("srtp-required: plain offer answered 488; event: " + e.get("evidence").asText());
            assertEquals(0, admin.get("/api/v1/media/sessions").json().size(), "a refused offer holds no ports");
        } finally {
            setOutsidePolicy("srtp-preferred");
        }
    }

    private static void setOutsidePolicy(String policy) {
        setMedia(Map.of("outside.policy", policy));
    }

    /**
     * Sends 100 packets from the trunk's DTLS endpoint, 20 ms apart, protected with the handshake's
     * keys, and @return how many came back from the PBX's echo decrypting to what was sent.
     */
    private static int echoesThroughThePbx(UdpDtlsEndpoint trunk, DtlsSrtpOutcome.Established keys,
            InetSocketAddress appliancePort, int firstSeq, int ssrc) throws Exception {
        SrtpSession out = keys.protect().newSession();
        SrtpSession in = keys.unprotect().newSession();
        int echoed = 0;
        for (int i = 0; i < 100; i++) {
            byte[] clear = rtp(firstSeq + i, 160L * i, ssrc, marked(i));
            byte[] buf = Arrays.copyOf(clear, clear.length + 64);
            trunk.sendMedia(buf, out.protectRtp(buf, 0, clear.length), appliancePort);
            byte[] back = trunk.receiveMedia(i == 0 ? 2000 : 200);
            if (back != null && in.unprotectRtp(back, 0, back.length) == clear.length
                    && Arrays.equals(clear, 12, clear.length, back, 12, clear.length)) {
                echoed++;
            }
            Thread.sleep(20);
        }
        return echoed;
    }

    private static void setTrunkHost(String host) {
        AdminClient.Reply r = admin.put("/api/v1/config/io.bulwark.sipproxy",
                "{\"values\": {\"trunk.host\": [\"" + host + "\"]}}");
        assertEquals(200, r.status(), r.body());
    }

    private static void setMedia(Map<String, String> values) {
        StringBuilder json = new StringBuilder("{\"values\": {");
        values.forEach((k, v) -> json.append(json.charAt(json.length() - 1) == '{' ? "" : ", ")
                .append('"').append(k).append("\": [\"").append(v).append("\"]"));
        AdminClient.Reply r = admin.put("/api/v1/config/io.bulwark.media", json.append("}}").toString());
        assertEquals(200, r.status(), r.body());
    }

    @Test
    @Order(4)
    void sdesOnBothSidesPassesThroughEndToEndAndForgeriesAreStillDropped() throws Exception {
        setMedia(Map.of("srtp.passthrough", "true", "inside.policy", "srtp-preferred"));
        Path dir = appliance.home.resolve("sipp-passthrough");
        String key = randomKeySalt();
        int sent = 100;
        try (DatagramSocket media = new DatagramSocket(new InetSocketAddress(TRUNK, 0));
                Sipp pbx = Sipp.scenarioIn(ns.name, dir.resolve("pbx"), "pbx", "pbx-srtp-echo", List.of(
                        "-i", "127.0.0.1", "-p", Integer.toString(appliance.pbxPort), "-t", "u1",
                        "-mi", "127.0.0.1", "-mp", "40020", "-rtp_echo", "-m", "1", "-nostdin", "-trace_msg"))) {
            Receiver receiver = new Receiver(media);
            receiver.start();
            Thread.sleep(300);
            List<byte[]> srtp;
            try (Sipp caller = Sipp.scenario(dir.resolve("trunk"), "trunk", "sdes-caller", List.of(
                    APPLIANCE + ":" + appliance.outsidePort, "-i", TRUNK, "-p", Integer.toString(FreePorts.udpAndTcp()),
                    "-t", "u1", "-s", "4930557", "-key", "mport", Integer.toString(media.getLocalPort()),
                    "-key", "srtpkey", key, "-m", "1", "-nostdin", "-timeout", "60s", "-timeout_error"))) {
                Answer answer = Answer.await(dir.resolve("trunk").resolve("answer.txt"));
                report.add("pass-through answer to the trunk: " + answer.address + ":" + answer.port + " "
                        + answer.profile + " " + answer.suite);
                assertEquals(APPLIANCE, answer.address, "media still anchored on the appliance");
                assertEquals(key, answer.key, "the PBX's own crypto line reached the trunk unchanged");
                InetSocketAddress appliancePort = new InetSocketAddress(APPLIANCE, answer.port);
                List<byte[]> plain = new ArrayList<>();
                for (int i = 0; i < sent + 5; i++) {
                    plain.add(rtp(3000 + i, 160L * i, 0x0bad5eed, marked(i)));
                }
                srtp = libsrtp.protect(SUITE, key, plain);
                long t0 = System.nanoTime();
                for (int i = 0; i < sent; i++) {
                    send(media, srtp.get(i), appliancePort);
                    TimeUnit.NANOSECONDS.sleep(Math.max(0, t0 + (i + 1) * 20_000_000L - System.nanoTime()));
                }
                for (int i = sent; i < sent + 5; i++) { // forgeries from the trunk's own address
                    byte[] tampered = srtp.get(i).clone();
                    tampered[40] ^= 0x01;
                    send(media, tampered, appliancePort);
                }
                Thread.sleep(300);
                JsonNode during = awaitSessions(1).get(0);
                report.add("pass-through call: " + during);
                assertEquals(SUITE, during.get("outside").get("encryption").asText(), during.toString());
                assertEquals(SUITE, during.get("inside").get("encryption").asText(), "SRTP on the PBX leg too");
                assertEquals(5, during.get("outside").get("srtpFailures").asLong(), "the forgeries were refused");
                assertEquals(0, caller.await(60), caller.output());
                assertEquals(0, pbx.await(30), pbx.output());
                assertEquals(answer, Answer.read(dir.resolve("trunk").resolve("reanswer.txt")),
                        "the session refresh kept port and keys");
            }
            Thread.sleep(200);
            receiver.stop();
            // The PBX echoed what reached it: the trunk gets back the very bytes it sent, so
            // nothing was decrypted or encrypted again on the way, and libsrtp opens each.
            Set<ByteBuffer> genuine = new HashSet<>();
            srtp.subList(0, sent).forEach(p -> genuine.add(ByteBuffer.wrap(p)));
            List<byte[]> back = receiver.packets().stream().map(p -> Arrays.copyOfRange(p.getData(), p.getOffset(),
                    p.getOffset() + p.getLength())).toList();
            for (byte[] b : back) {
                assertTrue(genuine.contains(ByteBuffer.wrap(b)), "every packet back is one the trunk sent, unchanged");
            }
            for (Libsrtp.Result r : libsrtp.unprotect(SUITE, key, back)) {
                assertTrue(r.ok(), "libsrtp authenticates it with the PBX's declared key: " + r.status());
            }
            report.add(String.format("pass-through: %d of %d SRTP packets came back byte for byte through the PBX's"
                    + " echo; 5 forgeries dropped", back.size(), sent));
            assertTrue(back.size() >= sent * 95 / 100, "the trunk's SRTP went through and back: " + back.size());
        } finally {
            setMedia(Map.of("srtp.passthrough", "false", "inside.policy", "rtp"));
        }
        awaitSessions(0);
        JsonNode record = awaitCallRecord("sdes-caller");
        report.add("pass-through call record: " + record);
        assertEquals(SUITE, record.get("insideMedia").asText(), "the record notes SRTP on the PBX leg: " + record);
    }

    /** The SDP answer the trunk got, as the caller's scenario wrote it: "c=IN IP4 a m=audio port profile a=crypto:..." */
    private record Answer(String address, int port, String profile, String suite, String key) {

        static Answer await(Path file) throws Exception {
            for (int i = 0; i < 150 && !Files.exists(file); i++) {
                Thread.sleep(100);
            }
            return read(file);
        }

        static Answer read(Path file) throws Exception {
            assertTrue(Files.exists(file), "the caller got no 200 with SDP (" + file + ")");
            String[] f = Files.readString(file).trim().split(" ");
            String inline = f[8].substring(f[8].indexOf("inline:") + 7);
            int bar = inline.indexOf('|');
            return new Answer(f[2], Integer.parseInt(f[4]), f[5], f[7], bar < 0 ? inline : inline.substring(0, bar));
        }
    }

    /** Collects every datagram reaching the trunk's media port until stopped. */
    private static final class Receiver {
        private final DatagramSocket socket;
        private final List<DatagramPacket> packets = Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Receiver(DatagramSocket socket) throws Exception {
            this.socket = socket;
            socket.setSoTimeout(100);
            this.thread = new Thread(this::loop, "trunk-media-receiver");
        }

        void start() {
            thread.start();
        }

        private void loop() {
            while (running.get()) {
                DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
                try {
                    socket.receive(p);
                    packets.add(p);
                } catch (SocketTimeoutException e) {
                    // check running
                } catch (Exception e) {
                    return;
                }
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(2_000);
        }

        List<DatagramPacket> packets() {
            return List.copyOf(packets);
        }
    }

    private static java.net.SocketAddress appliancePortOf(List<DatagramPacket> got) {
        assertFalse(got.isEmpty(), "no media reached the trunk");
        return got.get(0).getSocketAddress();
    }

    private static JsonNode awaitSessions(int n) throws InterruptedException {
        return admin.awaitMediaSessions(n, 5);
    }

    private static JsonNode awaitCallRecord(String caller) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            JsonNode items = admin.get("/api/v1/call-records?q=" + caller).json().get("items");
            if (items.size() > 0 && !items.get(0).get("endedAt").isNull()) {
                return items.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no ended call record of " + caller + ": " + admin.get("/api/v1/call-records").body());
    }

    private static JsonNode awaitEvent(String kind, String source) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            JsonNode items = admin.get("/api/v1/events?kind=" + kind + "&source=" + source).json().get("items");
            if (items.size() > 0) {
                return items.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + kind + " event from " + source + ": "
                + admin.get("/api/v1/events?kind=media.").body());
    }

    private static String randomKeySalt() {
        byte[] k = new byte[30];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    /** A 160-byte payload that names its packet: "BULWARK-E2E-00042" then a pattern. */
    private static byte[] marked(int i) {
        byte[] p = new byte[PAYLOAD];
        byte[] head = String.format("BULWARK-E2E-%05d", i).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, p, 0, head.length);
        for (int k = head.length; k < p.length; k++) {
            p[k] = (byte) (i + k);
        }
        return p;
    }

    private static byte[] rtp(int seq, long timestamp, int ssrc, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(12 + payload.length);
        b.put((byte) 0x80).put((byte) 8).putShort((short) seq).putInt((int) timestamp).putInt(ssrc).put(payload);
        return b.array();
    }

    private static void send(DatagramSocket s, byte[] packet, InetSocketAddress to) throws Exception {
        s.send(new DatagramPacket(packet, packet.length, to));
    }

    /** A bash command sending one datagram (a new socket, so a new source port, each time). */
    private static String udpSend(byte[] packet, InetSocketAddress to) {
        StringBuilder s = new StringBuilder("printf '");
        for (byte b : packet) {
            s.append(String.format("\\x%02x", b));
        }
        return s.append("' > /dev/udp/").append(to.getHostString()).append('/').append(to.getPort()).append("; ")
                .toString();
    }
    @Test
    @Order(3)
    void dtlsSrtpCallFromTheTrunkIsKeyedByTheHandshakeAndBridgedToThePbx() throws Exception {
        Path dir = appliance.home.resolve("sipp-dtls");
        String suite;
        DtlsCertificate trunkCert = DtlsCertificate.generate();
        ExecutorService handshakes = Executors.newSingleThreadExecutor();
        try (UdpDtlsEndpoint trunk = UdpDtlsEndpoint.open(TRUNK);
                Sipp pbx = Sipp.uacIn(ns.name, dir.resolve("pbx"), "pbx", List.of("-sn", "uas", "-i", "127.0.0.1",
                        "-p", Integer.toString(appliance.pbxPort), "-t", "u1", "-mi", "127.0.0.1", "-mp", "40010",
                        "-rtp_echo", "-m", "1", "-nostdin"))) {
            Thread.sleep(300);
            try (Sipp caller = Sipp.scenario(dir.resolve("trunk"), "trunk", "dtls-caller", List.of(
                    APPLIANCE + ":" + appliance.outsidePort, "-i", TRUNK, "-p", Integer.toString(FreePorts.udpAndTcp()),
                    "-t", "u1", "-s", "4930556", "-key", "mport", Integer.toString(trunk.port()),
                    "-key", "fingerprint", trunkCert.fingerprint().sdpValue(), "-d", "6000", "-m", "1",
                    "-nostdin", "-timeout", "60s", "-timeout_error"))) {
                Path answerFile = dir.resolve("trunk").resolve("answer.txt");
                for (int i = 0; i < 150 && !Files.exists(answerFile); i++) {
                    Thread.sleep(100);
                }
                assertTrue(Files.exists(answerFile), "the DTLS caller got no 200 with SDP");
                String[] answer = Files.readString(answerFile).trim().split("\\|");
                report.add("DTLS answer to the trunk: " + String.join(" | ", answer));
                assertEquals("m=audio", answer[1].substring(0, 7));
                assertTrue(answer[1].endsWith("UDP/TLS/RTP/SAVP"), answer[1]);
                assertEquals("a=setup:active", answer[2], "the appliance connects (RFC 5763)");
                InetSocketAddress appliancePort = new InetSocketAddress(APPLIANCE,
                        Integer.parseInt(answer[1].split(" ")[1]));
                long start = System.nanoTime();
                // the trunk offered actpass and the appliance answered active: the trunk waits as DTLS server
                DtlsSrtpOutcome outcome = trunk.start(DtlsRole.SERVER, trunkCert, List.of(CertificateFingerprint.parse(
                        answer[3].substring("a=fingerprint:".length()))), DtlsSrtpSettings.defaults(), null, handshakes)
                        .outcome().get(15, TimeUnit.SECONDS);
                assertTrue(outcome instanceof DtlsSrtpOutcome.Established, outcome.toString());
                DtlsSrtpOutcome.Established keys = (DtlsSrtpOutcome.Established) outcome;
                suite = keys.suite().name();
                report.add(String.format("DTLS-SRTP handshake with the appliance: %s in %d ms after the answer",
                        keys.suite(), (System.nanoTime() - start) / 1_000_000));
                int echoed = echoesThroughThePbx(trunk, keys, appliancePort, 2000, 0x0d715);
                report.add("DTLS call: " + echoed + " of 100 packets came back from the PBX's echo, decrypted with"
                        + " the handshake's keys");
                assertTrue(echoed >= 95, "the trunk's SRTP reached the PBX in clear and came back encrypted: " + echoed);
                JsonNode during = awaitSessions(1).get(0);
                assertEquals(keys.suite().name(), during.get("outside").get("encryption").asText(), during.toString());
                assertEquals("RTP", during.get("inside").get("encryption").asText());
                assertEquals(0, caller.await(60), caller.output());
            }
        } finally {
            handshakes.shutdownNow();
        }
        awaitSessions(0);
        JsonNode record = awaitCallRecord("dtls-caller");
        assertEquals(suite, record.get("outsideMedia").asText(), "the record notes the DTLS-agreed suite: " + record);
    }
    @Test
    @Order(5)
    void theApplianceOffersDtlsSrtpToTheTrunkForACallFromThePbx() throws Exception {
        setMedia(Map.of("outside.policy", "srtp-required", "outside.keying", "dtls"));
        setTrunkHost(TRUNK); // calls from the PBX go to the trunk's namespace side, not loopback
        Path dir = appliance.home.resolve("sipp-dtls-out");
        DtlsCertificate trunkCert = DtlsCertificate.generate();
        ExecutorService handshakes = Executors.newSingleThreadExecutor();
        String suite;
        try (UdpDtlsEndpoint trunk = UdpDtlsEndpoint.open(TRUNK);
                Sipp answerer = Sipp.scenario(dir.resolve("trunk"), "trunk", "dtls-answerer", List.of(
                        "-i", TRUNK, "-p", Integer.toString(appliance.trunkPort), "-t", "u1",
                        "-key", "mport", Integer.toString(trunk.port()),
                        "-key", "fingerprint", trunkCert.fingerprint().sdpValue(), "-m", "1", "-nostdin",
                        "-timeout", "60s", "-timeout_error"))) {
            Thread.sleep(300);
            try (Sipp pbx = Sipp.scenarioIn(ns.name, dir.resolve("pbx"), "pbx", "pbx-calls-trunk", List.of(
                    "127.0.0.1:" + appliance.insidePort, "-i", "127.0.0.1", "-p", Integer.toString(appliance.pbxPort),
                    "-t", "u1", "-s", "4930558", "-key", "trunk", TRUNK + ":" + appliance.trunkPort,
                    "-mi", "127.0.0.1", "-mp", "40030", "-rtp_echo", "-d", "6000", "-m", "1", "-nostdin",
                    "-timeout", "60s", "-timeout_error"))) {
                Path offerFile = dir.resolve("trunk").resolve("offer.txt");
                for (int i = 0; i < 150 && !Files.exists(offerFile); i++) {
                    Thread.sleep(100);
                }
                assertTrue(Files.exists(offerFile), () -> "the trunk got no INVITE with SDP; media: "
                        + admin.get("/api/v1/media/sessions").body() + "; events: "
                        + admin.get("/api/v1/events?limit=5").body());
                String[] offer = Files.readString(offerFile).trim().split("\\|");
                report.add("DTLS offer to the trunk: " + String.join(" | ", offer));
                assertEquals("c=IN IP4 " + APPLIANCE, offer[0], "media anchored on the appliance's outside address");
                assertTrue(offer[1].endsWith("UDP/TLS/RTP/SAVP"), "DTLS-SRTP offered: " + offer[1]);
                assertEquals("a=setup:actpass", offer[2], "the offerer lets the answerer choose (RFC 5763)");
                InetSocketAddress appliancePort = new InetSocketAddress(APPLIANCE, Integer.parseInt(offer[1].split(" ")[1]));
                long start = System.nanoTime();
                // the trunk answered active: it connects, the appliance is the DTLS server
                DtlsSrtpOutcome outcome = trunk.start(DtlsRole.CLIENT, trunkCert, List.of(CertificateFingerprint.parse(
                        offer[3].substring("a=fingerprint:".length()))), DtlsSrtpSettings.defaults(), appliancePort,
                        handshakes).outcome().get(15, TimeUnit.SECONDS);
                assertTrue(outcome instanceof DtlsSrtpOutcome.Established, outcome.toString());
                DtlsSrtpOutcome.Established keys = (DtlsSrtpOutcome.Established) outcome;
                suite = keys.suite().name();
                report.add(String.format("DTLS-SRTP handshake, appliance as server: %s in %d ms", keys.suite(),
                        (System.nanoTime() - start) / 1_000_000));
                int echoed = echoesThroughThePbx(trunk, keys, appliancePort, 4000, 0x0d7150);
                report.add("call from the PBX, DTLS-SRTP on the trunk: " + echoed + " of 100 packets came back from"
                        + " the PBX's echo, decrypted with the handshake's keys");
                assertTrue(echoed >= 95, "the trunk's SRTP reached the PBX in clear and came back encrypted: " + echoed);
                JsonNode during = awaitSessions(1).get(0);
                assertEquals(suite, during.get("outside").get("encryption").asText(), during.toString());
                assertEquals("RTP", during.get("inside").get("encryption").asText());
                assertEquals(0, pbx.await(60), pbx.output());
            }
            assertEquals(0, answerer.await(30), answerer.output());
        } finally {
            handshakes.shutdownNow();
            setMedia(Map.of("outside.policy", "srtp-preferred", "outside.keying", "sdes"));
            setTrunkHost("127.0.0.1");
        }
        awaitSessions(0);
    }
}
