package io.bulwark.sipproxy.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Known header names: canonical long form, compact form (RFC 3261 7.3.3 and later extensions) and
 * whether the header is a comma-separated list (RFC 3261 7.3.1). Lookup is case-insensitive and can
 * work directly on the wire bytes without allocating a String.
 */
final class SipHeaderNames {

    /** A known header name. */
    static final class Known {
        final String name;
        final String key;
        final boolean list;
        /** The key as bytes, compared against wire bytes without going through String. */
        final byte[] keyBytes;
        /** A small id (0, 1, 2, ...; -1 is no known header), equal for long and compact forms. */
        final int id;
        /** {@link #lowerLong} of the key's first (up to) eight bytes. */
        final long first;
        /** {@link #lowerLong} of the key's last eight bytes when it is longer than eight, else 0. */
        final long last;

        Known(String name, boolean list, int id) {
            this.id = id;
            this.name = name;
            this.key = name.toLowerCase(Locale.ROOT);
            this.list = list;
            this.keyBytes = key.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (byte c : keyBytes) {
                if (!(c == '-' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                    // lookup compares (byte | 0x20) with the key: exact only for these characters
                    throw new IllegalStateException("header name outside [A-Za-z0-9-]: " + name);
                }
            }
            int n = keyBytes.length;
            this.first = lowerLong(keyBytes, 0, Math.min(n, 8));
            this.last = n > 8 ? lowerLong(keyBytes, n - 8, 8) : 0;
        }
    }

    static final String VIA = "via";
    static final String TO = "to";
    static final String FROM = "from";
    static final String CALL_ID = "call-id";
    static final String CSEQ = "cseq";
    static final String MAX_FORWARDS = "max-forwards";
    static final String CONTENT_LENGTH = "content-length";
    static final String CONTENT_TYPE = "content-type";
    static final String CONTACT = "contact";
    static final String ROUTE = "route";
    static final String RECORD_ROUTE = "record-route";
    static final String PROXY_REQUIRE = "proxy-require";
    static final String TIMESTAMP = "timestamp";

    private static final Map<String, Known> BY_KEY = new HashMap<>();
    private static final Map<String, Known> BY_NAME = new HashMap<>();
    private static final Known[] COMPACT = new Known[128];
    /** Open addressing on {@link #slot}, linear probing; less than a tenth full. */
    private static final Known[] BY_HASH = new Known[1024];
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static {
        String[] lists = {"Accept", "Accept-Contact", "Accept-Encoding", "Accept-Language", "Accept-Resource-Priority",
            "Alert-Info", "Geolocation", "P-Associated-URI", "P-Visited-Network-ID", "Recv-Info", "Resource-Priority",
            "Allow", "Allow-Events", "Call-Info", "Contact", "Content-Encoding", "Content-Language",
            "Error-Info", "History-Info", "In-Reply-To", "P-Asserted-Identity", "P-Preferred-Identity",
            "Path", "Proxy-Require", "Reason", "Record-Route", "Reject-Contact", "Request-Disposition",
            "Require", "Route", "Security-Client", "Security-Server", "Security-Verify", "Service-Route",
            "Supported", "Unsupported", "Via", "Warning"};
        String[] singles = {"Authentication-Info", "Authorization", "Call-ID", "Content-Disposition",
            "Content-Length", "Content-Type", "CSeq", "Date", "Event", "Expires", "From", "Identity",
            "Identity-Info", "Join", "Max-Forwards", "Min-Expires", "Min-SE", "MIME-Version",
            "Organization", "Priority", "Privacy", "Proxy-Authenticate", "Proxy-Authorization", "RAck",
            "Refer-To", "Referred-By", "Replaces", "Reply-To", "Retry-After", "RSeq", "Server",
            "Session-Expires", "Subject", "Subscription-State", "Target-Dialog", "Timestamp", "To",
            "User-Agent", "WWW-Authenticate"};
        for (String n : lists) {
            add(new Known(n, true, BY_KEY.size()));
        }
        for (String n : singles) {
            add(new Known(n, false, BY_KEY.size()));
        }
        String compact = "i=Call-ID m=Contact e=Content-Encoding l=Content-Length c=Content-Type f=From "
            + "s=Subject k=Supported t=To v=Via o=Event r=Refer-To b=Referred-By u=Allow-Events "
            + "x=Session-Expires a=Accept-Contact j=Reject-Contact d=Request-Disposition y=Identity "
            + "n=Identity-Info";
        for (String pair : compact.split(" ")) {
            Known k = BY_KEY.get(pair.substring(2).toLowerCase(Locale.ROOT));
            COMPACT[pair.charAt(0)] = k;
            COMPACT[Character.toUpperCase(pair.charAt(0))] = k;
        }
    }

