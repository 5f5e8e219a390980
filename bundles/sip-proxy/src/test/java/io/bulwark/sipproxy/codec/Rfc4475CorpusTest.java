package io.bulwark.sipproxy.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every RFC 4475 torture message, decoded and validated as the proxy does, as a datagram and as a
 * stream frame. Expected outcomes: "ok", a status ("400", "416", ...), "drop", or "incomplete".
 */
class Rfc4475CorpusTest {

    /** file -> {datagram outcome, stream outcome, substring of the reason (or "")}. */
    private static final Map<String, String[]> EXPECTED = Map.ofEntries(
        Map.entry("wsinv.dat", e("ok", "ok", "")),
        Map.entry("intmeth.dat", e("ok", "ok", "")),
        Map.entry("esc01.dat", e("ok", "ok", "")),
        Map.entry("escnull.dat", e("ok", "ok", "")),
        Map.entry("esc02.dat", e("ok", "ok", "")),
        Map.entry("lwsdisp.dat", e("ok", "ok", "")),
        Map.entry("longreq.dat", e("ok", "ok", "")),
        Map.entry("dblreq.dat", e("ok", "ok", "")),
        Map.entry("semiuri.dat", e("ok", "ok", "")),
        Map.entry("transports.dat", e("ok", "ok", "")),
        Map.entry("mpart01.dat", e("ok", "ok", "")),
        Map.entry("unreason.dat", e("ok", "ok", "")),
        Map.entry("noreason.dat", e("ok", "ok", "")),
        Map.entry("badinv01.dat", e("400", "400", "Via")),
        Map.entry("clerr.dat", e("400", "incomplete", "Content-Length")),
        Map.entry("ncl.dat", e("400", "400", "Content-Length: negative")),
        Map.entry("scalar02.dat", e("400", "400", "CSeq")),
        Map.entry("scalarlg.dat", e("drop", "drop", "CSeq")),
        Map.entry("quotbal.dat", e("400", "400", "To: unterminated quoted string")),
        Map.entry("ltgtruri.dat", e("400", "400", "Request-URI")),
        Map.entry("lwsruri.dat", e("400", "400", "Request-URI: contains white space")),
        Map.entry("lwsstart.dat", e("400", "400", "single SP")),
        Map.entry("trws.dat", e("400", "400", "trailing white space")),
        Map.entry("escruri.dat", e("400", "400", "Request-URI: escaped headers")),
        Map.entry("baddate.dat", e("ok", "ok", "")),
        Map.entry("regbadct.dat", e("400", "400", "Contact")),
        Map.entry("badaspec.dat", e("400", "400", "To: white space")),
        Map.entry("baddn.dat", e("400", "400", "display name")),
        Map.entry("badvers.dat", e("505", "505", "SIP-Version")),
        Map.entry("mismatch01.dat", e("400", "400", "CSeq: method")),
        Map.entry("mismatch02.dat", e("400", "400", "CSeq: method")),
        Map.entry("bigcode.dat", e("drop", "drop", "Status-Code")),
        Map.entry("badbranch.dat", e("ok", "ok", "")),
        Map.entry("insuf.dat", e("400", "400", "missing required header")),
        Map.entry("unkscm.dat", e("416", "416", "scheme")),
        Map.entry("novelsc.dat", e("416", "416", "scheme")),
        Map.entry("unksm2.dat", e("ok", "ok", "")),
        Map.entry("bext01.dat", e("420", "420", "Proxy-Require")),
        Map.entry("invut.dat", e("ok", "ok", "")),
        Map.entry("regaut01.dat", e("ok", "ok", "")),
        Map.entry("multi01.dat", e("400", "400", "appears more than once")),
        Map.entry("mcl01.dat", e("400", "400", "Content-Length: multiple")),
        Map.entry("bcast.dat", e("ok", "ok", "")),
        Map.entry("zeromf.dat", e("483", "483", "Max-Forwards")),
        Map.entry("cparam01.dat", e("ok", "ok", "")),
        Map.entry("cparam02.dat", e("ok", "ok", "")),
        Map.entry("regescrt.dat", e("ok", "ok", "")),
        Map.entry("sdp01.dat", e("ok", "ok", "")),
        Map.entry("inv2543.dat", e("ok", "400", "")));

    private final SipMessageDecoder decoder = new SipMessageDecoder();
    private final SipMessageValidator validator = new SipMessageValidator();

