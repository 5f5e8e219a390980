package io.bulwark.sipproxy.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * Best-effort reading of a Request-Line that failed the strict {@code Method SP Request-URI SP
 * SIP-Version CRLF} check (RFC 3261 7.1), so that the decoder can still answer 400 with a partial
 * message and name the problem (RFC 4475 lwsstart, trws, lwsruri). A line whose first word is not a
 * method token or whose last word does not start with "SIP/" is not SIP at all and is dropped.
 *
 * @param sip whether the line is recognisably a SIP Request-Line
 * @param method the first word, or null
 * @param uri the second word when there are at least three, or null
 * @param version the last word, or null
 * @param reason what is wrong
 */
record RequestLineRepair(boolean sip, String method, String uri, String version, String reason) {

    static RequestLineRepair of(byte[] h, int e) {
        List<int[]> words = new ArrayList<>(4);
        int i = 0;
        while (i < e) {
            while (i < e && SipSyntax.isWs(h[i])) {
                i++;
            }
            int start = i;
            while (i < e && !SipSyntax.isWs(h[i])) {
                i++;
            }
            if (i > start) {
                words.add(new int[] {start, i});
            }
        }
        if (words.size() < 2) {
            return notSip();
        }
        int[] f = words.get(0);
        int[] l = words.get(words.size() - 1);
        if (!SipBytes.isToken(h, f[0], f[1]) || l[1] - l[0] < 4 || (h[l[0]] | 0x20) != 's'
                || (h[l[0] + 1] | 0x20) != 'i' || (h[l[0] + 2] | 0x20) != 'p' || h[l[0] + 3] != '/') {
            return notSip();
        }
        int[] u = words.size() >= 3 ? words.get(1) : null;
        String why;
        if (f[0] != 0 || l[1] != e) {
            why = "Request-Line: leading or trailing white space";
        } else if (u == null) {
            why = "Request-Line: missing Request-URI";
        } else if (words.size() > 3) {
            why = "Request-URI: contains white space";
        } else if (!SipBytes.isUriBytes(h, u[0], u[1])) {
            why = "Request-URI: invalid character";
        } else if (u[0] != f[1] + 1 || l[0] != u[1] + 1 || h[f[1]] != ' ' || h[u[1]] != ' ') {
            why = "Request-Line: elements must be separated by a single SP";
        } else {
            why = "Request-Line: malformed SIP-Version";
        }
        return new RequestLineRepair(true, text(h, f), u == null ? null : text(h, u), text(h, l), why);
    }

    private static String text(byte[] h, int[] w) {
        return SipSyntax.decodeText(h, w[0], w[1] - w[0], false);
    }

    private static RequestLineRepair notSip() {
        return new RequestLineRepair(false, null, null, null, "not a SIP request or response");
    }
}
