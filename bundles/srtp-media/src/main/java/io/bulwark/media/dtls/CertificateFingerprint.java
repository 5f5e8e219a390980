package io.bulwark.media.dtls;

import io.bulwark.media.sdp.SdpException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A certificate fingerprint as {@code a=fingerprint} carries it (RFC 8122 section 5):
 * {@code sha-256 AB:CD:...}, the hash of the certificate's DER encoding in upper-case hex pairs
 * separated by colons. It binds the certificate a party will show in the DTLS handshake to the SDP
 * that its signalling delivered, which is the whole of DTLS-SRTP's authentication (RFC 5763
 * section 5): a self-signed certificate proves nothing else.
 *
 * <p>Parsed strictly, each error naming the field: the hash function (one of {@link
 * FingerprintHash}) and the fingerprint, whose length must be the hash's. Lower-case hex is read
 * as well, since it denotes the same octets; {@link #sdpValue()} always writes upper case.
 */
public final class CertificateFingerprint {

    /** Longest value read: SHA-512's 64 pairs and colons with room for the name; more is not a fingerprint. */
    private static final int MAX_VALUE_LENGTH = 256;
    private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

    private final FingerprintHash hash;
    private final byte[] digest;

    private CertificateFingerprint(FingerprintHash hash, byte[] digest) {
        this.hash = hash;
        this.digest = digest;
    }

    /** The fingerprint of the certificate {@code der} with {@code hash}. */
    public static CertificateFingerprint of(FingerprintHash hash, byte[] der) {
        return new CertificateFingerprint(Objects.requireNonNull(hash, "hash"), hash.digest(der));
    }

    /**
     * Reads the value of an {@code a=fingerprint} attribute, the part after {@code fingerprint:}.
     *
     * @throws SdpException naming {@code a=fingerprint hash-func} or {@code a=fingerprint fingerprint}
     *     when the value is malformed, uses MD2 or MD5, or does not have the hash's length
     */
    public static CertificateFingerprint parse(String value) throws SdpException {
        String v = value.strip();
        if (v.length() > MAX_VALUE_LENGTH) {
            throw new SdpException(0, "a=fingerprint", "value of " + v.length() + " characters is longer than any fingerprint");
        }
        int space = indexOfWhitespace(v);
        if (space < 0) {
            throw new SdpException(0, "a=fingerprint", "expected '<hash-func> <fingerprint>', got '" + cut(v) + "'");
        }
        String token = v.substring(0, space);
        String hex = v.substring(space).strip();
        FingerprintHash hash = FingerprintHash.forSdpName(token).orElseThrow(() -> unknownHash(token));
        if (indexOfWhitespace(hex) >= 0) {
            throw new SdpException(0, "a=fingerprint fingerprint", "must be one word of hex pairs, got '" + cut(hex) + "'");
        }
        return new CertificateFingerprint(hash, parseHexPairs(hex, hash));
    }

    private static SdpException unknownHash(String token) {
        String lower = token.toLowerCase(Locale.ROOT);
        if (lower.equals("md5") || lower.equals("md2")) {
            return new SdpException(0, "a=fingerprint hash-func", cut(token) + " is refused: MD2 and MD5 are broken (RFC 6149, RFC 6151)");
        }
        return new SdpException(0, "a=fingerprint hash-func", "unknown hash function '" + cut(token)
                + "'; expected sha-1, sha-224, sha-256, sha-384 or sha-512");
    }

    private static byte[] parseHexPairs(String hex, FingerprintHash hash) throws SdpException {
        // n pairs and n - 1 colons: 3n - 1 characters
        if ((hex.length() + 1) % 3 != 0) {
            throw badHex(hex);
        }
        int n = (hex.length() + 1) / 3;
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            int at = 3 * i;
            int hi = hexValue(hex.charAt(at));
            int lo = hexValue(hex.charAt(at + 1));
            if (hi < 0 || lo < 0 || (i < n - 1 && hex.charAt(at + 2) != ':')) {
                throw badHex(hex);
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        if (n != hash.length()) {
            throw new SdpException(0, "a=fingerprint fingerprint", hash.sdpName() + " gives " + hash.length()
                    + " octets, the fingerprint has " + n);
        }
        return out;
    }

    /** The value of an ASCII hex digit, -1 for anything else (Character.digit would take other scripts' digits). */
    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    private static SdpException badHex(String hex) {
        return new SdpException(0, "a=fingerprint fingerprint", "expected hex pairs separated by colons (AB:CD:...), got '"
                + cut(hex) + "'");
    }

    private static String cut(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == ' ' || s.charAt(i) == '\t') {
                return i;
            }
        }
        return -1;
    }

    /** The hash function. */
    public FingerprintHash hash() {
        return hash;
    }

    /**
     * Whether {@code der} is the certificate this fingerprint names, comparing the digests in time
     * that does not depend on where they differ.
     */
    public boolean matches(byte[] der) {
        return MessageDigest.isEqual(digest, hash.digest(der));
    }

    /**
     * Whether {@code der} matches the signalled fingerprints: one of those made with the strongest
     * hash function among them (RFC 8122 section 5 lets an endpoint check with the hash function it
     * prefers; several of that hash mean several acceptable certificates). A weaker fingerprint
     * beside a stronger one cannot make a certificate pass. False for an empty list.
     */
    public static boolean matchesStrongest(List<CertificateFingerprint> signalled, byte[] der) {
        FingerprintHash strongest = null;
        for (CertificateFingerprint f : signalled) {
            if (strongest == null || f.hash.compareTo(strongest) > 0) {
                strongest = f.hash;
            }
        }
        if (strongest == null) {
            return false;
        }
        byte[] actual = strongest.digest(der);
        boolean match = false;
        for (CertificateFingerprint f : signalled) {
            if (f.hash == strongest) {
                match |= MessageDigest.isEqual(f.digest, actual); // no early exit: every candidate is compared
            }
        }
        return match;
    }

    /** The attribute value, {@code sha-256 AB:CD:...}, for {@code a=fingerprint:}. */
    public String sdpValue() {
        StringBuilder b = new StringBuilder(hash.sdpName().length() + 1 + digest.length * 3);
        b.append(hash.sdpName()).append(' ');
        for (int i = 0; i < digest.length; i++) {
            if (i > 0) {
                b.append(':');
            }
            b.append(UPPER_HEX[(digest[i] >> 4) & 0xf]).append(UPPER_HEX[digest[i] & 0xf]);
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CertificateFingerprint f && hash == f.hash && Arrays.equals(digest, f.digest);
    }

    @Override
    public int hashCode() {
        return hash.hashCode() * 31 + Arrays.hashCode(digest);
    }

    /** The SDP value: a fingerprint is public, as the SDP it travels in. */
    @Override
    public String toString() {
        return sdpValue();
    }
}
