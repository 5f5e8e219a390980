package io.bulwark.sipproxy.codec;

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

        Known(String name, boolean list) {
            this.name = name;
            this.key = name.toLowerCase(Locale.ROOT);
            this.list = list;
            this.keyBytes = key.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
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
    private static final Known[][] BY_LENGTH = new Known[32][];

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
            add(new Known(n, true));
        }
        for (String n : singles) {
            add(new Known(n, false));
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

    private SipHeaderNames() {
    }

    private static void add(Known k) {
        BY_KEY.put(k.key, k);
        BY_NAME.put(k.name, k);
        int len = k.name.length();
        Known[] old = BY_LENGTH[len];
        Known[] grown = old == null ? new Known[1] : java.util.Arrays.copyOf(old, old.length + 1);
        grown[grown.length - 1] = k;
        BY_LENGTH[len] = grown;
    }

    /** @return the known header whose long or compact name equals the bytes (any case), or null */
    static Known lookup(byte[] b, int off, int len) {
        if (len == 1) {
            int c = b[off];
            return c >= 0 ? COMPACT[c] : null;
        }
        if (len >= BY_LENGTH.length || BY_LENGTH[len] == null) {
            return null;
        }
        int first = lower(b[off]);
        for (Known k : BY_LENGTH[len]) {
            // candidates of one length mostly differ in their first byte: check it before the rest
            if (k.keyBytes[0] == first && equalsIgnoreCase(k.keyBytes, b, off)) {
                return k;
            }
        }
        return null;
    }

    private static int lower(byte c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }

    private static boolean equalsIgnoreCase(byte[] lowerKey, byte[] b, int off) {
        for (int i = 1; i < lowerKey.length; i++) {
            if (lower(b[off + i]) != lowerKey[i]) {
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

    /** @return the lookup key of a header name: the lower-case long form */
    static String key(String name) {
        Known k = lookup(name);
        return k != null ? k.key : name.toLowerCase(Locale.ROOT);
    }
}
