package io.bulwark.inspection.policy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What one zone may send, parsed once from the configuration's lists (kept in their order).
 *
 * @param zone the zone's configuration name ({@code outside} or {@code inside}), for messages
 * @param methods the allowed methods, exactly as written (methods are case-sensitive, RFC 3261 7.1)
 * @param schemes the allowed Request-URI schemes, lower case
 * @param hosts the allowed Request-URI host names, lower case, without a trailing dot
 * @param networks the allowed Request-URI addresses and CIDR ranges
 */
record ZonePolicy(String zone, Set<String> methods, Set<String> schemes, Set<String> hosts,
        List<Network> networks) {

    ZonePolicy {
        methods = Collections.unmodifiableSet(new LinkedHashSet<>(methods));
        schemes = Collections.unmodifiableSet(new LinkedHashSet<>(schemes));
        hosts = Collections.unmodifiableSet(new LinkedHashSet<>(hosts));
        networks = List.copyOf(networks);
    }

    /**
     * @param zone {@code outside} or {@code inside}: the prefix of the keys named in errors
     * @param methods comma-separated method tokens
     * @param schemes comma-separated URI schemes
     * @param domains comma-separated host names, addresses and CIDR ranges; empty allows any
     * @return the policy
     * @throws IllegalArgumentException naming the key and the item that is wrong
     */
    static ZonePolicy parse(String zone, String methods, String schemes, String domains) {
        String methodsKey = zone + ".methods";
        Set<String> m = new LinkedHashSet<>();
        for (String item : items(methods)) {
            if (!isToken(item)) {
                throw new IllegalArgumentException(methodsKey + ": '" + item + "' is not a SIP method token");
            }
            m.add(item);
        }
        if (m.isEmpty()) {
            throw new IllegalArgumentException(methodsKey + ": must allow at least one method");
        }
        if (m.contains("INVITE") && !m.contains("ACK")) {
            throw new IllegalArgumentException(methodsKey + ": INVITE is allowed but not ACK, which every call needs");
        }
        String schemesKey = zone + ".schemes";
        Set<String> s = new LinkedHashSet<>();
        for (String item : items(schemes)) {
            String scheme = item.toLowerCase(Locale.ROOT);
            if (!scheme.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
                throw new IllegalArgumentException(schemesKey + ": '" + item + "' is not a URI scheme (letters only)");
            }
            s.add(scheme);
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException(schemesKey + ": must allow at least one scheme");
        }
        Set<String> hosts = new LinkedHashSet<>();
        List<Network> networks = new ArrayList<>();
        for (String item : items(domains)) {
            Network n = Network.parse(item);
            if (n != null) {
                networks.add(n);
            } else if (isHostName(item)) {
                hosts.add(withoutDot(item.toLowerCase(Locale.ROOT)));
            } else {
                throw new IllegalArgumentException(zone + ".domains: '" + item
                        + "' is not a host, address or CIDR");
            }
        }
        return new ZonePolicy(zone, m, s, hosts, networks);
    }

    /** @return true when the domains list is empty: any host is allowed */
    boolean anyHost() {
        return hosts.isEmpty() && networks.isEmpty();
    }

    /**
     * @param host a Request-URI host, lower case, without brackets or port; null when unreadable
     * @return true when the host is listed, or falls in a listed range, or any host is allowed
     */
    boolean allowsHost(String host) {
        if (anyHost()) {
            return true;
        }
        if (host == null || host.isEmpty()) {
            return false;
        }
        byte[] address = Network.address(host);
        if (address == null) {
            return hosts.contains(withoutDot(host.toLowerCase(Locale.ROOT)));
        }
        for (int i = 0; i < networks.size(); i++) {
            if (networks.get(i).contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static String withoutDot(String host) {
        return host.length() > 1 && host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    private static List<String> items(String list) {
        List<String> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        for (String item : list.split(",")) {
            String t = item.trim();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    /** @return true for an RFC 3261 token: alphanumerics and {@code -.!%*_+`'~} */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-.!%*_+`'~".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    /**
     * @return true for an RFC 3261 hostname: dot-separated labels of letters, digits and inner
     *     hyphens, the last starting with a letter (so {@code 300.1.1.1} is not one); a final dot
     *     is allowed
     */
    static boolean isHostName(String s) {
        String h = withoutDot(s);
        if (h.isEmpty() || h.length() > 253) {
            return false;
        }
        String[] labels = h.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
                    return false;
                }
            }
        }
        char first = labels[labels.length - 1].charAt(0);
        return first >= 'a' && first <= 'z' || first >= 'A' && first <= 'Z';
    }

    /** An address range: a network address and the length of its prefix. */
    static final class Network {
        private final byte[] prefix;
        private final int bits;

        private Network(byte[] prefix, int bits) {
            // host bits written in the list (192.0.2.7/24) are ignored
            for (int i = 0; i < prefix.length; i++) {
                int keep = Math.max(0, Math.min(8, bits - i * 8));
                prefix[i] &= (byte) (0xff00 >>> keep);
            }
            this.prefix = prefix;
            this.bits = bits;
        }

        /**
         * @param item an address ({@code 192.0.2.1}, {@code 2001:db8::1}, {@code [2001:db8::1]}) or a
         *     CIDR range ({@code 192.0.2.0/24}, {@code 2001:db8::/32})
         * @return the range, or null when the item is no address or no valid range (it may be a
         *     host name)
         */
        static Network parse(String item) {
            int slash = item.indexOf('/');
            String a = slash < 0 ? item : item.substring(0, slash);
            if (a.startsWith("[") && a.endsWith("]") && a.length() > 2) {
                a = a.substring(1, a.length() - 1);
            }
            byte[] address = address(a);
            if (address == null) {
                return null;
            }
            int max = address.length * 8;
            int bits = max;
            if (slash >= 0) {
                String b = item.substring(slash + 1);
                if (b.isEmpty() || b.length() > 3 || !b.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return null;
                }
                bits = Integer.parseInt(b);
                if (bits > max) {
                    return null;
                }
            }
            return new Network(address, bits);
        }

        /**
         * Reads an IP address literal without ever asking DNS.
         *
         * @param host a dotted-quad IPv4 address or an IPv6 address without brackets
         * @return its 4 or 16 bytes (an IPv4-mapped IPv6 address gives 4), or null when it is none
         */
        static byte[] address(String host) {
            if (host.indexOf(':') >= 0) {
                if (host.indexOf('%') >= 0 || host.indexOf('[') >= 0 || host.indexOf(']') >= 0) {
                    return null; // scope ids name interfaces; a bracket here is no literal
                }
                try {
                    // the brackets make the JDK take it as an IPv6 literal or fail, never look it up
                    InetAddress a = InetAddress.getByName("[" + host + "]");
                    return a.getAddress();
                } catch (UnknownHostException | RuntimeException e) {
                    return null;
                }
            }
            return ipv4(host);
        }

        /** @return the four bytes of a dotted quad of decimal numbers 0 to 255, or null */
        private static byte[] ipv4(String s) {
            byte[] out = new byte[4];
            int part = 0;
            int value = 0;
            int digits = 0;
            for (int i = 0; i <= s.length(); i++) {
                char c = i < s.length() ? s.charAt(i) : '.';
                if (c >= '0' && c <= '9') {
                    value = value * 10 + (c - '0');
                    if (++digits > 3 || value > 255) {
                        return null;
                    }
                } else if (c == '.' && digits > 0 && part < 4) {
                    out[part++] = (byte) value;
                    value = 0;
                    digits = 0;
                } else {
                    return null;
                }
            }
            return part == 4 ? out : null;
        }

        /** @return true when the address (4 or 16 bytes) falls in the range */
        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (prefix[full] & mask);
        }

        @Override
        public String toString() {
            try {
                InetAddress a = InetAddress.getByAddress(prefix);
                return (a instanceof Inet4Address ? a.getHostAddress() : "[" + a.getHostAddress() + "]") + "/" + bits;
            } catch (UnknownHostException e) {
                return "?/" + bits;
            }
        }
    }
}