    private static String[] e(String datagram, String stream, String reason) {
        return new String[] {datagram, stream, reason};
    }

    static byte[] load(String file) {
        try (InputStream in = Rfc4475CorpusTest.class.getResourceAsStream("/rfc4475/" + file)) {
            assertNotNull(in, "missing resource " + file);
            return in.readAllBytes();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** @return the .dat file names listed in MANIFEST.tsv */
    static List<String> manifest() {
        String tsv = new String(load("MANIFEST.tsv"), StandardCharsets.UTF_8);
        List<String> files = new ArrayList<>();
        for (String line : tsv.split("\n")) {
            String name = line.split("\t")[0];
            if (name.endsWith(".dat")) {
                files.add(name);
            }
        }
        return files;
    }

    static Stream<String> files() {
        return manifest().stream();
    }

    @Test
    void manifestListsAll49FilesAndEveryFileHasAnExpectation() {
        List<String> files = manifest();
        assertEquals(49, files.size());
        assertEquals(new TreeSet<>(EXPECTED.keySet()), new TreeSet<>(files));
    }

    /** What the proxy does with the bytes: decode, then validate. */
    private String outcome(byte[] data, boolean datagram, StringBuilder reason) {
        DecodeResult r = decoder.decode(data, 0, data.length, datagram);
        if (r.incomplete()) {
            return "incomplete";
        }
        if (!r.ok()) {
            reason.append(r.errorReason());
            assertNotNull(r.errorReason());
            return r.errorStatus() == 0 ? "drop" : Integer.toString(r.errorStatus());
        }
        ValidationResult v = validator.validate(r.message());
        if (!v.ok()) {
            reason.append(v.reason());
            return v.drop() ? "drop" : Integer.toString(v.status());
        }
        return "ok";
    }

    @ParameterizedTest(name = "{0} as datagram")
    @MethodSource("files")
    void datagramOutcome(String file) {
        byte[] data = load(file);
        String[] exp = EXPECTED.get(file);
        StringBuilder reason = new StringBuilder();
        assertEquals(exp[0], outcome(data, true, reason), file + ": " + reason);
        assertTrue(reason.toString().contains(exp[2]), file + ": reason '" + reason + "' should name " + exp[2]);
    }

    @ParameterizedTest(name = "{0} as stream frame")
    @MethodSource("files")
    void streamOutcome(String file) {
        byte[] data = load(file);
        String[] exp = EXPECTED.get(file);
        StringBuilder reason = new StringBuilder();
        assertEquals(exp[1], outcome(data, false, reason), file + ": " + reason);
        if (exp[1].equals(exp[0])) {
            assertTrue(reason.toString().contains(exp[2]), file + ": reason '" + reason + "' should name " + exp[2]);
        }
    }

    @ParameterizedTest(name = "{0} embedded in a larger buffer")
    @MethodSource("files")
    void offsetAndLengthAreHonoured(String file) {
        byte[] data = load(file);
        byte[] padded = new byte[data.length + 20];
        Arrays.fill(padded, (byte) 'X');
        System.arraycopy(data, 0, padded, 7, data.length);
        DecodeResult a = decoder.decode(data, 0, data.length, true);
        DecodeResult b = decoder.decode(padded, 7, data.length, true);
        assertEquals(a.ok(), b.ok());
        assertEquals(a.errorStatus(), b.errorStatus());
        assertEquals(a.errorReason(), b.errorReason());
        if (a.ok()) {
            assertArrayEquals(a.message().encode(), b.message().encode());
        }
    }

    @ParameterizedTest(name = "{0} re-encodes stably")
    @MethodSource("files")
    void decodedMessagesReEncodeStably(String file) {
        DecodeResult r = decoder.decode(load(file), true);
        if (!r.ok()) {
            return;
        }
        byte[] once = r.message().encode();
        for (boolean datagram : new boolean[] {true, false}) {
            DecodeResult again = decoder.decode(once, datagram);
            assertTrue(again.ok(), file + ": re-decode failed: " + again);
            assertEquals(once.length, again.consumed());
            assertArrayEquals(once, again.message().encode(), file);
            assertEquals(validator.validate(r.message()).status(), validator.validate(again.message()).status());
            List<String> names = new ArrayList<>(r.message().headerNames());
            if (!names.contains("Content-Length")) {
                names.add("Content-Length");
            }
            assertEquals(names, again.message().headerNames());
            assertArrayEquals(r.message().body(), again.message().body());
        }
    }

    @ParameterizedTest(name = "{0} fed byte by byte on a stream")
    @MethodSource("files")
    void everyStreamPrefixIsIncomplete(String file) {
        byte[] data = load(file);
        DecodeResult whole = decoder.decode(data, false);
        if (!whole.ok()) {
            return;
        }
        for (int len = 0; len < whole.consumed(); len++) {
            DecodeResult r = decoder.decode(data, 0, len, false);
            assertTrue(r.incomplete(), file + " prefix " + len + ": " + r);
        }
    }

    @ParameterizedTest(name = "{0} error response")
    @MethodSource("files")
    void rejectedRequestsCanBeAnswered(String file) {
        byte[] data = load(file);
        DecodeResult r = decoder.decode(data, true);
        SipMessageImpl response;
        SipMessageImpl request = r.message();
        if (!r.ok()) {
            response = SipResponses.reject(r, "bw1");
        } else {
            ValidationResult v = validator.validate(request);
            response = SipResponses.reject(request, v, "bw1");
            if (v.status() == 420) {
                assertEquals(v.unsupported(), response.headers("Unsupported"));
            }
        }
        String expected = EXPECTED.get(file)[0];
        if (expected.equals("ok") || expected.equals("drop")) {
            assertNull(response, file);
            return;
        }
        assertNotNull(response, file);
        assertEquals(Integer.parseInt(expected), response.statusCode());
        assertEquals(request.headers("Via"), response.headers("Via"), file);
        assertEquals(request.header("Call-ID"), response.header("Call-ID"), file);
        assertEquals(request.header("CSeq"), response.header("CSeq"), file);
        assertEquals(request.header("From"), response.header("From"), file);
        if (request.header("To") != null && request.nameAddress("To") != null && request.toTag() == null) {
            assertEquals("bw1", response.toTag(), file);
        }
        DecodeResult back = decoder.decode(response.encode(), false);
        assertTrue(back.ok(), file + ": " + back);
        assertEquals("0", back.message().header("Content-Length"));
    }

    // ---- field checks on the valid messages ----

    private SipMessageImpl ok(String file) {
        DecodeResult r = decoder.decode(load(file), true);
        assertTrue(r.ok(), file + ": " + r);
        return r.message();
    }

    @Test
    void wsinv() {
        SipMessageImpl m = ok("wsinv.dat");
        assertEquals("INVITE", m.method());
        assertEquals("sip:vivekg@chair-dnrc.example.com;unknownparam", m.requestUri());
        assertEquals("wsinv.ndaksdj@192.0.2.1", m.callId());
        assertEquals(68, m.maxForwards());
        assertEquals(9, m.cseq());
        assertEquals("INVITE", m.cseqMethod());
        assertEquals("1918181833n", m.toTag());
        assertEquals("98asjd8", m.fromTag());
        assertEquals("J Rosenberg \\\"", m.nameAddress("From").displayName());
        assertEquals(3, m.headers("Via").size());
        Via top = m.topVia();
        assertEquals("UDP", top.transport());
        assertEquals("192.0.2.2", top.host());
        assertEquals("390skdjuw", top.branch());
        assertEquals("z9hG4bK30239", Via.parse(m.headers("v").get(2)).branch());
        assertEquals("newfangled value continued newfangled value", m.header("NewFangledHeader"));
        assertEquals(";;,,;;,;", m.header("UnknownHeaderWithUnusualValue"));
        assertEquals("", m.header("Subject"));
        NameAddress contact = m.nameAddress("Contact");
        assertEquals("Quoted string \"\"", contact.displayName());
        assertEquals("0.33", contact.param("q"));
        assertEquals("newvalue", contact.param("newparam"));
        assertEquals(150, m.body().length);
    }

    @Test
    void intmeth() {
        byte[] data = load("intmeth.dat");
        SipMessageImpl m = ok("intmeth.dat");
        assertEquals("!interesting-Method0123456789_*+`.%indeed'~", m.method());
        SipUri ruri = SipUri.parse(m.requestUri());
        assertEquals("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", ruri.user());
        assertEquals("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)", ruri.password());
        assertEquals("example.com", ruri.host());
        assertEquals("BEL:\u0007 NUL:\u0000 DEL:\u007f", m.nameAddress("To").displayName());
        assertEquals("_token~1'+`*%!-.", m.fromTag());
        assertEquals("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{", m.callId());
        String text = new String(data, StandardCharsets.UTF_8);
        int i = text.indexOf("extensionHeader-!.%*+_`'~:") + "extensionHeader-!.%*+_`'~:".length();
        assertEquals(text.substring(i, text.indexOf("\r\n", i)), m.header("extensionHeader-!.%*+_`'~"));
        String fromParam = m.nameAddress("From").param("fromParam''~+*_!.-%");
        assertTrue(fromParam.startsWith("\"\u0440\u0430\u0431"), fromParam);
    }

    @Test
    void esc01AndEscnullKeepEscapes() {
        SipMessageImpl m = ok("esc01.dat");
        SipUri ruri = SipUri.parse(m.requestUri());
        assertEquals("sips%3Auser%40example.com", ruri.user());
        assertEquals("example.net", ruri.host());
        SipUri contact = m.nameAddress("Contact").uri();
        assertEquals("cal%6Cer", contact.user());
        assertTrue(contact.hasParam("%6C%72"));
        assertEquals("v%61lue%25%34%31", contact.param("n%61me"));
        assertEquals("application/sdp", m.header("Content-Type"));

        SipMessageImpl n = ok("escnull.dat");
        assertEquals("null-%00-null", n.nameAddress("To").uri().user());
        assertEquals(List.of("<sip:%00@host5.example.com>", "<sip:%00%00@host5.example.com>"), n.headers("Contact"));
        assertEquals("0", n.header("Content-Length"));
    }

    @Test
    void esc02PercentIsNotAnEscapeInMethodAndDisplayName() {
        SipMessageImpl m = ok("esc02.dat");
        assertEquals("RE%47IST%45R", m.method());
        assertEquals(2, m.headers("Contact").size());
        assertEquals("<sip:alias2@host2.example.com>", m.header("C%6Fntact"));
        assertEquals("%Z%45", m.nameAddress("To").displayName());
        assertEquals("z9hG4bK209%fzsnel234", m.topVia().branch());
    }

    @Test
    void lwsdispAndLongreq() {
        assertEquals("caller", ok("lwsdisp.dat").nameAddress("From").displayName());
        SipMessageImpl m = ok("longreq.dat");
        assertEquals(34, m.headers("Via").size());
        assertEquals("sip33.example.com", m.topVia().host());
        String last = m.headers("Via").get(33);
        assertEquals(215, Via.parse(last).branch().length(), last);
        assertTrue(m.callId().startsWith("longreq.onereally") && m.callId().endsWith("longcallid"));
        assertEquals(155, m.fromTag().length());
        assertTrue(m.header("Unknown-LongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLong-Name")
            .endsWith("-parameter-value"));
        assertTrue(m.nameAddress("To").displayName().startsWith("I have a user name of extreme"));
        assertEquals(150, m.body().length);
    }

    @Test
    void dblreqIgnoresTrailingBytesOnDatagramAndFramesTwoMessagesOnStream() {
        byte[] data = load("dblreq.dat");
        DecodeResult d = decoder.decode(data, true);
        assertTrue(d.ok());
        assertEquals("REGISTER", d.message().method());
        assertEquals("dblreq.0ha0isndaksdj99sdfafnl3lk233412", d.message().callId());
        assertEquals(0, d.message().body().length);
        assertEquals(data.length, d.consumed());

        DecodeResult s1 = decoder.decode(data, false);
        assertTrue(s1.ok());
        String text = new String(data, StandardCharsets.ISO_8859_1);
        assertEquals(text.indexOf("\r\n\r\n") + 4, s1.consumed());
        DecodeResult s2 = decoder.decode(data, s1.consumed(), data.length - s1.consumed(), false);
        assertTrue(s2.ok(), s2.toString());
        assertEquals("INVITE", s2.message().method());
        assertEquals(150, s2.message().body().length);
        assertEquals(data.length - 5, s1.consumed() + s2.consumed());
    }

    @Test
    void semiuriTransportsMpart() {
        SipMessageImpl m = ok("semiuri.dat");
        SipUri ruri = SipUri.parse(m.requestUri());
        assertEquals("user;par=u%40example.net", ruri.user());
        assertEquals("example.com", ruri.host());
        assertEquals(6, m.headers("Accept").size());
        assertEquals("message/sipfrag", m.headers("Accept").get(5));

        SipMessageImpl t = ok("transports.dat");
        List<String> transports = new ArrayList<>();
        for (String v : t.headers("Via")) {
            transports.add(Via.parse(v).transport());
        }
        assertEquals(List.of("UDP", "SCTP", "TLS", "UNKNOWN", "TCP"), transports);

        byte[] data = load("mpart01.dat");
        SipMessageImpl p = ok("mpart01.dat");
        assertEquals(553, p.body().length);
        assertEquals(Integer.parseInt(p.header("Content-Length")), p.body().length);
        assertArrayEquals(Arrays.copyOfRange(data, data.length - 553, data.length), p.body());
        assertEquals(0, p.topVia().rport());
        assertEquals("multipart/mixed;boundary=7a9cbec02ceef655", p.header("c"));
    }

    @Test
    void responses() {
        byte[] data = load("unreason.dat");
        SipMessageImpl u = ok("unreason.dat");
        assertFalse(u.isRequest());
        assertEquals(200, u.statusCode());
        String line = new String(data, StandardCharsets.UTF_8);
        assertEquals(line.substring("SIP/2.0 200 ".length(), line.indexOf("\r\n")), u.reasonPhrase());
        assertEquals("INVITE", u.method());
        assertEquals(154, u.body().length);

        SipMessageImpl n = ok("noreason.dat");
        assertEquals(100, n.statusCode());
        assertEquals("", n.reasonPhrase());

        SipMessageImpl b = ok("bcast.dat");
        assertTrue(validator.validate(b).ok());
        assertEquals("192.0.2.198", b.topVia().host());
        assertEquals("255.255.255.255", Via.parse(b.headers("Via").get(1)).host());
    }

    @Test
    void semanticButSyntacticallyValidRequests() {
        assertEquals("Fri, 01 Jan 2010 16:00:00 EST", ok("baddate.dat").header("Date"));
        assertEquals("z9hG4bK", ok("badbranch.dat").topVia().branch());
        SipMessageImpl u = ok("unksm2.dat");
        assertEquals("isbn", u.nameAddress("To").uri().scheme());
        assertEquals("http", u.nameAddress("From").uri().scheme());
        assertEquals("name:John_Smith", u.nameAddress("Contact").uri().toString());
        assertEquals("Route=%3Csip:sip.example.com%3E", ok("regescrt.dat").nameAddress("Contact").uri().headers());
        NameAddress c1 = ok("cparam01.dat").nameAddress("Contact");
        assertEquals("", c1.param("unknownparam"));
        assertFalse(c1.uri().hasParam("unknownparam"));
        NameAddress c2 = ok("cparam02.dat").nameAddress("Contact");
        assertNull(c2.param("unknownparam"));
        assertTrue(c2.uri().hasParam("unknownparam"));
        assertEquals(List.of("NoOneKnowsThisScheme opaque-data=here"), ok("regaut01.dat").headers("Authorization"));
        SipMessageImpl inv = ok("inv2543.dat");
        assertEquals(105, inv.body().length);
        assertNull(inv.fromTag());
        assertNull(inv.topVia().branch());
        assertEquals(40, ok("invut.dat").body().length);
        assertEquals(0, ok("zeromf.dat").maxForwards());
        assertEquals(List.of("noProxiesSupportThis", "norDoAnyProxiesSupportThis"),
            validator.validate(ok("bext01.dat")).unsupported());
    }

    @Test
    void partialMessagesOfDecoderErrorsKeepTheHeaders() {
        for (String file : List.of("lwsstart.dat", "trws.dat", "lwsruri.dat", "ncl.dat", "clerr.dat", "mcl01.dat")) {
            DecodeResult r = decoder.decode(load(file), true);
            assertFalse(r.ok(), file);
            SipMessageImpl partial = r.message();
            assertNotNull(partial, file);
            assertTrue(partial.isRequest(), file);
            assertNotNull(partial.callId(), file);
            assertNotNull(partial.topVia(), file);
        }
        DecodeResult big = decoder.decode(load("bigcode.dat"), true);
        assertTrue(big.drop());
        assertEquals("bigcode.asdof3uj203asdnf3429uasdhfas3ehjasdfas9i", big.message().callId());
    }
}
