package io.bulwark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sends each of the 49 RFC 4475 torture messages to the running appliance over UDP, TCP and TLS
 * and checks the answer against MANIFEST.tsv: valid requests reach the PBX (whose 404 comes
 * back), invalid ones get their status and never reach the PBX, broken responses are dropped.
 * Afterwards the appliance still relays real calls.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class TortureCorpusIT {

    private static final Path CORPUS = Path.of(System.getProperty("bulwark.corpus", "src/test/resources/rfc4475"));
    /**
     * Expected status per file; 0 = relayed to the PBX; -1 = dropped (no answer, nothing relayed).
     * The two valid requests with methods of no RFC (intmeth, esc02) get 405 from the outside zone's
     * default method policy, one of the two outcomes the manifest allows. wsinv is a re-INVITE (its
     * To has a tag) of a dialog the appliance never saw: the dialog guard answers 481, as an
     * element that tracks every dialog through it must.
     */
    private static final Map<String, Integer> EXPECTED = Map.ofEntries(
            Map.entry("wsinv.dat", 481), Map.entry("intmeth.dat", 405), Map.entry("esc01.dat", 0),
            Map.entry("escnull.dat", 0), Map.entry("esc02.dat", 405), Map.entry("lwsdisp.dat", 0),
            Map.entry("longreq.dat", 0), Map.entry("dblreq.dat", 0), Map.entry("semiuri.dat", 0),
            Map.entry("transports.dat", 0), Map.entry("mpart01.dat", 0), Map.entry("unreason.dat", -1),
            Map.entry("noreason.dat", -1), Map.entry("badinv01.dat", 400), Map.entry("clerr.dat", 400),
            Map.entry("ncl.dat", 400), Map.entry("scalar02.dat", 400), Map.entry("scalarlg.dat", -1),
            Map.entry("quotbal.dat", 400), Map.entry("ltgtruri.dat", 400), Map.entry("lwsruri.dat", 400),
            Map.entry("lwsstart.dat", 400), Map.entry("trws.dat", 400), Map.entry("escruri.dat", 400),
            Map.entry("baddate.dat", 0), Map.entry("regbadct.dat", 400), Map.entry("badaspec.dat", 400),
            Map.entry("baddn.dat", 400), Map.entry("badvers.dat", 505), Map.entry("mismatch01.dat", 400),
            Map.entry("mismatch02.dat", 400), Map.entry("bigcode.dat", -1), Map.entry("badbranch.dat", 0),
            Map.entry("insuf.dat", 400), Map.entry("unkscm.dat", 416), Map.entry("novelsc.dat", 416),
            Map.entry("unksm2.dat", 0), Map.entry("bext01.dat", 420), Map.entry("invut.dat", 0),
            Map.entry("regaut01.dat", 0), Map.entry("multi01.dat", 400), Map.entry("mcl01.dat", 400),
            Map.entry("bcast.dat", -1), Map.entry("zeromf.dat", 483), Map.entry("cparam01.dat", 0),
            Map.entry("cparam02.dat", 0), Map.entry("regescrt.dat", 0), Map.entry("sdp01.dat", 0),
            Map.entry("inv2543.dat", 0));

    private static Appliance appliance;
    private static FakePbx pbx;

    @BeforeAll
    static void start() throws Exception {
        appliance = new Appliance("torture").start();
        pbx = new FakePbx(appliance.pbxPort);
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

    static Stream<String> files() throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(CORPUS.resolve("MANIFEST.tsv"), StandardCharsets.UTF_8)) {
            if (!line.startsWith("file\t") && !line.isBlank()) {
                names.add(line.split("\t")[0]);
            }
        }
        assertEquals(49, names.size(), "the corpus has 49 messages");
        return names.stream();
    }

    @org.junit.jupiter.api.Order(1)
    @ParameterizedTest(name = "UDP {0}")
    @MethodSource("files")
    void overUdp(String file) throws Exception {
        byte[] msg = Files.readAllBytes(CORPUS.resolve(file));
        int expected = EXPECTED.get(file);
        int before = atPbx(msg);
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            s.setSoTimeout(expected == -1 ? 1000 : 5000);
            s.send(new DatagramPacket(msg, msg.length, InetAddress.getLoopbackAddress(), appliance.outsidePort));
            check(file, msg, expected, before, () -> {
                byte[] buf = new byte[70000];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                s.receive(p);
                return new String(buf, 0, p.getLength(), StandardCharsets.ISO_8859_1);
            });
        }
    }

    @org.junit.jupiter.api.Order(2)
    @ParameterizedTest(name = "TCP {0}")
    @MethodSource("files")
    void overTcp(String file) throws Exception {
        overStream(file, () -> new Socket(InetAddress.getLoopbackAddress(), appliance.outsidePort));
    }

    @org.junit.jupiter.api.Order(3)
    @ParameterizedTest(name = "TLS {0}")
    @MethodSource("files")
    void overTls(String file) throws Exception {
        overStream(file, () -> {
            javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLSv1.3");
            tls.init(null, new javax.net.ssl.TrustManager[] {new TrustAnyCertificate()}, null);
            javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) tls.getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), appliance.outsideTlsPort);
            s.startHandshake();
            return s;
        });
    }

    private interface Connector {
        Socket open() throws Exception;
    }

    private static void overStream(String file, Connector connector) throws Exception {
        byte[] msg = Files.readAllBytes(CORPUS.resolve(file));
        int expected = EXPECTED.get(file);
        if ("clerr.dat".equals(file)) {
            // on a stream, a Content-Length beyond the bytes sent means "more is coming": the
            // appliance must wait (bounded by the idle timeout) and relay nothing meanwhile
            expected = -1;
        } else if ("inv2543.dat".equals(file)) {
            // RFC 3261 section 18.3: Content-Length is mandatory on streams; without it the
            // message cannot be framed, so the RFC 2543 request is answered 400 over TCP
            expected = 400;
        } else if ("dblreq.dat".equals(file)) {
            // on a stream the "trailing octets" are a second request whose body runs 5 bytes past
            // its Content-Length; the REGISTER is relayed, the INVITE is not: its SDP (cut by the
            // Content-Length, and with an "m =video" line RFC 4566 does not allow) cannot be
            // anchored, so media anchoring answers it 488 naming the line; then the leftover bytes
            // cannot be framed and the connection is closed
            try (Socket s = connector.open()) {
                s.setSoTimeout(3000);
                s.getOutputStream().write(msg);
                s.getOutputStream().flush();
                InputStream in = s.getInputStream();
                while (readResponse(in) != null) {
                    // 100 Trying for the INVITE may arrive before the close
                }
            } catch (java.net.SocketException e) {
                // reset by the appliance: closed, as expected
            } catch (SocketTimeoutException e) {
                fail("dblreq.dat: the connection must be closed after the unframable bytes");
            }
            // the relayed datagram may still be on its way to the PBX when the connection closes
            long deadline = System.currentTimeMillis() + 3000;
            while (pbx.withCallId("dblreq.0ha0isndaksdj99sdfafnl3lk233412").isEmpty()
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertFalse(pbx.withCallId("dblreq.0ha0isndaksdj99sdfafnl3lk233412").isEmpty(), "REGISTER relayed");
            Thread.sleep(500);
            assertTrue(pbx.withCallId("dblreq.0ha0isnda977644900765@192.0.2.15").isEmpty(),
                    "the INVITE with SDP that cannot be anchored is not relayed");
            return;
        }
        int before = atPbx(msg);
        try (Socket s = connector.open()) {
            s.setSoTimeout(expected == -1 ? 1000 : 5000);
            s.getOutputStream().write(msg);
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            check(file, msg, expected, before, () -> readResponse(in));
        }
    }

    private interface Receiver {
        String receive() throws IOException;
    }

    private static int atPbx(byte[] msg) {
        String callId = FakePbx.callIdOf(new String(msg, StandardCharsets.ISO_8859_1));
        return callId == null ? 0 : pbx.withCallId(callId).size();
    }

    private static void check(String file, byte[] msg, int expected, int before, Receiver r) throws Exception {
        String callId = FakePbx.callIdOf(new String(msg, StandardCharsets.ISO_8859_1));
        String finalAnswer = null;
        long deadline = System.currentTimeMillis() + 6000;
        try {
            while (System.currentTimeMillis() < deadline) {
                String answer = r.receive();
                if (answer == null) {
                    break;
                }
                if (!answer.startsWith("SIP/2.0 100 ")) {
                    finalAnswer = answer;
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            // nothing (more) came back
        }
        if (expected == -1) {
            assertEquals(null, finalAnswer, file + " must be dropped");
            Thread.sleep(200);
            assertEquals(before, atPbx(msg), file + " must not reach the PBX");
        } else if (expected == 0) {
            if (finalAnswer == null) {
                fail(file + ": no answer");
            }
            String text = new String(msg, StandardCharsets.ISO_8859_1);
            if (text.startsWith("REGISTER ") && !text.contains("\nAuthorization:")) {
                // the registrar's "no such user" reaches the outside as the challenge a real user gets
                assertTrue(finalAnswer.startsWith("SIP/2.0 401 ") && finalAnswer.contains("WWW-Authenticate: Digest"),
                        file + " relayed, PBX's 404 masked as a 401 challenge expected: " + finalAnswer);
            } else {
                assertTrue(finalAnswer.startsWith("SIP/2.0 404 "), file + " relayed, PBX's 404 expected: " + finalAnswer);
            }
            long relayDeadline = System.currentTimeMillis() + 3000;
            while (atPbx(msg) <= before && System.currentTimeMillis() < relayDeadline) {
                Thread.sleep(50);
            }
            assertTrue(atPbx(msg) > before, file + " must reach the PBX");
        } else {
            if (finalAnswer == null) {
                fail(file + ": no answer, expected " + expected);
            }
            assertTrue(finalAnswer.startsWith("SIP/2.0 " + expected + " "), file + ": " + finalAnswer);
            assertEquals(before, atPbx(msg), file + " must not reach the PBX");
        }
    }

    /** The test trusts the appliance's self-signed certificate, as a trunk configured to would. */
    private static final class TrustAnyCertificate implements javax.net.ssl.X509TrustManager {
        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
        }

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
        }
    }

    /** Reads one response from a stream (headers, then Content-Length bytes of body). */
    static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                if (head.toString().trim().isEmpty()) {
                    head.setLength(0);
                    continue;
                }
                java.util.regex.Matcher m = java.util.regex.Pattern
                        .compile("(?im)^(?:Content-Length|l)\\s*:\\s*(\\d+)").matcher(head);
                int len = m.find() ? Integer.parseInt(m.group(1)) : 0;
                return head + new String(in.readNBytes(len), StandardCharsets.ISO_8859_1);
            }
        }
        return head.length() == 0 ? null : head.toString();
    }

    @Test
    @org.junit.jupiter.api.Order(4)
    void stillRelaysCallsAfterTheCorpus() throws Exception {
        pbx.close();
        Path work = appliance.home.resolve("sipp");
        try (Sipp uas = Sipp.uas(work, "after-uas", appliance.pbxPort, "u1");
                Sipp uac = Sipp.uac(work, "after-uac", "127.0.0.1:" + appliance.outsidePort, FreePorts.udpAndTcp(),
                        "u1", 50, 50)) {
            assertEquals(0, uac.await(120), uac.output());
        }
        pbx = null;
    }
}
