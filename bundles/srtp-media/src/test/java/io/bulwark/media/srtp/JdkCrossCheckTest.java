package io.bulwark.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The session's packets rebuilt from the RFCs' formulas with the JDK's own AES/CTR, HmacSHA1 and
 * AES/GCM, for random keys, SSRCs, indices, headers (CSRCs, extensions) and payload lengths: what
 * the few published vectors cannot reach (ROC above 0, long payloads, MKIs, every suite).
 */
class JdkCrossCheckTest {

    private final Random random = new Random(7714);

    @Test
    void srtpMatchesTheFormulasForEverySuite() throws GeneralSecurityException {
        for (SrtpSuite suite : SrtpSuite.values()) {
            for (int round = 0; round < 60; round++) {
                SessionKeys keys = randomKeys(suite);
                byte[] mki = new byte[round % 3 == 0 ? 0 : 1 + random.nextInt(8)];
                random.nextBytes(mki);
                SrtpSession session = new SrtpSession(SrtpPolicy.of(suite).withMki(mki), keys, keys);
                int roc = random.nextInt(1 << 20);
                byte[] rtp = randomRtp(1 + random.nextInt(1200));
                int ssrc = Bytes.i32(rtp, 8);
                session.startStreamAt(ssrc, roc);
                byte[] buf = Arrays.copyOf(rtp, rtp.length + 200);
                int len = session.protectRtp(buf, 0, rtp.length);
                byte[] expected = suite.aead() ? gcmRtp(keys, rtp, roc, mki) : cmRtp(suite, keys, rtp, roc, mki);
                assertArrayEquals(expected, Arrays.copyOf(buf, len), suite + " round " + round);
                SrtpSession receiver = new SrtpSession(SrtpPolicy.of(suite).withMki(mki), keys, keys);
                receiver.startStreamAt(ssrc, roc);
                assertEquals(rtp.length, receiver.unprotectRtp(buf, 0, len));
                assertArrayEquals(rtp, Arrays.copyOf(buf, rtp.length));
            }
        }
    }

    @Test
    void srtcpMatchesTheFormulasForEverySuite() throws GeneralSecurityException {
        for (SrtpSuite suite : SrtpSuite.values()) {
            for (int round = 0; round < 40; round++) {
                SessionKeys keys = randomKeys(suite);
                byte[] mki = new byte[round % 2 == 0 ? 0 : 4];
                random.nextBytes(mki);
                boolean encrypted = round % 4 != 3;
                SrtpSession session = new SrtpSession(
                        SrtpPolicy.of(suite).withMki(mki).withSrtcpEncryption(encrypted), keys, keys);
                byte[] rtcp = new byte[8 + random.nextInt(300)];
                random.nextBytes(rtcp);
                rtcp[0] = (byte) (0x80 | rtcp[0] & 0x3f);
                int ssrc = Bytes.i32(rtcp, 4);
                int index = random.nextInt(Integer.MAX_VALUE);
                session.nextSrtcpIndex(ssrc, index);
                byte[] buf = Arrays.copyOf(rtcp, rtcp.length + 200);
                int len = session.protectRtcp(buf, 0, rtcp.length);
                int word = encrypted ? index | 0x80000000 : index;
                byte[] expected = suite.aead() ? gcmRtcp(keys, rtcp, word, mki) : cmRtcp(keys, rtcp, word, mki);
                assertArrayEquals(expected, Arrays.copyOf(buf, len), suite + " round " + round);
                assertEquals(rtcp.length, new SrtpSession(SrtpPolicy.of(suite).withMki(mki), keys, keys)
                        .unprotectRtcp(buf, 0, len));
                assertArrayEquals(rtcp, Arrays.copyOf(buf, rtcp.length));
            }
        }
    }