    /** Id of header lines whose name is not a known header. */
    static final int UNKNOWN_ID = -1;
    static final int VIA_ID = BY_KEY.get(VIA).id;
    static final int FROM_ID = BY_KEY.get(FROM).id;
    static final int TO_ID = BY_KEY.get(TO).id;
    static final int CALL_ID_ID = BY_KEY.get(CALL_ID).id;
    static final int CSEQ_ID = BY_KEY.get(CSEQ).id;
    static final int MAX_FORWARDS_ID = BY_KEY.get(MAX_FORWARDS).id;
    static final int CONTENT_LENGTH_ID = BY_KEY.get(CONTENT_LENGTH).id;

    private SipHeaderNames() {
    }

    private static void add(Known k) {
        BY_KEY.put(k.key, k);
        BY_NAME.put(k.name, k);
        int i = slot(k.first, k.last, k.keyBytes.length);
        while (BY_HASH[i] != null) {
            i = (i + 1) & (BY_HASH.length - 1);
        }
        BY_HASH[i] = k;
    }

    /** @return the {@link #BY_HASH} slot of a name from its first and last eight bytes and its length */
    private static int slot(long first, long last, int len) {
        long h = first * 0x9E3779B97F4A7C15L + last * 0xC2B2AE3D27D4EB4FL + len;
        return (int) (h >>> 54) & (BY_HASH.length - 1);
    }

    /**
     * @param n 1 to 8 bytes from p
     * @return those bytes as a little-endian long, each {@code | 0x20} (lower-cases letters, keeps
     *     digits and '-'), the bytes above n zero
     */
    private static long lowerLong(byte[] b, int p, int n) {
        long x;
        if (p + 8 <= b.length) {
            x = (long) LONGS.get(b, p);
        } else {
            x = 0;
            for (int i = 0; i < n; i++) {
                x |= (b[p + i] & 0xffL) << (i << 3);
            }
        }
        x |= 0x2020202020202020L;
        return n == 8 ? x : x & ((1L << (n << 3)) - 1);
    }

    /**
     * @param b bytes holding a name made of token characters only (RFC 3261 25.1)
     * @return the known header whose long or compact name equals the bytes (any case), or null
     */
    static Known lookup(byte[] b, int off, int len) {
        if (len == 1) {
            int c = b[off];
            return c >= 0 ? COMPACT[c] : null;
        }
        if (len == 0) {
            return null;
        }
        // token characters compared to a key of [a-z0-9-]: (c | 0x20) == k holds exactly when c is k
        // in any case (the only other bytes mapping onto those are control characters, not token
        // ones); the first and last eight bytes cover a name of up to 16 bytes, longer ones are
        // compared in the middle too
        long first = lowerLong(b, off, Math.min(len, 8));
        long last = len > 8 ? lowerLong(b, off + len - 8, 8) : 0;
        int mask = BY_HASH.length - 1;
        for (int i = slot(first, last, len); ; i = (i + 1) & mask) {
            Known k = BY_HASH[i];
            if (k == null) {
                return null;
            }
            if (k.first == first && k.last == last && k.keyBytes.length == len
                    && (len <= 16 || middleEquals(k.keyBytes, b, off))) {
                return k;
            }
        }
    }

    /** @return whether bytes 8 to length - 8 of the key equal those of the name (any case) */
    private static boolean middleEquals(byte[] key, byte[] b, int off) {
        for (int i = 8, n = key.length - 8; i < n; i++) {
            if ((b[off + i] | 0x20) != key[i]) {
                return false;
            }
        }
        return true;
    }

    /** @return the known header for a long or compact name in any case, or null */
    static Known lookup(String name) {
        if (name.length() == 1) {
            char c = name.charAt(0);
            return c < 128 ? COMPACT[c] : null;
        }
        Known k = BY_NAME.get(name);
        return k != null ? k : BY_KEY.get(name.toLowerCase(Locale.ROOT));
    }

    /** @return the canonical long names of all known headers */
    static java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(BY_NAME.keySet());
    }

    /** @return the lookup key of a header name: the lower-case long form */
    static String key(String name) {
        Known k = lookup(name);
        return k != null ? k.key : name.toLowerCase(Locale.ROOT);
    }
}
