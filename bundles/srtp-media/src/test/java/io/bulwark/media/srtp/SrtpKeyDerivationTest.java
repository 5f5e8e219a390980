package io.bulwark.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.GeneralSecurityException;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The AES-CM PRF key derivation against the RFCs' vectors and against the JDK's AES/CTR. */
class SrtpKeyDerivationTest {

    /** RFC 3711 Appendix B.3: master key and salt, and the three SRTP session keys (labels 0, 1, 2). */
    @Test
    void rfc3711AppendixB3() {
        SrtpKeyDerivation kdf = new SrtpKeyDerivation(Hex.bytes("E1F97A0D3E018BE0D64FA32C06DE4139"),
                Hex.bytes("0EC675AD498AFEEBB6960B3AABE6"));
        assertEquals("c61e7a93744f39ee10734afe3ff7a087",
                Hex.string(kdf.derive(SrtpKeyDerivation.RTP_ENCRYPTION, 16)));
        assertEquals("30cbbc08863d8c85d49db34a9ae1", Hex.string(kdf.derive(SrtpKeyDerivation.RTP_SALT, 14)));
        // the appendix derives 94 octets of authentication key; SRTP uses the first 20
        assertArrayEquals(Hex.bytes("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA48F0A0ACF3C34E2359E6CDBCE"
                        + "E049646C43D9327AD175578EF72270986371C10C9A369AC2F94A8C5FBCDDDC25"
                        + "6D6E919A48B610EF17C2041E474035766B68642C59BBFC2F34DB60DBDFB2"),
                kdf.derive(SrtpKeyDerivation.RTP_AUTHENTICATION, 94));
    }

    /** RFC 6188 section 7.2: the AES_256_CM_PRF test case. */
    @Test
    void rfc6188Section7p2Aes256() {
        SrtpKeyDerivation kdf = new SrtpKeyDerivation(
                Hex.bytes("f0f04914b513f2763a1b1fa130f10e2998f6f6e43e4309d1e622a0e332b9f1b6"),
                Hex.bytes("3b04803de51ee7c96423ab5b78d2"));
        assertEquals("5ba1064e30ec51613cad926c5a28ef731ec7fb397f70a960653caf06554cd8c4",
                Hex.string(kdf.derive(SrtpKeyDerivation.RTP_ENCRYPTION, 32)));
        assertEquals("fa31791685ca444a9e07c6c64e93", Hex.string(kdf.derive(SrtpKeyDerivation.RTP_SALT, 14)));
        assertEquals("fd9c32d39ed5fbb5a9dc96b30818454d1313dc05",
                Hex.string(kdf.derive(SrtpKeyDerivation.RTP_AUTHENTICATION, 20)));
    }

    /** RFC 6188 section 7.4: the AES_192_CM_PRF test case (the PRF takes any AES key length). */
    @Test
    void rfc6188Section7p4Aes192() {
        SrtpKeyDerivation kdf = new SrtpKeyDerivation(Hex.bytes("73edc66c4fa15776fb57f9505c17136550ffda71f3e8e5f1"),
                Hex.bytes("c8522f3acd4ce86d5add78edbb11"));
        assertEquals("31874736a8f1143870c26e4857d8a5b2c4a354407faadabb",
                Hex.string(kdf.derive(SrtpKeyDerivation.RTP_ENCRYPTION, 24)));
        assertEquals("2372b82d639b6d8503a47adc0a6c", Hex.string(kdf.derive(SrtpKeyDerivation.RTP_SALT, 14)));
        assertEquals("355b10973cd95b9eacf4061c7e1a7151e7cfbfcb",
                Hex.string(kdf.derive(SrtpKeyDerivation.RTP_AUTHENTICATION, 20)));
    }

