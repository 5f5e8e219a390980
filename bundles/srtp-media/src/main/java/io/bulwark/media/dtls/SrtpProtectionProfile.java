package io.bulwark.media.dtls;

import io.bulwark.media.srtp.SrtpSuite;
import java.util.Optional;

/**
 * The SRTP protection profiles the use_srtp extension negotiates (RFC 5764 section 4.1.2, RFC
 * 7714 section 14.2) that the appliance implements, each with the {@link SrtpSuite} it keys.
 * The NULL-cipher profiles (0x0005, 0x0006) are left out on purpose: they would leave media
 * unencrypted, which is what DTLS-SRTP is there to prevent. RFC 5764's {@code _32} profile
 * shortens only the SRTP tag and keeps SRTCP's at 80 bits, as {@link
 * SrtpSuite#AES_CM_128_HMAC_SHA1_32} does.
 */
public enum SrtpProtectionProfile {
    /** SRTP_AES128_CM_HMAC_SHA1_80 (0x0001). */
    SRTP_AES128_CM_HMAC_SHA1_80(0x0001, SrtpSuite.AES_CM_128_HMAC_SHA1_80),
    /** SRTP_AES128_CM_HMAC_SHA1_32 (0x0002). */
    SRTP_AES128_CM_HMAC_SHA1_32(0x0002, SrtpSuite.AES_CM_128_HMAC_SHA1_32),
    /** SRTP_AEAD_AES_128_GCM (0x0007, RFC 7714). */
    SRTP_AEAD_AES_128_GCM(0x0007, SrtpSuite.AEAD_AES_128_GCM),
    /** SRTP_AEAD_AES_256_GCM (0x0008, RFC 7714). */
    SRTP_AEAD_AES_256_GCM(0x0008, SrtpSuite.AEAD_AES_256_GCM);

    private final int id;
    private final SrtpSuite suite;

    SrtpProtectionProfile(int id, SrtpSuite suite) {
        this.id = id;
        this.suite = suite;
    }

    /** The two-octet SRTPProtectionProfile value on the wire. */
    public int id() {
        return id;
    }

    /** The SRTP suite the profile keys. */
    public SrtpSuite suite() {
        return suite;
    }

    /**
     * Octets exported from the handshake for this profile: a master key and a master salt for each
     * direction (RFC 5764 section 4.2; RFC 7714 section 12 for the 12-octet GCM salt).
     */
    public int keyingMaterialLength() {
        return 2 * (suite.keyLength() + suite.saltLength());
    }

    /** The profile with wire value {@code id}, if the appliance implements it. */
    public static Optional<SrtpProtectionProfile> forId(int id) {
        for (SrtpProtectionProfile p : values()) {
            if (p.id == id) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The profile that keys {@code suite}, if DTLS-SRTP has one for it (none is registered for AES-256 counter mode). */
    public static Optional<SrtpProtectionProfile> forSuite(SrtpSuite suite) {
        for (SrtpProtectionProfile p : values()) {
            if (p.suite == suite) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
