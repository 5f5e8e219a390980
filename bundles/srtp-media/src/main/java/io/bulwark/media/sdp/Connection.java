package io.bulwark.media.sdp;

/**
 * A connection line ({@code c=IN IP4 192.0.2.1}, RFC 4566 section 5.7).
 *
 * @param addressType IP4 or IP6
 * @param address the address (or name) without TTL and count
 * @param suffix what followed the address ({@code /127/2} for multicast), empty when nothing
 */
public record Connection(String addressType, String address, String suffix) {

    /** @return the line's value: {@code IN IP4 192.0.2.1} */
    public String value() {
        return "IN " + addressType + " " + address + suffix;
    }

    static Connection parse(String value, int line) throws SdpException {
        String[] f = value.trim().split(" +");
        if (f.length != 3 || !"IN".equals(f[0])) {
            throw new SdpException(line, "c=", "expected 'IN <IP4|IP6> <address>', got '" + Sdp.cut(value) + "'");
        }
        if (!"IP4".equals(f[1]) && !"IP6".equals(f[1])) {
            throw new SdpException(line, "c= address type", "must be IP4 or IP6, got '" + Sdp.cut(f[1]) + "'");
        }
        int slash = f[2].indexOf('/');
        String address = slash < 0 ? f[2] : f[2].substring(0, slash);
        if (address.isEmpty()) {
            throw new SdpException(line, "c= address", "is empty");
        }
        return new Connection(f[1], address, slash < 0 ? "" : f[2].substring(slash));
    }

    /** @return a unicast connection to that address */
    public static Connection of(String address) {
        return new Connection(address.indexOf(':') >= 0 ? "IP6" : "IP4", address, "");
    }
}
