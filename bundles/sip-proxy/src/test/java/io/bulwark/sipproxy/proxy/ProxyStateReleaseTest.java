package io.bulwark.sipproxy.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.api.transport.MessageContext;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import io.bulwark.sipproxy.codec.SipDecoderConfig;
import io.bulwark.sipproxy.proxy.RecordingTransport.Sent;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Nothing the proxy keeps per transaction or per call outlives it: after complete calls, rejected
 * calls, and every RFC 4475 torture message, once the linger time has passed, no transaction,
 * Call-ID mapping or call is left (Contact tokens live on by design until their idle timeout).
 */
class ProxyStateReleaseTest {

    private static final InetSocketAddress OUT = new InetSocketAddress("203.0.113.1", 5060);
    private static final InetSocketAddress IN = new InetSocketAddress("10.9.0.1", 5070);
    private static final InetSocketAddress PBX = new InetSocketAddress("10.9.0.5", 5080);
    private static final InetSocketAddress TRUNK = new InetSocketAddress("198.51.100.20", 5060);

    private RecordingTransport transport;
    private SipProxy proxy;

    @BeforeEach
    void setUp() {
        transport = new RecordingTransport(OUT, IN);
        proxy = new SipProxy(transport, () -> null, new ProxySettings(PBX, TransportProtocol.UDP, TRUNK,
                TransportProtocol.UDP, 70, 32000, 7_200_000), SipDecoderConfig.defaults());
        proxy.lingerMs = 100;
    }

    @AfterEach
    void tearDown() {
        proxy.close();
    }

    private void receive(Zone zone, InetSocketAddress from, String msg) {
        receive(zone, from, msg.getBytes(StandardCharsets.UTF_8));
    }

    private void receive(Zone zone, InetSocketAddress from, byte[] msg) {
        proxy.onFrame(msg, new MessageContext(zone, TransportProtocol.UDP, from, zone == Zone.OUTSIDE ? OUT : IN, 0,
                null, System.nanoTime()));
    }

    private static String header(String msg, String name) {
        Matcher m = Pattern.compile("(?im)^" + name + ":\\s*(.*?)\\r?$").matcher(msg);
        return m.find() ? m.group(1) : null;
    }

    private String lastTo(Zone zone) {
        List<Sent> l = transport.to(zone);
        return l.get(l.size() - 1).text();
    }

    /** A whole call from the trunk: INVITE, 180, 200, ACK, BYE, 200. */
    private void call(int n, int finalStatus) {
        String common = "From: <sip:caller@carrier>;tag=f" + n + "\r\nCall-ID: leak-" + n + "\r\n";
        receive(Zone.OUTSIDE, TRUNK, "INVITE sip:100@203.0.113.1 SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bKi" + n
                + "\r\nMax-Forwards: 70\r\n" + common + "To: <sip:100@203.0.113.1>\r\nCSeq: 1 INVITE\r\n"
                + "Contact: <sip:gw@198.51.100.20>\r\nContent-Length: 0\r\n\r\n");
        String inv = lastTo(Zone.INSIDE);
        String via = header(inv, "Via");
        String to = "To: <sip:100@203.0.113.1>;tag=t" + n + "\r\n";
        receive(Zone.INSIDE, PBX, "SIP/2.0 180 Ringing\r\nVia: " + via + "\r\n" + common + to + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:100@10.9.0.5:5080>\r\nContent-Length: 0\r\n\r\n");
        receive(Zone.INSIDE, PBX, "SIP/2.0 " + finalStatus + " X\r\nVia: " + via + "\r\n" + common + to
                + "CSeq: 1 INVITE\r\nContact: <sip:100@10.9.0.5:5080>\r\nContent-Length: 0\r\n\r\n");
        if (finalStatus >= 300) {
            receive(Zone.OUTSIDE, TRUNK, "ACK sip:100@203.0.113.1 SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bKi" + n
                    + "\r\nMax-Forwards: 70\r\n" + common + to + "CSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n");
            return;
        }
        String ok = lastTo(Zone.OUTSIDE);
        String target = header(ok, "Contact").replaceAll("^<|>.*$", "");
        receive(Zone.OUTSIDE, TRUNK, "ACK " + target + " SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bKa" + n
                + "\r\nMax-Forwards: 70\r\n" + common + to + "CSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n");
        receive(Zone.OUTSIDE, TRUNK, "BYE " + target + " SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bKb" + n
                + "\r\nMax-Forwards: 70\r\n" + common + to + "CSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n");
        String bye = lastTo(Zone.INSIDE);
        assertTrue(bye.startsWith("BYE sip:100@10.9.0.5:5080 "), bye);
        receive(Zone.INSIDE, PBX, "SIP/2.0 200 OK\r\nVia: " + header(bye, "Via") + "\r\n" + common + to
                + "CSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n");
        assertTrue(lastTo(Zone.OUTSIDE).startsWith("SIP/2.0 200 OK"), "BYE answered");
    }

    @Test
    void callsAndTortureLeaveNothingBehind() throws Exception {
        for (int i = 0; i < 200; i++) {
            call(i, i % 4 == 0 ? 486 : 200);
        }
        assertEquals(0, proxy.calls().activeCount(), "every call ended");
        for (String file : corpus()) {
            try (InputStream in = getClass().getResourceAsStream("/rfc4475/" + file)) {
                receive(Zone.OUTSIDE, TRUNK, in.readAllBytes());
            }
        }
        answerEverythingForwarded();
        Thread.sleep(600);
        Map<String, Long> c = proxy.counters();
        assertEquals(0L, c.get("servers"), c.toString());
        assertEquals(0L, c.get("clients"), c.toString());
        assertEquals(0L, c.get("calls"), c.toString());
        assertEquals(0L, c.get("callIds"), c.toString());
        assertTrue(c.get("contacts") <= 30, "one token per distinct Contact and flow: " + c);
    }

    /** The PBX answers 404 to whatever the corpus got through, so those transactions end too. */
    private void answerEverythingForwarded() {
        for (Sent s : new ArrayList<>(transport.to(Zone.INSIDE))) {
            String m = s.text();
            if (m.startsWith("SIP/2.0") || m.startsWith("ACK ") || !header(m, "Via").contains("z9hG4bKbw")) {
                continue;
            }
            String cseq = header(m, "CSeq");
            if (cseq == null || !m.contains("Call-ID") || m.contains("leak-")) {
                continue;
            }
            receive(Zone.INSIDE, PBX, "SIP/2.0 404 Not Found\r\nVia: " + header(m, "Via") + "\r\nFrom: "
                    + header(m, "From") + "\r\nTo: " + header(m, "To") + ";tag=nf\r\nCall-ID: " + header(m, "Call-ID")
                    + "\r\nCSeq: " + cseq + "\r\nContent-Length: 0\r\n\r\n");
        }
    }

    private List<String> corpus() throws IOException {
        List<String> files = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/rfc4475/MANIFEST.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.endsWith("\r")) {
                    line = line.substring(0, line.length() - 1);
                }
                if (!line.isBlank() && !line.startsWith("file\t")) {
                    files.add(line.split("\t")[0]);
                }
            }
        }
        assertEquals(49, files.size());
        return files;
    }
}
