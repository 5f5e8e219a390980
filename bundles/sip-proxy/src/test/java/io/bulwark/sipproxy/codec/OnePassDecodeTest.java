package io.bulwark.sipproxy.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The decoder first tries to parse a message in one pass, finding the end of the header section
 * while it parses the lines; when that does not settle the outcome it takes the two-pass path
 * (find the empty line, then parse). These tests feed both paths the same bytes, from the RFC 4475
 * corpus, cut at every length, and mutated at random, and require the same outcome: status, reason,
 * bytes consumed, start line, every header line and the body.
 */
class OnePassDecodeTest {

    private static final SipDecoderConfig SMALL = new SipDecoderConfig(1200, 12, 200, 600);

    /** Both paths on the same bytes: equal outcome, message and encoding (the fuzz test calls it too). */
    static void assertSameOutcome(SipMessageDecoder decoder, byte[] b, int off, int len, boolean datagram) {
        DecodeResult one = decoder.decode(b, off, len, datagram);
        DecodeResult two = decoder.decodeInTwoPasses(b, off, len, datagram);
        String what = (datagram ? "datagram " : "stream ") + off + "+" + len + ": "
            + new String(b, off, Math.min(len, 120), StandardCharsets.ISO_8859_1);
        assertEquals(two.ok(), one.ok(), what);
        assertEquals(two.incomplete(), one.incomplete(), what);
        assertEquals(two.errorStatus(), one.errorStatus(), what);
        assertEquals(two.errorReason(), one.errorReason(), what);
        assertEquals(two.consumed(), one.consumed(), what);
        SipMessageImpl a = one.message();
        SipMessageImpl c = two.message();
        assertEquals(c == null, a == null, what);
        if (a == null) {
            return;
        }
        assertEquals(c.toString(), a.toString(), what);
        List<HeaderEntry> ea = a.entries();
        List<HeaderEntry> ec = c.entries();
        assertEquals(ec.size(), ea.size(), what);
        for (int i = 0; i < ea.size(); i++) {
            assertEquals(ec.get(i).name, ea.get(i).name, what);
            assertEquals(ec.get(i).id, ea.get(i).id, what);
            assertEquals(ec.get(i).value(), ea.get(i).value(), what);
            assertEquals(ec.get(i).plainBytes(), ea.get(i).plainBytes(), what);
        }
        assertArrayEquals(c.body(), a.body(), what);
        if (one.ok()) {
            assertArrayEquals(c.encode(), a.encode(), what);
        }
    }

    private static void bothTransports(SipMessageDecoder decoder, byte[] b, int off, int len) {
        assertSameOutcome(decoder, b, off, len, true);
        assertSameOutcome(decoder, b, off, len, false);
    }

    @Test
    void everyCorpusMessageAtEveryLengthAndOffset() {
        SipMessageDecoder decoder = new SipMessageDecoder();
        SipMessageDecoder small = new SipMessageDecoder(SMALL);
        for (String file : Rfc4475CorpusTest.manifest()) {
            byte[] msg = Rfc4475CorpusTest.load(file);
            byte[] padded = new byte[msg.length + 7];
            System.arraycopy(msg, 0, padded, 3, msg.length);
            for (int len = 0; len <= msg.length; len++) {
                bothTransports(decoder, msg, 0, len);
                bothTransports(small, msg, 0, len);
            }
            bothTransports(decoder, padded, 3, msg.length);
            bothTransports(decoder, padded, 3, msg.length + 4);
        }
    }

    @Test
    void randomlyMutatedMessagesDecodeTheSameOnBothPaths() {
        Random rnd = new Random(4475_3261L);
        List<String> files = Rfc4475CorpusTest.manifest();
        SipMessageDecoder decoder = new SipMessageDecoder();
        SipMessageDecoder small = new SipMessageDecoder(SMALL);
        String[] pieces = {"\r\n", "\r\n\r\n", "\r", "\n", " ", "\t", ":", ";", ",", "\u00e9", "\u0000",
            "\r\n ", "Content-Length: 5\r\n", "l: 0\r\n", "Via: SIP/2.0/UDP h;branch=z9hG4bKx\r\n", "\u000b"};
        for (int n = 0; n < 20_000; n++) {
            byte[] base = Rfc4475CorpusTest.load(files.get(rnd.nextInt(files.size())));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int at = 0;
            int edits = 1 + rnd.nextInt(4);
            for (int k = 0; k < edits && at < base.length; k++) {
                int next = at + rnd.nextInt(base.length - at);
                out.write(base, at, next - at);
                switch (rnd.nextInt(3)) {
                    case 0 -> out.writeBytes(pieces[rnd.nextInt(pieces.length)].getBytes(StandardCharsets.UTF_8));
                    case 1 -> next = Math.min(base.length, next + 1 + rnd.nextInt(8)); // delete
                    default -> out.write(rnd.nextInt(256));
                }
                at = next;
            }
            out.write(base, at, base.length - at);
            byte[] b = out.toByteArray();
            bothTransports(decoder, b, 0, b.length);
            bothTransports(small, b, 0, b.length);
            int cut = rnd.nextInt(b.length + 1);
            bothTransports(decoder, b, 0, cut);
        }
    }

