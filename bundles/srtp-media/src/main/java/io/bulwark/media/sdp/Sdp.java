package io.bulwark.media.sdp;

/** Small helpers shared by the SDP classes. */
final class Sdp {

    private Sdp() {
    }

    /** @return the text cut for an error message */
    static String cut(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    static int parsePort(String s, int line, String field) throws SdpException {
        if (s.isEmpty() || s.length() > 5) {
            throw new SdpException(line, field, "not a port: '" + cut(s) + "'");
        }
        int p = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new SdpException(line, field, "not a port: '" + cut(s) + "'");
            }
            p = p * 10 + (c - '0');
        }
        if (p > 65535) {
            throw new SdpException(line, field, "port " + p + " is above 65535");
        }
        return p;
    }
}
