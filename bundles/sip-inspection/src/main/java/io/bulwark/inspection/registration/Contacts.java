package io.bulwark.inspection.registration;

import io.bulwark.api.sip.SipMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the Contact list and expiry of a REGISTER (RFC 3261 sections 10.2 and 20.10) without ever
 * throwing: a Contact that cannot be read is left out, an expiry that is not a delta-seconds
 * value is absent.
 */
final class Contacts {

    /** The largest expiry RFC 3261 allows (2**32 - 1 seconds); a bigger one is not a valid value. */
    static final long MAX_EXPIRES = 4_294_967_295L;

    private Contacts() {
    }

    /**
     * One Contact of a REGISTER or of its answer.
     *
     * @param uri the contact URI as written (without angle brackets), or null for the wildcard
     *     {@code *}
     * @param expires its {@code expires} parameter in seconds, or -1 when absent or malformed
     */
    record Contact(String uri, long expires) {

        boolean wildcard() {
            return uri == null;
        }
    }

    /** @return the readable Contacts of a message, in order; empty when it has none */
    static List<Contact> of(SipMessage m) {
        List<String> values = m.headers("Contact");
        if (values.isEmpty()) {
            return List.of();
        }
        List<Contact> out = new ArrayList<>(values.size());
        for (String v : values) {
            Contact c = parse(v);
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * @param value one element of a Contact list: {@code *}, a name-addr with header parameters
     *     ({@code "Bob" <sip:1001@10.0.0.5;ob>;expires=60}) or an addr-spec with header parameters
     *     ({@code sip:1001@10.0.0.5;expires=60})
     * @return the contact, or null when it cannot be read
     */
    static Contact parse(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        if (v.equals("*")) {
            return new Contact(null, -1);
        }
        int lt = -1;
        boolean quoted = false;
        for (int i = 0; i < v.length() && lt < 0; i++) {
            char c = v.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '<') {
                lt = i;
            }
        }
        String uri;
        String params;
        if (lt >= 0) {
            int gt = v.indexOf('>', lt + 1);
            if (gt < 0) {
                return null;
            }
            uri = v.substring(lt + 1, gt).trim();
            params = v.substring(gt + 1);
        } else {
            if (quoted) {
                return null; // an unterminated display name
            }
            // in an addr-spec, everything after the first ';' is a header parameter (section 20)
            int semi = v.indexOf(';');
            uri = (semi < 0 ? v : v.substring(0, semi)).trim();
            params = semi < 0 ? "" : v.substring(semi);
        }
        if (uri.indexOf(':') <= 0) {
            return null;
        }
        return new Contact(uri, deltaSeconds(param(params, "expires")));
    }

    /** @return the Expires header of a message in seconds, or -1 when absent or malformed */
    static long expiresHeader(SipMessage m) {
        return deltaSeconds(m.header("Expires"));
    }

    /**
     * @param text a delta-seconds value, possibly with surrounding white space, or null
     * @return its value, or -1 when it is not one (empty, not all digits, above 2**32 - 1)
     */
    static long deltaSeconds(String text) {
        if (text == null) {
            return -1;
        }
        String t = text.trim();
        if (t.isEmpty() || t.length() > 10) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v > MAX_EXPIRES ? -1 : v;
    }

    /**
     * @param params header parameters, each introduced by {@code ;} (quoted values may hold any
     *     character)
     * @param name the parameter's name, lower case
     * @return its value without quotes, "" for a parameter without value, or null when absent
     */
    static String param(String params, String name) {
        int i = 0;
        int n = params.length();
        while (i < n) {
            int start = params.indexOf(';', i);
            if (start < 0) {
                return null;
            }
            int end = start + 1;
            boolean quoted = false;
            while (end < n) {
                char c = params.charAt(end);
                if (quoted) {
                    if (c == '\\') {
                        end++;
                    } else if (c == '"') {
                        quoted = false;
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ';') {
                    break;
                }
                end++;
            }
            String p = params.substring(start + 1, Math.min(end, n));
            int eq = p.indexOf('=');
            String pname = (eq < 0 ? p : p.substring(0, eq)).trim();
            if (pname.equalsIgnoreCase(name)) {
                if (eq < 0) {
                    return "";
                }
                String value = p.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value;
            }
            i = end;
        }
        return null;
    }

    /**
     * @param uri a contact URI
     * @return what two contacts must share to be the same binding: the URI without its
     *     parameters and headers, lower case (so {@code ;transport=tcp} or {@code ;ob} added or
     *     dropped does not make another contact); "" for null
     */
    static String key(String uri) {
        if (uri == null) {
            return "";
        }
        // the user part may hold ';' (user-unreserved), so parameters start after the host's '@'
        int at = uri.indexOf('@');
        int end = uri.length();
        for (int i = Math.max(at, 0); i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == ';' || c == '?') {
                end = i;
                break;
            }
        }
        return uri.substring(0, end).trim().toLowerCase(Locale.ROOT);
    }
}
