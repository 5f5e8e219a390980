package io.bulwark.media.sdp;

import io.bulwark.media.srtp.SrtpSuite;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * An SDES crypto attribute (RFC 4568 section 9.1):
 * {@code a=crypto:<tag> <crypto-suite> inline:<key||salt>[|<lifetime>][|<MKI>:<length>][;inline:...] [<session-param>...]}.
 * Parsed strictly: a malformed one is an {@link SdpException} naming its field; a well-formed one
 * the appliance cannot use (a suite it does not implement, a key derivation rate, unencrypted or
 * unauthenticated SRTP) says why in {@link #unsupported()}, so an offer can carry several and the
 * answerer picks the first usable one. Keys never appear in {@link #toString()}.
 *
 * @param tag the decimal tag (1 to 999999999) the answer repeats
 * @param suiteName the crypto-suite as written
 * @param suite the suite, or null when not implemented
 * @param keys the key parameters, in order (the first one is used to start with)
 * @param sessionParams the session parameters as written
 * @param unsupported why the appliance cannot use it, or null when it can
 */
public record CryptoAttribute(int tag, String suiteName, SrtpSuite suite, List<KeyParams> keys,
        List<String> sessionParams, String unsupported) {

    /** RFC 3711 section 9.2: at most 2^48 SRTP packets per master key. */
    static final long MAX_LIFETIME = 1L << 48;

    /**
     * One {@code inline:} key.
     *
     * @param keyAndSalt the master key followed by the master salt
     * @param lifetime packets the key may protect (RFC 4568 section 6.1; default 2^48)
     * @param mki the MKI value as {@code mkiLength} big-endian bytes, or null without MKI
     */
    public record KeyParams(byte[] keyAndSalt, long lifetime, byte[] mki) {

        /** @return the master key of that suite */
        public byte[] masterKey(SrtpSuite s) {
            return java.util.Arrays.copyOfRange(keyAndSalt, 0, s.keyLength());
        }

        /** @return the master salt of that suite */
        public byte[] masterSalt(SrtpSuite s) {
            return java.util.Arrays.copyOfRange(keyAndSalt, s.keyLength(), s.keyLength() + s.saltLength());
        }

        @Override
        public String toString() {
            return "inline:<" + keyAndSalt.length + " bytes redacted>" + (mki == null ? "" : "|MKI:" + mki.length);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof KeyParams k && java.util.Arrays.equals(keyAndSalt, k.keyAndSalt)
                    && lifetime == k.lifetime && java.util.Arrays.equals(mki, k.mki);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(keyAndSalt) * 31 + Long.hashCode(lifetime);
        }
    }

    public CryptoAttribute {
        keys = List.copyOf(keys);
        sessionParams = List.copyOf(sessionParams);
    }

    /** @return a usable attribute with one key and no MKI, for an offer or answer the appliance makes */
    public static CryptoAttribute of(int tag, SrtpSuite suite, byte[] keyAndSalt) {
        return new CryptoAttribute(tag, suite.name(), suite, List.of(new KeyParams(keyAndSalt.clone(), MAX_LIFETIME,
                null)), List.of(), null);
    }

    /**
     * @param value the attribute value after {@code crypto:}
     * @return the attribute
     * @throws SdpException naming the field that is malformed
     */
    public static CryptoAttribute parse(String value) throws SdpException {
        String[] f = value.trim().split("[ \t]+");
        if (f.length < 3) {
            throw new SdpException(0, "a=crypto", "expected '<tag> <crypto-suite> <key-params>'");
        }
        int tag = parseTag(f[0]);
        String suiteName = f[1];
        if (!suiteName.matches("[A-Za-z0-9_]{1,64}")) {
            throw new SdpException(0, "a=crypto crypto-suite", "not a suite name: '" + Sdp.cut(suiteName) + "'");
        }
        SrtpSuite suite = SrtpSuite.forSdesName(suiteName).orElse(null);
        List<KeyParams> keys = new ArrayList<>();
        for (String kp : f[2].split(";", -1)) {
            keys.add(parseKey(kp, suite));
        }
        if (keys.size() > 1 && keys.stream().anyMatch(k -> k.mki() == null)) {
            throw new SdpException(0, "a=crypto key-params", "several keys need an MKI each (RFC 4568 section 6.1)");
        }
        List<String> params = new ArrayList<>();
        String unsupported = suite == null ? "crypto-suite " + suiteName + " is not implemented" : null;
        for (int i = 3; i < f.length; i++) {
            String p = f[i];
            params.add(p);
            String upper = p.toUpperCase(Locale.ROOT);
            if (unsupported == null && (upper.startsWith("KDR=") && !"KDR=0".equals(upper))) {
                unsupported = "key derivation rate " + Sdp.cut(p.substring(4)) + " is not supported (only 0)";
            } else if (unsupported == null && (upper.equals("UNENCRYPTED_SRTP") || upper.equals("UNENCRYPTED_SRTCP")
                    || upper.equals("UNAUTHENTICATED_SRTP"))) {
                unsupported = p + " would leave media unprotected";
            }
        }
        return new CryptoAttribute(tag, suiteName, suite, keys, params, unsupported);
    }

    private static int parseTag(String s) throws SdpException {
        if (!s.matches("[0-9]{1,9}")) {
            throw new SdpException(0, "a=crypto tag", "must be 1 to 9 digits, got '" + Sdp.cut(s) + "'");
        }
        return Integer.parseInt(s);
    }

    private static KeyParams parseKey(String kp, SrtpSuite suite) throws SdpException {
        if (!kp.startsWith("inline:")) {
            throw new SdpException(0, "a=crypto key-params", "only the 'inline:' key method exists (RFC 4568)");
        }
        String[] parts = kp.substring(7).split("\\|", -1);
        if (parts.length > 3) {
            throw new SdpException(0, "a=crypto key-params", "at most key|lifetime|MKI");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(parts[0]);
        } catch (IllegalArgumentException e) {
            throw new SdpException(0, "a=crypto key", "not base64");
        }
        if (suite != null && key.length != suite.keyLength() + suite.saltLength()) {
            throw new SdpException(0, "a=crypto key", suite + " needs " + (suite.keyLength() + suite.saltLength())
                    + " bytes of key and salt, got " + key.length);
        }
        if (key.length == 0 || key.length > 64) {
            throw new SdpException(0, "a=crypto key", "length " + key.length + " is not a key and salt");
        }
        long lifetime = MAX_LIFETIME;
        byte[] mki = null;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i];
            if (p.indexOf(':') >= 0) {
                if (mki != null) {
                    throw new SdpException(0, "a=crypto MKI", "given twice");
                }
                mki = parseMki(p);
            } else if (i == 1) {
                lifetime = parseLifetime(p);
            } else {
                throw new SdpException(0, "a=crypto key-params", "expected an MKI 'value:length' after the lifetime");
            }
        }
        return new KeyParams(key, lifetime, mki);
    }

    static long parseLifetime(String s) throws SdpException {
        long v;
        if (s.startsWith("2^")) {
            String e = s.substring(2);
            if (!e.matches("[0-9]{1,2}")) {
                throw new SdpException(0, "a=crypto lifetime", "not a power of two: '" + Sdp.cut(s) + "'");
            }
            int n = Integer.parseInt(e);
            if (n > 48) {
                throw new SdpException(0, "a=crypto lifetime", "2^" + n + " is above the SRTP maximum 2^48");
            }
            v = 1L << n;
        } else if (s.matches("[0-9]{1,15}")) {
            v = Long.parseLong(s);
        } else {
            throw new SdpException(0, "a=crypto lifetime", "not a number or 2^n: '" + Sdp.cut(s) + "'");
        }
        if (v < 1 || v > MAX_LIFETIME) {
            throw new SdpException(0, "a=crypto lifetime", v + " is outside 1 to 2^48");
        }
        return v;
    }

    static byte[] parseMki(String s) throws SdpException {
        int colon = s.indexOf(':');
        String value = s.substring(0, colon);
        String length = s.substring(colon + 1);
        if (!value.matches("[0-9]{1,310}") || !length.matches("[0-9]{1,3}")) {
            throw new SdpException(0, "a=crypto MKI", "expected '<decimal value>:<length>'");
        }
        int n = Integer.parseInt(length);
        if (n < 1 || n > 128) {
            throw new SdpException(0, "a=crypto MKI", "length " + n + " is outside 1 to 128");
        }
        BigInteger v = new BigInteger(value);
        if (v.bitLength() > n * 8) {
            throw new SdpException(0, "a=crypto MKI", "value does not fit in " + n + " bytes");
        }
        byte[] raw = v.toByteArray();
        byte[] out = new byte[n];
        int copy = Math.min(raw.length, n);
        System.arraycopy(raw, raw.length - copy, out, n - copy, copy);
        return out;
    }

    /** @return the attribute value ({@code 1 AES_CM_128_HMAC_SHA1_80 inline:...}), keys included: for SDP only */
    public String encode() {
        StringBuilder b = new StringBuilder().append(tag).append(' ').append(suiteName).append(' ');
        for (int i = 0; i < keys.size(); i++) {
            KeyParams k = keys.get(i);
            if (i > 0) {
                b.append(';');
            }
            b.append("inline:").append(Base64.getEncoder().encodeToString(k.keyAndSalt()));
            if (k.lifetime() != MAX_LIFETIME) {
                b.append('|').append(lifetimeText(k.lifetime()));
            }
            if (k.mki() != null) {
                b.append('|').append(new BigInteger(1, k.mki())).append(':').append(k.mki().length);
            }
        }
        for (String p : sessionParams) {
            b.append(' ').append(p);
        }
        return b.toString();
    }

    private static String lifetimeText(long v) {
        return Long.bitCount(v) == 1 ? "2^" + Long.numberOfTrailingZeros(v) : Long.toString(v);
    }

    @Override
    public String toString() {
        return "crypto:" + tag + " " + suiteName + " " + keys + (sessionParams.isEmpty() ? "" : " " + sessionParams)
                + (unsupported == null ? "" : " (unsupported: " + unsupported + ")");
    }
}