    /** RFC 3711 4.1.1 and 4.2.1: header | AES-CTR(payload) | MKI | HMAC(header | ciphertext | ROC). */
    private static byte[] cmRtp(SrtpSuite suite, SessionKeys keys, byte[] rtp, int roc, byte[] mki)
            throws GeneralSecurityException {
        int header = RtpHeader.length(rtp, 0, rtp.length);
        long index = ((long) roc << 16) | Bytes.u16(rtp, 2);
        byte[] iv = cmIv(keys.salt(), Bytes.i32(rtp, 8), index);
        byte[] out = rtp.clone();
        Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
        ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.encryptionKey(), "AES"), new IvParameterSpec(iv));
        ctr.doFinal(rtp, header, rtp.length - header, out, header);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(keys.authenticationKey(), "HmacSHA1"));
        mac.update(out);
        mac.update(ByteBuffer.allocate(4).putInt(roc).array());
        byte[] tag = Arrays.copyOf(mac.doFinal(), suite.rtpTagLength());
        return concat(out, mki, tag);
    }

    /** RFC 3711 3.4: header | AES-CTR(rest) | E+index | MKI | HMAC(all before the MKI). */
    private static byte[] cmRtcp(SessionKeys keys, byte[] rtcp, int word, byte[] mki) throws GeneralSecurityException {
        byte[] out = rtcp.clone();
        if (word < 0) {
            Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
            byte[] iv = cmIv(keys.salt(), Bytes.i32(rtcp, 4), word & 0x7fffffff);
            ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.encryptionKey(), "AES"), new IvParameterSpec(iv));
            ctr.doFinal(rtcp, 8, rtcp.length - 8, out, 8);
        }
        byte[] indexWord = ByteBuffer.allocate(4).putInt(word).array();
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(keys.authenticationKey(), "HmacSHA1"));
        mac.update(out);
        mac.update(indexWord);
        return concat(out, indexWord, mki, Arrays.copyOf(mac.doFinal(), 10));
    }

    /** (salt << 16) XOR (SSRC << 64) XOR (index << 16). */
    private static byte[] cmIv(byte[] salt, int ssrc, long index) {
        byte[] iv = Arrays.copyOf(salt, 16);
        ByteBuffer mask = ByteBuffer.allocate(16).putInt(4, ssrc).putLong(8, index << 16);
        for (int i = 0; i < 16; i++) {
            iv[i] ^= mask.get(i);
        }
        return iv;
    }

    /** RFC 7714 8.1, 8.2: header | GCM(payload, AAD = header) | MKI, IV = salt XOR (0 | SSRC | ROC | SEQ). */
    private static byte[] gcmRtp(SessionKeys keys, byte[] rtp, int roc, byte[] mki) throws GeneralSecurityException {
        int header = RtpHeader.length(rtp, 0, rtp.length);
        ByteBuffer iv = ByteBuffer.allocate(12).putInt(2, Bytes.i32(rtp, 8)).putInt(6, roc)
                .putShort(10, (short) Bytes.u16(rtp, 2));
        Cipher gcm = gcm(keys, iv.array());
        gcm.updateAAD(rtp, 0, header);
        return concat(Arrays.copyOf(rtp, header), gcm.doFinal(rtp, header, rtp.length - header), mki);
    }

    /** RFC 7714 9.1, 9.2: header | GCM(rest, AAD = header + E/index) | E/index | MKI, or E = 0: all as AAD. */
    private static byte[] gcmRtcp(SessionKeys keys, byte[] rtcp, int word, byte[] mki) throws GeneralSecurityException {
        ByteBuffer iv = ByteBuffer.allocate(12).putInt(2, Bytes.i32(rtcp, 4)).putInt(8, word & 0x7fffffff);
        byte[] indexWord = ByteBuffer.allocate(4).putInt(word).array();
        Cipher gcm = gcm(keys, iv.array());
        int clear = word < 0 ? 8 : rtcp.length;
        gcm.updateAAD(rtcp, 0, clear);
        gcm.updateAAD(indexWord);
        return concat(Arrays.copyOf(rtcp, clear), gcm.doFinal(rtcp, clear, rtcp.length - clear), indexWord, mki);
    }

    private static Cipher gcm(SessionKeys keys, byte[] ivBeforeSalt) throws GeneralSecurityException {
        byte[] iv = ivBeforeSalt.clone();
        byte[] salt = keys.salt();
        for (int i = 0; i < 12; i++) {
            iv[i] ^= salt[i];
        }
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.encryptionKey(), "AES"), new GCMParameterSpec(128, iv));
        return gcm;
    }

    private SessionKeys randomKeys(SrtpSuite suite) {
        byte[] key = new byte[suite.keyLength()];
        byte[] salt = new byte[suite.saltLength()];
        byte[] auth = new byte[suite.authKeyLength()];
        random.nextBytes(key);
        random.nextBytes(salt);
        random.nextBytes(auth);
        return new SessionKeys(key, salt, auth);
    }

    /** Version 2, random CSRC count, sometimes an extension, random everything else. */
    private byte[] randomRtp(int payloadLength) {
        int csrcs = random.nextInt(16);
        boolean extension = random.nextBoolean();
        int extensionWords = extension ? random.nextInt(5) : 0;
        int header = 12 + 4 * csrcs + (extension ? 4 + 4 * extensionWords : 0);
        byte[] rtp = new byte[header + payloadLength];
        random.nextBytes(rtp);
        rtp[0] = (byte) (0x80 | (rtp[0] & 0x20) | (extension ? 0x10 : 0) | csrcs);
        if (extension) {
            Bytes.SHORT_BE.set(rtp, 12 + 4 * csrcs + 2, (short) extensionWords);
        }
        return rtp;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