    /**
     * GCM master salts are 12 octets, placed where the first 12 of a 14-octet salt go. The values
     * are libsrtp's GCM test key material derived with that layout (as published by another
     * RFC 7714 implementation, computed there with openssl's AES-CTR).
     */
    @Test
    void gcmTwelveOctetSaltTakesTheFirstTwelvePlaces() {
        byte[] salt = Hex.bytes("a0a1a2a3a4a5a6a7a8a9aaab");
        SrtpKeyDerivation kdf128 = new SrtpKeyDerivation(Hex.bytes("000102030405060708090a0b0c0d0e0f"), salt);
        SessionKeys rtp = kdf128.sessionKeys(SrtpSuite.AEAD_AES_128_GCM, false);
        SessionKeys rtcp = kdf128.sessionKeys(SrtpSuite.AEAD_AES_128_GCM, true);
        assertEquals("077c6143cb221bc355ff23d5f984a16e", Hex.string(rtp.encryptionKey()));
        assertEquals("9af3e95364ebac9c99c5a7c4", Hex.string(rtp.salt()));
        assertEquals("615dcd9042600666f6fd4d9e4fe4519f", Hex.string(rtcp.encryptionKey()));
        assertEquals("fcca937b9112a500dac72269", Hex.string(rtcp.salt()));
        assertEquals(0, rtp.authenticationKey().length);

        SrtpKeyDerivation kdf256 = new SrtpKeyDerivation(
                Hex.bytes("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"), salt);
        SessionKeys rtp256 = kdf256.sessionKeys(SrtpSuite.AEAD_AES_256_GCM, false);
        SessionKeys rtcp256 = kdf256.sessionKeys(SrtpSuite.AEAD_AES_256_GCM, true);
        assertEquals("b7a435ce454463b760dc82c838468a115c699625af4b93a0f8220a2a6119c5d0",
                Hex.string(rtp256.encryptionKey()));
        assertEquals("944bd21c268a962cd09c674a", Hex.string(rtp256.salt()));
        assertEquals("3c90f52a0a13ff8a853397cadc245b9eac76b36edb4a6062bf624aa1174eebf2",
                Hex.string(rtcp256.encryptionKey()));
        assertEquals("258c540cf38ddd40848ceaed", Hex.string(rtcp256.salt()));
    }

    /**
     * Every label (the SRTCP ones have no published vector) against RFC 3711 section 4.3's formula
     * computed with the JDK's own AES/CTR: IV = ((label << 48) XOR master_salt) << 16.
     */
    @Test
    void everyLabelMatchesTheFormulaOnTheJdksCounterMode() throws GeneralSecurityException {
        Random random = new Random(3711);
        for (SrtpSuite suite : SrtpSuite.values()) {
            byte[] key = new byte[suite.keyLength()];
            byte[] salt = new byte[suite.saltLength()];
            random.nextBytes(key);
            random.nextBytes(salt);
            SrtpKeyDerivation kdf = new SrtpKeyDerivation(key, salt);
            for (int label = 0; label <= 5; label++) {
                byte[] iv = new byte[16];
                System.arraycopy(salt, 0, iv, 0, salt.length);
                iv[7] ^= (byte) label;
                Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
                ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
                byte[] expected = ctr.doFinal(new byte[50]);
                assertArrayEquals(expected, kdf.derive(label, 50), suite + " label " + label);
            }
        }
    }

    @Test
    void sessionKeysHaveTheSuitesLengths() {
        for (SrtpSuite suite : SrtpSuite.values()) {
            SrtpKeyDerivation kdf = new SrtpKeyDerivation(new byte[suite.keyLength()], new byte[suite.saltLength()]);
            for (boolean rtcp : new boolean[] {false, true}) {
                SessionKeys keys = kdf.sessionKeys(suite, rtcp);
                assertEquals(suite.keyLength(), keys.encryptionKey().length);
                assertEquals(suite.saltLength(), keys.salt().length);
                assertEquals(suite.authKeyLength(), keys.authenticationKey().length);
            }
        }
    }

    @Test
    void refusesSaltsOfOtherLengths() {
        assertThrows(IllegalArgumentException.class, () -> new SrtpKeyDerivation(new byte[16], new byte[13]));
        assertThrows(IllegalArgumentException.class, () -> new SrtpKeyDerivation(new byte[15], new byte[14]));
    }
}
