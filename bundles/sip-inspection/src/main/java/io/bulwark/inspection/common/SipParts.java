package io.bulwark.inspection.common;

import io.bulwark.api.sip.SipMessage;
import io.bulwark.api.transport.MessageContext;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Locale;

/**
 * Cheap readings of the parts of a SIP message the inspectors key their state on. Everything is
 * tolerant: a part that cannot be read is null, never an exception.
 */
public final class SipParts {

    private SipParts() {
    }

    /**
     * @param uriOrNameAddr a URI ({@code sip:1001@host;p}) or a name-addr
     *     ({@code "Bob" <sip:1001@host>;tag=x})
     * @return the user part, lower case, without a password; or null when there is none
     */
    public static String user(String uriOrNameAddr) {
        String uri = uri(uriOrNameAddr);
        if (uri == null) {
            return null;
        }
        int colon = uri.indexOf(':');
        int at = uri.indexOf('@');
        if (colon < 0 || at < 0 || at < colon) {
            return null;
        }
        String user = uri.substring(colon + 1, at);
        int pw = user.indexOf(':');
        if (pw >= 0) {
            user = user.substring(0, pw);
        }
        return user.isEmpty() ? null : user.toLowerCase(Locale.ROOT);
    }

    /**
     * @param uriOrNameAddr a URI or name-addr
     * @return the host part, lower case, without port and brackets; or null
     */
    public static String host(String uriOrNameAddr) {
        String uri = uri(uriOrNameAddr);
        if (uri == null) {
            return null;
        }
        int start = uri.indexOf('@') + 1;
        if (start == 0) {
            start = uri.indexOf(':') + 1;
        }
        int end = start;
        if (end < uri.length() && uri.charAt(end) == '[') {
            int close = uri.indexOf(']', end);
            return close < 0 ? null : uri.substring(end + 1, close).toLowerCase(Locale.ROOT);
        }
        while (end < uri.length() && ":;?>".indexOf(uri.charAt(end)) < 0) {
            end++;
        }
        return end == start ? null : uri.substring(start, end).toLowerCase(Locale.ROOT);
    }

    /**
     * @param uriOrNameAddr a URI or name-addr
     * @return the scheme, lower case ({@code sip}, {@code sips}, {@code tel}, ...), or null
     */
    public static String scheme(String uriOrNameAddr) {
        String uri = uri(uriOrNameAddr);
        int colon = uri == null ? -1 : uri.indexOf(':');
        return colon <= 0 ? null : uri.substring(0, colon).toLowerCase(Locale.ROOT);
    }

    /**
     * @param uriOrNameAddr a URI or name-addr
     * @return the bare URI: what is between angle brackets, or up to the first parameter of an
     *     addr-spec; null for null
     */
    public static String uri(String uriOrNameAddr) {
        if (uriOrNameAddr == null) {
            return null;
        }
        String s = uriOrNameAddr.trim();
        int lt = s.indexOf('<');
        if (lt >= 0) {
            int gt = s.indexOf('>', lt);
            return gt < 0 ? s.substring(lt + 1) : s.substring(lt + 1, gt);
        }
        return s;
    }

    /**
     * @param m a request
     * @return the address-of-record of a REGISTER (the To URI without parameters, lower case:
     *     {@code sip:1001@example.com}), or null
     */
    public static String aor(SipMessage m) {
        String to = uri(m.header("To"));
        if (to == null) {
            return null;
        }
        int semi = to.indexOf(';');
        String bare = semi < 0 ? to : to.substring(0, semi);
        return bare.toLowerCase(Locale.ROOT);
    }

    /**
     * @param m a request
     * @return the user the request targets: the Request-URI's user, else the To user; or null
     */
    public static String targetUser(SipMessage m) {
        String u = user(m.requestUri());
        return u != null ? u : user(m.header("To"));
    }

    /**
     * @param from where a message came from
     * @return the source address as text (no port), or {@code "?"}
     */
    public static String source(MessageContext from) {
        InetAddress a = from.remote() == null ? null : from.remote().getAddress();
        return a == null ? "?" : a.getHostAddress();
    }

    /**
     * @param from where a message came from
     * @return the source's network: its /24 (IPv4) or /64 (IPv6), as CIDR text
     */
    public static String prefix(MessageContext from) {
        InetAddress a = from.remote() == null ? null : from.remote().getAddress();
        if (a == null) {
            return "?";
        }
        byte[] b = a.getAddress();
        int bits = a instanceof Inet4Address ? 24 : 64;
        for (int i = bits / 8; i < b.length; i++) {
            b[i] = 0;
        }
        try {
            return InetAddress.getByAddress(b).getHostAddress() + "/" + bits;
        } catch (java.net.UnknownHostException e) {
            return "?";
        }
    }

    /** @return true when the message carries digest credentials (Authorization or Proxy-Authorization) */
    public static boolean hasCredentials(SipMessage m) {
        return m.header("Authorization") != null || m.header("Proxy-Authorization") != null;
    }

    /**
     * @param m a message with credentials
     * @return the {@code username} parameter of its Authorization or Proxy-Authorization, lower
     *     case, or null
     */
    public static String credentialUser(SipMessage m) {
        String h = m.header("Authorization");
        if (h == null) {
            h = m.header("Proxy-Authorization");
        }
        if (h == null) {
            return null;
        }
        int i = h.toLowerCase(Locale.ROOT).indexOf("username");
        if (i < 0) {
            return null;
        }
        int eq = h.indexOf('=', i);
        if (eq < 0) {
            return null;
        }
        String v = h.substring(eq + 1).trim();
        if (v.startsWith("\"")) {
            int close = v.indexOf('"', 1);
            v = close < 0 ? v.substring(1) : v.substring(1, close);
        } else {
            int end = 0;
            while (end < v.length() && v.charAt(end) != ',' && !Character.isWhitespace(v.charAt(end))) {
                end++;
            }
            v = v.substring(0, end);
        }
        return v.isEmpty() ? null : v.toLowerCase(Locale.ROOT);
    }

    /**
     * @param text a header value or any text
     * @param max most characters kept
     * @return the text cut to {@code max} characters with an ellipsis, or "" for null
     */
    public static String cut(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }

    /**
     * Names a request's transaction, to tell a retransmitted response from a new one (RFC 3261
     * section 17.2.3): the top Via's branch with the CSeq and method, or for a branch without the
     * magic cookie, Call-ID, CSeq, From tag and method.
     *
     * @param m a request
     * @return a key equal for the messages of one transaction; never null
     */
    public static String transaction(SipMessage m) {
        String branch = null;
        String via = m.header("Via");
        if (via != null) {
            int semi = via.indexOf(';');
            while (semi >= 0 && branch == null) {
                int next = via.indexOf(';', semi + 1);
                String param = (next < 0 ? via.substring(semi + 1) : via.substring(semi + 1, next)).trim();
                int eq = param.indexOf('=');
                if (eq > 0 && "branch".equalsIgnoreCase(param.substring(0, eq).trim())) {
                    branch = param.substring(eq + 1).trim();
                }
                semi = next;
            }
        }
        if (branch != null && branch.length() > 7 && branch.startsWith("z9hG4bK")) {
            return branch + " " + m.cseq() + " " + m.method();
        }
        return m.callId() + " " + m.cseq() + " " + m.fromTag() + " " + m.method();
    }
}
