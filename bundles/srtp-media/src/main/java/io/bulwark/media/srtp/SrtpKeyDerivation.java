package io.bulwark.media.srtp;

/**
 * SRTP's key derivation (RFC 3711 section 4.3) with the AES-CM PRF (section 4.3.3) and a key
 * derivation rate of zero, so every session key is derived once, at index 0:
 * {@code x = (label << 48) XOR master_salt}, and the key is the AES counter-mode keystream under the
 * master key that starts at {@code x * 2^16}, cut to the length wanted.
 *
 * <p>The master salt is 14 octets for AES-CM (RFC 3711, RFC 6188) and 12 for GCM (RFC 7714 section
 * 11). A 12-octet salt takes the same place as the first 12 octets of a 14-octet one (the two low
 * octets of x are zero), as libsrtp and other RFC 7714 implementations do.
 */
final class SrtpKeyDerivation {

    /** Label of the SRTP encryption key. */
    static final int RTP_ENCRYPTION = 0x00;
    /** Label of the SRTP authentication key. */
    static final int RTP_AUTHENTICATION = 0x01;
    /** Label of the SRTP salt. */
    static final int RTP_SALT = 0x02;
    /** Label of the SRTCP encryption key. */
    static final int RTCP_ENCRYPTION = 0x03;
    /** Label of the SRTCP authentication key. */
    static final int RTCP_AUTHENTICATION = 0x04;
    /** Label of the SRTCP salt. */
    static final int RTCP_SALT = 0x05;

    /** Position of the label in x: octet 7 of 14, i.e. bits 48..55 counted from the low end. */
    private static final int LABEL_OCTET = 7;

    private final AesCounterMode prf;
    private final byte[] masterSalt;

    /**
     * @param masterKey 16, 24 or 32 octets
     * @param masterSalt 14 octets, or 12 for the GCM suites
     */
    SrtpKeyDerivation(byte[] masterKey, byte[] masterSalt) {
        if (masterSalt.length != 14 && masterSalt.length != 12) {
            throw new IllegalArgumentException("master salt of " + masterSalt.length + " octets");
        }
        this.prf = new AesCounterMode(masterKey);
        this.masterSalt = masterSalt.clone();
    }

    /** The {@code length}-octet key for {@code label} (one of this class's label constants). */
    byte[] derive(int label, int length) {
        byte[] counterBlock = new byte[16];
        System.arraycopy(masterSalt, 0, counterBlock, 0, masterSalt.length);
        counterBlock[LABEL_OCTET] ^= (byte) label;
        byte[] key = new byte[length];
        prf.xor(counterBlock, key, 0, length);
        return key;
    }

    /** The encryption key, salt and (for the HMAC suites) authentication key of SRTP or SRTCP. */
    SessionKeys sessionKeys(SrtpSuite suite, boolean rtcp) {
        int base = rtcp ? RTCP_ENCRYPTION : RTP_ENCRYPTION;
        return new SessionKeys(
                derive(base, suite.keyLength()),
                derive(base + 2, suite.saltLength()),
                suite.aead() ? new byte[0] : derive(base + 1, suite.authKeyLength()));
    }
}
