package io.bulwark.inspection.common;

import java.net.InetAddress;
import java.util.Locale;

/**
 * How closely two source addresses must agree for two messages to count as coming from the same
 * party: the very same address, or the same network (a /24 for IPv4, a /64 for IPv6), for phones
 * and trunks whose public address moves within their provider's block.
 */
public enum SourceMatch {
    /** The same IP address. */
    ADDRESS,
    /** The same /24 (IPv4) or /64 (IPv6). */
    PREFIX;

    /**
     * @param a an address, or null
     * @param b another, or null
     * @return true when both are known and agree as this match requires (an IPv4 address never
     *     agrees with an IPv6 one)
     */
    public boolean same(InetAddress a, InetAddress b) {
        if (a == null || b == null) {
            return false;
        }
        if (this == ADDRESS) {
            return a.equals(b);
        }
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        if (x.length != y.length) {
            return false;
        }
        int bytes = x.length == 4 ? 3 : 8;
        for (int i = 0; i < bytes; i++) {
            if (x[i] != y[i]) {
                return false;
            }
        }
        return true;
    }

    /** @return the lower-case name used in configuration ({@code address} or {@code prefix}) */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param key the configuration key, for the message
     * @param value {@code address} or {@code prefix}, any case
     * @return the match
     * @throws IllegalArgumentException naming the key when the value is neither
     */
    public static SourceMatch fromConfig(String key, String value) {
        String v = value == null ? "" : value.trim();
        for (SourceMatch m : values()) {
            if (m.name().equalsIgnoreCase(v)) {
                return m;
            }
        }
        throw new IllegalArgumentException(key + " must be 'address' or 'prefix', got '" + value + "'");
    }
}
