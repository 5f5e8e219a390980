package io.bulwark.api.decision;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * An address or a prefix (CIDR block, RFC 4632 section 3.1; IPv6 RFC 4291 section 2.3): the
 * scope of a {@link Ban} or of an {@link AllowListEntry}. The network address is always masked,
 * so {@code 192.0.2.77/24} and {@code 192.0.2.0/24} are the same block. IPv4-mapped IPv6
 * addresses are IPv4 addresses here, as in {@link InetAddress}.
 *
 * @param network the first address of the block (masked by the constructor)
 * @param prefixLength 0 to 32 for IPv4, 0 to 128 for IPv6
 */
public record AddressBlock(InetAddress network, int prefixLength) {

    /**
     * Masks the network address.
     *
     * @throws IllegalArgumentException when the prefix length does not fit the family
     */
    public AddressBlock {
        Objects.requireNonNull(network, "network");
        byte[] bytes = network.getAddress();
        int bits = bytes.length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length must be 0 to " + bits + ", got " + prefixLength);
        }
        network = fromBytes(mask(bytes, prefixLength));
    }

    /**
     * @param address one address
     * @return the block holding just that address ({@code /32} or {@code /128})
     */
    public static AddressBlock of(InetAddress address) {
        return new AddressBlock(address, address instanceof Inet4Address ? 32 : 128);
    }

    /**
     * Parses an address literal with an optional prefix length. Never resolves names: text that
     * is not a literal is refused, so parsing cannot block on DNS.
     *
     * @param text {@code 192.0.2.7}, {@code 192.0.2.0/24}, {@code 2001:db8::/32}, ...
     * @return the block
     * @throws IllegalArgumentException naming the text when it is not a literal block
     */
    public static AddressBlock parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("address block must not be empty");
        }
        String t = text.trim();
        int slash = t.indexOf('/');
        InetAddress address = parseLiteral(slash < 0 ? t : t.substring(0, slash), text);
        int bits = address instanceof Inet4Address ? 32 : 128;
        if (slash < 0) {
            return new AddressBlock(address, bits);
        }
        String len = t.substring(slash + 1);
        if (len.isEmpty() || len.length() > 3 || !len.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("bad prefix length in '" + text + "'");
        }
        return new AddressBlock(address, Integer.parseInt(len));
    }

    /** @return true for an IPv4 block */
    public boolean isIpv4() {
        return network instanceof Inet4Address;
    }

    /** @return true when the block holds exactly one address */
    public boolean isSingleAddress() {
        return prefixLength == (isIpv4() ? 32 : 128);
    }

    /**
     * @param address an address
     * @return true when it lies in this block (an IPv4 address never lies in an IPv6 block)
     */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        byte[] n = network.getAddress();
        return a.length == n.length && Arrays.equals(mask(a, prefixLength), n);
    }

    /**
     * @param other another block
     * @return true when every address of {@code other} lies in this block
     */
    public boolean contains(AddressBlock other) {
        return other.prefixLength >= prefixLength && contains(other.network);
    }

    /**
     * @param other another block
     * @return true when the two blocks share an address (for CIDR blocks: one contains the other)
     */
    public boolean overlaps(AddressBlock other) {
        return contains(other) || other.contains(this);
    }

    /** @return the canonical CIDR text, {@code 192.0.2.0/24} or {@code 2001:db8::/32} (RFC 5952) */
    @Override
    public String toString() {
        return addressText(network) + "/" + prefixLength;
    }

    /**
     * @param address an address
     * @return its canonical text: dotted quad, or RFC 5952 section 4 compressed lower-case IPv6
     */
    public static String addressText(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // RFC 5952 4.2.2: a single 0 group is not shortened
        for (int i = 0; i < 8; i++) {
            int run = 0;
            while (i + run < 8 && groups[i + run] == 0) {
                run++;
            }
            if (run > bestLength) {
                bestStart = i;
                bestLength = run;
            }
        }
        StringBuilder s = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append(i == 0 ? "::" : ":");
                i += bestLength - 1;
                continue;
            }
            s.append(Integer.toHexString(groups[i]));
            if (i < 7) {
                s.append(':');
            }
        }
        return s.toString();
    }

    private static InetAddress parseLiteral(String s, String whole) {
        if (s.indexOf(':') >= 0) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
                    throw new IllegalArgumentException("not an address literal: '" + whole + "'");
                }
            }
            try {
                // only hex digits, ':' and '.': InetAddress parses this as a literal, no lookup
                return InetAddress.getByName(s);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IPv6 literal: '" + whole + "'", e);
            }
        }
        return fromBytes(parseDottedQuad(s, whole));
    }

    private static byte[] parseDottedQuad(String s, String whole) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 literal: '" + whole + "'");
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            // leading zeros are refused: some tools read them as octal
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')
                    || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("not an IPv4 literal: '" + whole + "'");
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                throw new IllegalArgumentException("not an IPv4 literal: '" + whole + "'");
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private static byte[] mask(byte[] bytes, int prefixLength) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixLength - 8 * i));
            out[i] = (byte) (out[i] & (0xff00 >> keep));
        }
        return out;
    }

    private static InetAddress fromBytes(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address must be 4 or 16 bytes", e);
        }
    }
}
