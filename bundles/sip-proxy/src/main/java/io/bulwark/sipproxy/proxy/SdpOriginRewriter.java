package io.bulwark.sipproxy.proxy;

import java.nio.charset.StandardCharsets;

/**
 * Replaces the unicast address of the SDP origin line ({@code o=}, RFC 4566 section 5.2) so the
 * session description sent outside does not name an inside host. Connection ({@code c=}) and
 * media lines are left to media anchoring, which owns the ports.
 */
final class SdpOriginRewriter {

    private SdpOriginRewriter() {
    }

    /**
     * @param body an SDP body
     * @param host the address to put in the origin line
     * @return the rewritten body, or the same array when there was nothing to change
     */
    static byte[] rewriteOrigin(byte[] body, String host) {
        String sdp = new String(body, StandardCharsets.ISO_8859_1);
        int start = sdp.startsWith("o=") ? 0 : indexOfLine(sdp, "o=");
        if (start < 0) {
            return body;
        }
        int end = sdp.indexOf('\n', start);
        if (end < 0) {
            end = sdp.length();
        }
        int lineEnd = end > start && sdp.charAt(end - 1) == '\r' ? end - 1 : end;
        String[] f = sdp.substring(start + 2, lineEnd).split(" ");
        if (f.length != 6) {
            return body;
        }
        String addrType = host.indexOf(':') >= 0 ? "IP6" : "IP4";
        String line = "o=" + f[0] + " " + f[1] + " " + f[2] + " " + f[3] + " " + addrType + " " + host;
        String out = sdp.substring(0, start) + line + sdp.substring(lineEnd);
        return out.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int indexOfLine(String sdp, String prefix) {
        int i = sdp.indexOf("\n" + prefix);
        return i < 0 ? -1 : i + 1;
    }
}
