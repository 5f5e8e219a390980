package io.bulwark.sipproxy.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The accessors of decoded messages (topVia, callId, cseq, fromTag, toTag, maxForwards) read header
 * lines by precomputed id and parse wire bytes directly ({@link HeaderBytes}, {@link Via#parse(byte[],
 * int, int)}). These tests pin them to the String parsers: hand-picked edge cases, and randomized
 * differential runs in which both paths must agree on every input.
 */
class HeaderFastPathTest {

    private static final String START = "OPTIONS sip:x@example.com SIP/2.0\r\n";

    private final SipMessageDecoder decoder = new SipMessageDecoder();

    private SipMessageImpl decodeOk(String text) {
        DecodeResult r = decoder.decode(text.getBytes(StandardCharsets.UTF_8), true);
        assertTrue(r.ok(), r.toString());
        return r.message();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    // ---- the slow (reference) answers, from the String parsers ----

    private static String slowTag(String value) {
        try {
            NameAddress na = NameAddress.parse(value, "From");
            return na == null ? null : na.tag();
        } catch (SipParseException e) {
            return null;
        }
    }

    private static long slowCseq(String value) {
        try {
            CSeq c = CSeq.parse(value);
            return c == null ? -1 : c.number();
        } catch (SipParseException e) {
            return -1;
        }
    }

    private static Via slowVia(String value) {
        try {
            return Via.parse(value);
        } catch (SipParseException e) {
            return null;
        }
    }

    private static boolean slowUri(String value) {
        try {
            SipUri.parse(value);
            return true;
        } catch (SipParseException e) {
            return false;
        }
    }

    /** A message with the same header lines as m, all set through the mutators (String values only). */
    private static SipMessageImpl stringCopy(SipMessageImpl m) {
        SipMessageImpl c = SipMessageImpl.request("OPTIONS", "sip:x@example.com");
        for (HeaderEntry e : m.entries()) {
            c.addHeader(e.name, e.value());
        }
        return c;
    }

    private static void assertSameVia(Via expected, Via actual, String input) {
        if (expected == null) {
            assertNull(actual, input);
            return;
        }
        assertNotNull(actual, input);
        assertEquals(expected.toString(), actual.toString(), input);
        assertEquals(expected.protocol(), actual.protocol(), input);
        assertEquals(expected.transport(), actual.transport(), input);
        assertEquals(expected.host(), actual.host(), input);
        assertEquals(expected.port(), actual.port(), input);
        assertEquals(expected.branch(), actual.branch(), input);
        assertEquals(expected.received(), actual.received(), input);
        assertEquals(expected.rport(), actual.rport(), input);
        assertEquals(expected.param("TTL"), actual.param("TTL"), input);
        assertEquals(expected.param("maddr"), actual.param("maddr"), input);
        assertEquals(expected.param("x y"), actual.param("x y"), input);
        assertEquals(expected.params(), actual.params(), input);
        assertEquals(expected.withParam("received", "192.0.2.1").toString(),
            actual.withParam("received", "192.0.2.1").toString(), input);
        assertEquals(expected.withoutParam("branch").toString(), actual.withoutParam("branch").toString(), input);
    }

    /** Every accessor of m agrees with the String path (the same lines set as Strings). */
    private static void assertAccessorsAgree(SipMessageImpl m) {
        SipMessageImpl s = stringCopy(m);
        StringBuilder lines = new StringBuilder();
        for (HeaderEntry e : m.entries()) {
            lines.append(e.name).append(": ").append(e.value()).append(" | ");
        }
        String what = lines.toString();
        assertEquals(s.callId(), m.callId(), what);
        assertEquals(s.header("Call-ID"), m.callId(), what);
        assertEquals(s.cseq(), m.cseq(), what);
        assertEquals(slowCseq(m.header("CSeq")), m.cseq(), what);
        assertEquals(s.cseqMethod(), m.cseqMethod(), what);
        assertEquals(s.fromTag(), m.fromTag(), what);
        assertEquals(slowTag(m.header("From")), m.fromTag(), what);
        assertEquals(s.toTag(), m.toTag(), what);
        assertEquals(slowTag(m.header("To")), m.toTag(), what);
        assertEquals(s.maxForwards(), m.maxForwards(), what);
        assertSameVia(s.topVia(), m.topVia(), what);
        assertSameVia(slowVia(m.header("Via")), m.topVia(), what);
    }

    // ---- hand-picked cases ----

    @ParameterizedTest
    @CsvSource({"v,i,f,t", "V,I,F,T", "via,call-id,from,to", "VIA,CALL-ID,FROM,TO", "vIa,CaLl-Id,fRoM,tO"})
    void compactFormsAndAnyCaseAreFound(String via, String callId, String from, String to) {
        SipMessageImpl m = decodeOk(START + via + ": SIP/2.0/UDP h.example.com;branch=z9hG4bK7\r\n"
            + callId + ": c7@h\r\n" + from + ": <sip:a@h>;tag=f7\r\n" + to + ": <sip:b@h>;tag=t7\r\n"
            + "cSeQ: 7 OPTIONS\r\nmax-FORWARDS: 69\r\nl: 0\r\n\r\n");
        assertEquals("z9hG4bK7", m.topVia().branch());
        assertEquals("c7@h", m.callId());
        assertEquals("f7", m.fromTag());
        assertEquals("t7", m.toTag());
        assertEquals(7, m.cseq());
        assertEquals(69, m.maxForwards());
        assertAccessorsAgree(m);
    }

    @Test
    void everyKnownNameIsFoundInAnyCaseAndNearMissesAreNot() {
        Random rnd = new Random(7);
        for (String name : SipHeaderNames.names()) {
            StringBuilder mixed = new StringBuilder();
            for (char c : name.toCharArray()) {
                mixed.append(rnd.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
            }
            for (String written : new String[] {name, name.toLowerCase(), name.toUpperCase(), mixed.toString()}) {
                // as the last line of the header section the name ends near the end of the buffer
                SipMessageImpl m = decodeOk(START + "X-Pad: 0\r\n" + written + ":0\r\n\r\n");
                assertEquals(List.of("X-Pad", name), m.headerNames(), written);
                SipMessageImpl first = decodeOk(START + written + " :  0\r\nX-Pad: 0\r\n\r\n");
                assertEquals(List.of(name, "X-Pad"), first.headerNames(), written);
            }
            int mid = name.length() / 2;
            for (String near : new String[] {name + "x", name.substring(1), name.substring(0, name.length() - 1),
                name.substring(0, mid) + "_" + name.substring(mid + 1), name.substring(0, mid) + "~" + name.substring(mid)}) {
                if (SipHeaderNames.lookup(near) == null) {
                    SipMessageImpl m = decodeOk(START + near + ": 1\r\nX-Pad: 0\r\n\r\n");
                    assertEquals(List.of(near, "X-Pad"), m.headerNames(), near);
                }
            }
        }
    }

    @Test
    void namesThatOnlyLookLikeKnownOnesAreNotThem() {
        SipMessageImpl m = decodeOk(START + "Vias: SIP/2.0/UDP x;branch=z9hG4bKno\r\nCall-IDs: no\r\n"
            + "Fromm: <sip:a@h>;tag=no\r\nT: <sip:b@h>;tag=yes\r\nX-CSeq: 9 OPTIONS\r\nMax-Forward: 1\r\n"
            + "To2: <sip:c@h>;tag=no\r\nl: 0\r\n\r\n");
        assertNull(m.topVia());
        assertNull(m.callId());
        assertNull(m.fromTag());
        assertEquals("yes", m.toTag());
        assertEquals(-1, m.cseq());
        assertEquals(-1, m.maxForwards());
        assertAccessorsAgree(m);
    }

    @Test
    void topViaIsTheFirstValueOfTheFirstNonEmptyViaLine() {
        SipMessageImpl m = decodeOk(START + "Via:\r\nVia: SIP/2.0/TCP a.example.com:5070;branch=z9hG4bKa;"
            + "x=\"q,uoted\" , SIP/2.0/UDP b.example.com;branch=z9hG4bKb\r\nv: SIP/2.0/UDP c;branch=z9hG4bKc\r\n"
            + "l: 0\r\n\r\n");
        Via v = m.topVia();
        assertEquals("z9hG4bKa", v.branch());
        assertEquals("a.example.com", v.host());
        assertEquals(5070, v.port());
        assertEquals("TCP", v.transport());
        assertEquals("\"q,uoted\"", v.param("X"));
        assertEquals(List.of(new SipParam("branch", "z9hG4bKa"), new SipParam("x", "\"q,uoted\"")), v.params());
        assertAccessorsAgree(m);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SIP/2.0/UDP h;branch=z9hG4bK1",
        "SIP / 2.0 / UDP  h : 5060 ; branch = z9hG4bK1 ; rport ; received = 192.0.2.1",
        "sip/2.0/udp [2001:db8::1]:5061;BRANCH=z9hG4bK1;ttl=3;maddr=239.0.0.1",
        "SIP/2.0/SCTP h;rport=5060;branch=z9hG4bK1;branch=second",
        "SIP/2.0/TLS h;x=\"a;branch=no\";branch=yes",
        "SIP/2.0/WSS h;flag;other=\"esc\\\"aped;branch=no\"",
        "SIP/2.0/TCP h", "SIP/2.0/UDP h:", "SIP/2.0/UDP h:123456", "SIP/2.0/UDP h:65536", "SIP/2.0/UDP",
        "SIP/2.0/UDPh", "SIP/2.0 h", "SIP/2.0/UDP h;", "SIP/2.0/UDP h;branch", "SIP/2.0/UDP h;branch=\"q\"",
        "SIP/2.0/UDP h;rport=x", "SIP/2.0/UDP h;ttl", "SIP/2.0/UDP h;ttl=256", "SIP/2.0/UDP [::1",
        "SIP/2.0/UDP [::1;x]", "SIP/2.0/UDP h x", "SIP/2.0/UDP h;x=", "SIP/2.0/UDP h;x=\"open",
        "SIP/2.0/UDP [::1, SIP/2.0/UDP [::2]", "SIP/2.0/UDP h;x=a\"b\"", "SIP/2.0/UDP h;x=a<b", "SIP/2.0/UDP",
        "SIP/2.0/UDP h;x=\"a\\\"", "SIP/2.0/UDP h;x=\"a\\\"b\"", "SIP/2.0/UDP h :", "SIP/2.0/UDP h;", "SIP/2.0/UDP h;x"})
    void viaFromBytesEqualsViaFromString(String value) {
        byte[] b = ascii(value);
        assertSameVia(slowVia(value), Via.parse(b, 0, b.length), value);
        byte[] padded = ascii("xx" + value + "yy");
        assertSameVia(slowVia(value), Via.parse(padded, 2, padded.length - 2), value);
        for (String rest : new String[] {"", ",", " , SIP/2.0/UDP b", ",x", "\t,,", ", \"", ", <sip:x>"}) {
            String list = value + rest;
            int sep = SipSyntax.firstSeparator(list, 0);
            Via first = slowVia(SipSyntax.trimWs(sep < 0 ? list : list.substring(0, sep)));
            byte[] lb = ascii(list);
            assertSameVia(first, Via.parseFirst(lb, 0, lb.length), list);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "<sip:a@h>;tag=1|1",
        "\"Bob;tag=evil\" <sip:b@h>;tag=real|real",
        "\"x\\\";tag=no\" <sip:b@h>;tag=yes|yes",
        "\"x\\\\\" <sip:b@h>;tag=yes|yes",
        "<sip:b@h;tag=inuri>|NULL",
        "<sip:b@h;tag=inuri>;TAG=Out|Out",
        "sip:b@h;tag=bare|bare",
        "sip:b@h ; tag = spaced|spaced",
        "Bob Smith <sip:b@h>;other=\"a;tag=no\";tag=t|t",
        "<sip:b@h>;tag|NULL",
        "<sip:b@h>;tag=\"quoted\"|\"quoted\"",
        "<sip:b@h>;tag=1;tag=2|1",
        "<sip:b@h>;tag=1;|NULL",
        "<sip:b @h>;tag=1|NULL",
        "<sip:b@h;tag=1|NULL",
        "sip:b@h?x=y;tag=1|NULL",
        "\"open <sip:b@h>;tag=1|NULL",
        "b@h;tag=1|NULL",
        "<tel:+1-555;phone-context=x>;tag=9|9",
        "<urn:uuid:1234>;tag=9|9",
        "<sips:[2001:db8::1]:5061>;tag=9|9",
        "<sip:u:pw@h:65536>;tag=9|NULL",
        "<sip:%4|NULL",
        "<sip:b@h>|NULL",
        "<sip:b@h>;TaG|NULL",
        "<sip:b@h>;tAg=CaSe|CaSe",
        "<sip:tag@tag.example>;x=tag|NULL",
        "\"tag\" <sip:b@h>|NULL",
        "<sip:b@h>;ta|NULL",
        "<sip:b@h>;tag=|NULL",
        "<sip:b h>;t=1|NULL",
        "<sip:b@h>;tags=1|NULL",
        "<sip:b@h>;xtag=1;tag=2|2"})
    void tagFromBytesEqualsTagFromString(String value, String tag) {
        assertEquals(tag, slowTag(value), value);
        byte[] b = ascii(value);
        assertEquals(tag, HeaderBytes.tag(b, 0, b.length), value);
        SipMessageImpl m = decodeOk(START + "From: " + value + "\r\nt: " + value + "\r\nContent-Length: 0\r\n\r\n");
        assertEquals(tag, m.fromTag());
        assertEquals(tag, m.toTag());
        assertAccessorsAgree(m);
    }

    @Test
    void foldedAndNonAsciiValuesTakeTheStringPath() {
        SipMessageImpl m = decodeOk(START + "From: \"Jürgen\" <sip:j@h>;tag=ü1\r\nTo: <sip:b@h>\r\n ;tag=folded\r\n"
            + "Via: SIP/2.0/UDP h\r\n\t;branch=z9hG4bKfold\r\nCSeq: 5\r\n  OPTIONS\r\nMax-Forwards:\r\n 12\r\n"
            + "Content-Length: 0\r\n\r\n");
        assertNull(m.fromTag()); // a non-ASCII tag is not a token: the From value is malformed
        assertEquals("folded", m.toTag());
        assertEquals("z9hG4bKfold", m.topVia().branch());
        assertEquals(5, m.cseq());
        assertEquals(12, m.maxForwards());
        assertAccessorsAgree(m);
        SipMessageImpl ok = decodeOk(START + "From: \"Jürgen\" <sip:j@h>;tag=j1\r\nContent-Length: 0\r\n\r\n");
        assertEquals("j1", ok.fromTag());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"1 INVITE|1", "  12   INVITE  |12", "12INVITE|-1", "2147483647 X|2147483647",
        "2147483648 X|-1", "99999999999999999999 X|-1", "1|-1", "1 |-1", "x INVITE|-1", "1 INVITE x|-1",
        "1 INV;TE|-1", "''|-1", "01 ACK|1"})
    void cseqFromBytes(String value, long number) {
        assertEquals(number, slowCseq(value));
        byte[] b = ascii(value);
        assertEquals(number, HeaderBytes.cseqNumber(b, 0, b.length));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"70|70", " 0 |0", "255|255", "256|-1", "-1|-1", "7 0|-1", "''|-1", "x|-1",
        "0000000000000000000001|1"})
    void maxForwardsFromBytes(String value, int expected) {
        byte[] b = ascii(value);
        assertEquals(expected, HeaderBytes.maxForwards(b, 0, b.length));
        if (!value.isBlank()) {
            SipMessageImpl m = decodeOk(START + "Max-Forwards: " + value + "\r\nContent-Length: 0\r\n\r\n");
            assertEquals(expected, m.maxForwards());
            assertAccessorsAgree(m);
        }
    }

    @Test
    void mutatedMessagesStillAnswerFromTheirCurrentLines() {
        SipMessageImpl m = decodeOk(START + "Via: SIP/2.0/UDP a;branch=z9hG4bKa\r\nFrom: <sip:a@h>;tag=1\r\n"
            + "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
        m.addHeaderOnTop("Via", "SIP/2.0/UDP proxy;branch=z9hG4bKp");
        m.setHeader("From", "<sip:a@h>;tag=2");
        m.setHeader("CSeq", "3 OPTIONS");
        assertEquals("z9hG4bKp", m.topVia().branch());
        assertEquals("2", m.fromTag());
        assertEquals(3, m.cseq());
        assertEquals("z9hG4bKa", m.removeFirstValue("Via") == null ? null : m.topVia().branch());
    }

    // ---- the decoder's eight-bytes-at-a-time line scan ----

    @Test
    void bareCrOrLfIsFoundAtEveryOffset() {
        String line = "Subject: abcdefghijklmnopqrstuvwxyz0123456789";
        for (String bad : new String[] {"\r", "\n", "\n\r"}) {
            for (int at = 0; at <= line.length(); at++) {
                String broken = line.substring(0, at) + bad + line.substring(at);
                for (String before : new String[] {"", "X: 1\r\n", "Xy: 12\r\n", "Xyz: 123\r\n"}) {
                    DecodeResult r = decoder.decode((START + before + broken + "\r\nContent-Length: 0\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1), true);
                    assertEquals(400, r.errorStatus(), at + " " + r);
                    assertTrue(r.errorReason().contains("bare CR or LF") || r.errorReason().contains("malformed")
                        || r.errorReason().contains("continuation"), at + " " + r);
                }
                DecodeResult start = decoder.decode(("OPTIONS sip:x@exa" + bad + "mple.com SIP/2.0\r\n"
                    + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), true);
                assertTrue(!start.ok(), start.toString());
            }
        }
    }

    @Test
    void theEmptyLineIsFoundAtEveryOffsetAndNotBeforeItIsComplete() {
        for (int pad = 0; pad < 20; pad++) {
            for (String filler : new String[] {"x", "\u000b", "\r\n ", "\t"}) {
                String text = START + "Subject: s" + filler.repeat(pad) + "\u000b\r\nContent-Length: 3\r\n\r\nabc";
                byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
                DecodeResult dgram = decoder.decode(b, true);
                assertTrue(dgram.ok(), dgram.toString());
                assertEquals("abc", new String(dgram.message().body(), StandardCharsets.ISO_8859_1));
                DecodeResult stream = decoder.decode(b, false);
                assertTrue(stream.ok(), stream.toString());
                assertEquals(b.length, stream.consumed());
                for (int cut = 0; cut < b.length; cut++) {
                    assertTrue(decoder.decode(b, 0, cut, false).incomplete(), pad + " " + cut);
                }
                byte[] twice = (text + text).getBytes(StandardCharsets.ISO_8859_1);
                DecodeResult first = decoder.decode(twice, 0, twice.length, false);
                assertEquals(b.length, first.consumed());
                DecodeResult second = decoder.decode(twice, b.length, b.length, false);
                assertTrue(second.ok(), second.toString());
            }
        }
    }

    @Test
    void otherControlCharactersEndNoLineAtAnyOffset() {
        String value = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (String ctl : new String[] {"\t", "\u000b", "\u000c", "\u0000", "\u0001", "\t\t\u000b\t"}) {
            for (int at = 1; at < value.length(); at++) {
                for (String before : new String[] {"", "X: 1\r\n", "Xy: 12\r\n", "Xyz: 123\r\n", "Xyzw: 1234\r\n"}) {
                    String v = value.substring(0, at) + ctl + value.substring(at);
                    SipMessageImpl m = decodeOk(START + before + "Subject: " + v + "\r\nCall-ID: " + v
                        + "\r\nContent-Length: 0\r\n\r\n");
                    assertEquals(v, m.header("Subject"));
                    assertEquals(v, m.callId());
                    assertEquals(0, m.body().length);
                }
            }
        }
    }

    @Test
    void nonAsciiIsSeenAtEveryOffset() {
        for (int pad = 0; pad < 20; pad++) {
            for (String ch : new String[] {"é", "€", "\u00ff"}) {
                String tag = "\"" + "x".repeat(pad) + ch + "y\"";
                String value = "<sip:a@h>;tag=" + tag;
                String text = START + "From: " + value + "\r\nTo: <sip:b@h>;p=z" + "z".repeat(pad) + ";tag=\"" + ch
                    + "\"\r\nContent-Length: 0\r\n\r\n";
                SipMessageImpl m = decodeOk(text);
                assertEquals(tag, m.fromTag());
                assertEquals(value, m.header("From"));
                assertEquals("\"" + ch + "\"", m.toTag());
                assertAccessorsAgree(m);
                byte[] latin = text.replace("€", "\u00a4").getBytes(StandardCharsets.ISO_8859_1);
                DecodeResult r = decoder.decode(latin, true); // malformed UTF-8: U+FFFD, as the String path
                assertTrue(r.ok(), r.toString());
                assertAccessorsAgree(r.message());
            }
        }
    }

    // ---- randomized differential runs ----

    private static final String[] FRAGMENTS = {"\"", "\\", "<", ">", ";", "=", ",", ":", "@", "[", "]", "?", "%",
        "%4", "%41", " ", "\t", "  ", "a", "Z", "0", "9", ".", "-", "!", "~", "*", "'", "(", ")", "&", "+", "$", "/",
        "#", "{", "\u007f", "\u0001", "sip:", "sips:", "tel:", "urn:", "tag", "TAG", "tag=", ";tag=x", "branch",
        ";branch=z9hG4bK", "rport", ";rport=", "ttl", ";ttl=", "received", "SIP/2.0/UDP ", "[::1]", "[2001:db8::1]",
        ":5060", ":99999", "\"q;tag=no\"", "\\\"", "INVITE", "1 ", "2147483648", ", SIP/2.0/TCP b", ",", " ,"};

    private static final String[] SEEDS = {
        "\"Alice\" <sip:+4989555123@carrier.example;user=phone>;tag=3f2a9c1b",
        "<sip:+4930123456@203.0.113.10;user=phone>",
        "Bob <sips:bob:pw@[2001:db8::1]:5061;transport=tls?Subject=x>;tag=b;expires=3",
        "sip:carol@h;tag=c",
        "<tel:+1-555-0100;phone-context=example.com>;tag=t",
        "SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK-524287-1---6a0c2b6f1f3d;rport",
        "SIP/2.0/TCP h.example.com;received=192.0.2.1;rport=5060;ttl=16;branch=z9hG4bKx, SIP/2.0/UDP y",
        "SIP / 2.0 / TLS [::1] : 5061 ; branch = z9hG4bKy ; x = \"a,b;c\"",
        "1 INVITE", "  1826   REGISTER ", "70", "9b1e2f6a-7c3d@198.51.100.7"};

    private static String mutate(Random rnd, String seed) {
        StringBuilder sb = new StringBuilder(seed);
        int edits = 1 + rnd.nextInt(4);
        for (int k = 0; k < edits; k++) {
            int at = sb.length() == 0 ? 0 : rnd.nextInt(sb.length() + 1);
            switch (rnd.nextInt(3)) {
                case 0 -> sb.insert(at, FRAGMENTS[rnd.nextInt(FRAGMENTS.length)]);
                case 1 -> {
                    if (at < sb.length()) {
                        sb.deleteCharAt(at);
                    }
                }
                default -> {
                    if (at < sb.length()) {
                        String f = FRAGMENTS[rnd.nextInt(FRAGMENTS.length)];
                        sb.replace(at, Math.min(sb.length(), at + f.length()), f);
                    }
                }
            }
        }
        return sb.toString();
    }

    @Test
    void byteParsersAgreeWithStringParsersOnRandomValues() {
        Random rnd = new Random(4475);
        int accepted = 0;
        for (int n = 0; n < 60_000; n++) {
            String v = n < SEEDS.length ? SEEDS[n] : mutate(rnd, SEEDS[rnd.nextInt(SEEDS.length)]);
            byte[] b = ascii("\r" + v + "\n"); // the range excludes the ends: nothing may be read past them
            int e = b.length - 1;
            String tag = slowTag(v);
            assertEquals(tag, HeaderBytes.tag(b, 1, e), v);
            assertEquals(slowCseq(v), HeaderBytes.cseqNumber(b, 1, e), v);
            assertEquals(SipSyntax.firstSeparator(v, 0), Math.max(-1, HeaderBytes.firstSeparator(b, 1, e) - 1), v);
            Via via = slowVia(v);
            assertSameVia(via, Via.parse(b, 1, e), v);
            int sep = SipSyntax.firstSeparator(v, 0);
            String firstElement = SipSyntax.trimWs(sep < 0 ? v : v.substring(0, sep));
            assertSameVia(slowVia(firstElement), Via.parseFirst(b, 1, e), v);
            assertEquals(slowUri(v), HeaderBytes.isUri(b, 1, e), v);
            assertEquals((int) Math.max(-1, SipSyntax.parseUnsigned(SipSyntax.trimWs(v), 255)),
                HeaderBytes.maxForwards(b, 1, e), v);
            if (tag != null || via != null) {
                accepted++;
            }
        }
        assertTrue(accepted > 5_000, "too few valid values generated: " + accepted);
    }

    @Test
    void accessorsAgreeWithStringPathOnRandomMessages() {
        Random rnd = new Random(3261);
        String[] names = {"Via", "v", "From", "f", "To", "t", "CSeq", "Call-ID", "i", "Max-Forwards", "Subject"};
        for (int n = 0; n < 8_000; n++) {
            StringBuilder sb = new StringBuilder(START);
            List<String> lines = new ArrayList<>();
            int count = 1 + rnd.nextInt(6);
            for (int k = 0; k < count; k++) {
                String value = mutate(rnd, SEEDS[rnd.nextInt(SEEDS.length)]).replace("\u0001", "");
                if (rnd.nextInt(6) == 0) {
                    int at = rnd.nextInt(value.length() + 1);
                    value = value.substring(0, at) + (rnd.nextBoolean() ? "é" : "\u20ac") + value.substring(at);
                }
                String line = names[rnd.nextInt(names.length)] + ":" + (rnd.nextBoolean() ? " " : "") + value;
                if (rnd.nextInt(8) == 0) {
                    line = line.replace(";", "\r\n ;"); // folded
                }
                lines.add(line);
                sb.append(line).append("\r\n");
            }
            sb.append("Content-Length: 0\r\n\r\n");
            DecodeResult r = decoder.decode(sb.toString().getBytes(StandardCharsets.UTF_8), true);
            if (r.message() != null) {
                assertAccessorsAgree(r.message());
            }
        }
    }
}