    @Test
    void headerSectionsLargerThanTheOnePassCopyStillDecode() {
        SipMessageDecoder decoder = new SipMessageDecoder();
        StringBuilder sb = new StringBuilder("OPTIONS sip:x@example.com SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP h;branch=z9hG4bKbig\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:b@h>\r\n"
            + "Call-ID: big\r\nCSeq: 1 OPTIONS\r\n");
        for (int i = 0; sb.length() < 12_000; i++) {
            sb.append("X-Filler-").append(i).append(": ").append("f".repeat(100)).append("\r\n");
        }
        sb.append("Content-Length: 4\r\n\r\nbody");
        byte[] b = sb.toString().getBytes(StandardCharsets.US_ASCII);
        DecodeResult r = decoder.decode(b, true);
        assertTrue(r.ok(), r.toString());
        assertEquals("body", new String(r.message().body(), StandardCharsets.US_ASCII));
        assertEquals("1", r.message().fromTag());
        assertEquals("z9hG4bKbig", r.message().topVia().branch());
        bothTransports(decoder, b, 0, b.length);
        for (int cut = 8_000; cut < 8_400; cut++) {
            bothTransports(decoder, b, 0, cut);
        }
    }

    @Test
    void theHeaderCountLimitIsTheSameOnBothPaths() {
        SipMessageDecoder decoder = new SipMessageDecoder(SMALL);
        for (int count = 8; count <= 14; count++) {
            StringBuilder sb = new StringBuilder("OPTIONS sip:x@example.com SIP/2.0\r\n");
            for (int i = 0; i < count - 1; i++) {
                sb.append("X-H").append(i).append(": v\r\n");
            }
            sb.append("Content-Length: 2\r\n\r\nab");
            byte[] b = sb.toString().getBytes(StandardCharsets.US_ASCII);
            DecodeResult r = decoder.decode(b, true);
            assertEquals(count <= SMALL.maxHeaderCount(), r.ok(), count + " fields: " + r);
            bothTransports(decoder, b, 0, b.length);
        }
    }

    @Test
    void knownNamesAreFoundAtTheVeryEndOfTheBuffer() {
        Random rnd = new Random(11);
        for (String name : SipHeaderNames.names()) {
            StringBuilder mixed = new StringBuilder();
            for (char c : name.toCharArray()) {
                mixed.append(rnd.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
            }
            for (int pad = 0; pad < 10; pad++) {
                byte[] b = ("x".repeat(pad) + mixed).getBytes(StandardCharsets.US_ASCII);
                assertEquals(name, SipHeaderNames.lookup(b, pad, b.length - pad).name, mixed.toString());
                byte[] longer = ("x".repeat(pad) + mixed + "s").getBytes(StandardCharsets.US_ASCII);
                SipHeaderNames.Known k = SipHeaderNames.lookup(longer, pad, longer.length - pad);
                assertTrue(k == null || !k.name.equals(name), mixed + "s");
                if (name.length() > 2) {
                    byte[] shorter = ("x".repeat(pad) + mixed.substring(1)).getBytes(StandardCharsets.US_ASCII);
                    SipHeaderNames.Known s = SipHeaderNames.lookup(shorter, pad, shorter.length - pad);
                    assertTrue(s == null || !s.name.equals(name), mixed.substring(1));
                }
            }
        }
        assertNull(SipHeaderNames.lookup("Security-Clienx".getBytes(StandardCharsets.US_ASCII), 0, 15));
        assertEquals("Security-Verify",
            SipHeaderNames.lookup("SECURITY-VERIFY".getBytes(StandardCharsets.US_ASCII), 0, 15).name);
    }

    @Test
    void eightByteScansAgreeWithByteByByteOnes() {
        Random rnd = new Random(8);
        byte[] alphabet = {'>', '<', '@', ':', ' ', '\t', 0x20, 0x21, 0x00, 0x1f, 0x7f, (byte) 0x80, (byte) 0xff,
            (byte) 0xbe, (byte) 0xc0, 'a', 'Z', '0', '=', 0x3d, 0x3f, 0x41};
        for (int n = 0; n < 30_000; n++) {
            byte[] b = new byte[rnd.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                b[i] = rnd.nextInt(3) == 0 ? alphabet[rnd.nextInt(alphabet.length)] : (byte) ('a' + rnd.nextInt(26));
            }
            int p = b.length == 0 ? 0 : rnd.nextInt(b.length + 1);
            int e = p + rnd.nextInt(b.length - p + 1);
            for (int c : new int[] {'@', ':', '>', ']', '=', 0x80}) {
                int expected = -1;
                for (int i = p; i < e; i++) {
                    if (b[i] == (byte) c) {
                        expected = i;
                        break;
                    }
                }
                assertEquals(expected, HeaderBytes.indexOf(b, (byte) c, p, e), "indexOf " + c);
            }
            int close = e;
            for (int i = p; i < e; i++) {
                if (b[i] == '>' || (b[i] & 0xff) <= 0x20) {
                    close = i;
                    break;
                }
            }
            assertEquals(close, HeaderBytes.angleCloseOrSpace(b, p, e));
        }
    }
}
