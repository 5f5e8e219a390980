package io.bulwark.media.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

/**
 * The hash functions an {@code a=fingerprint} may name and the appliance accepts (RFC 8122 section
 * 5, RFC 4572 section 5), weakest first so that the declaration order is the order of strength.
 * MD2 and MD5, which the hash-function registry still lists, are refused: both are broken (RFC
 * 6149, RFC 6151), and a collision would let a forged certificate pass as the signalled one.
 */
public enum FingerprintHash {
    /** SHA-1, 20 octets: still what some SIP endpoints send. */
    SHA_1("sha-1", "SHA-1", 20),
    /** SHA-224, 28 octets. */
    SHA_224("sha-224", "SHA-224", 28),
    /** SHA-256, 32 octets: what the appliance writes, and what browsers write. */
    SHA_256("sha-256", "SHA-256", 32),
    /** SHA-384, 48 octets. */
    SHA_384("sha-384", "SHA-384", 48),
    /** SHA-512, 64 octets. */
    SHA_512("sha-512", "SHA-512", 64);

    private final String sdpName;
    private final String jdkName;
    private final int length;

    FingerprintHash(String sdpName, String jdkName, int length) {
        this.sdpName = sdpName;
        this.jdkName = jdkName;
        this.length = length;
    }

    /** The token SDP uses, lower case as RFC 8122's grammar spells it: {@code sha-256}. */
    public String sdpName() {
        return sdpName;
    }

    /** Octets of the digest. */
    public int length() {
        return length;
    }

    /** The digest of {@code data}. */
    public byte[] digest(byte[] data) {
        try {
            return MessageDigest.getInstance(jdkName).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jdkName + " is missing from the JDK", e); // every JDK 17 has all five
        }
    }

    /**
     * The hash function an SDP token names, ignoring case (some endpoints write {@code SHA-256}, which
     * can only mean the one hash); empty for MD2, MD5 and unknown names.
     */
    public static Optional<FingerprintHash> forSdpName(String token) {
        String lower = token.toLowerCase(Locale.ROOT);
        for (FingerprintHash hash : values()) {
            if (hash.sdpName.equals(lower)) {
                return Optional.of(hash);
            }
        }
        return Optional.empty();
    }
}
