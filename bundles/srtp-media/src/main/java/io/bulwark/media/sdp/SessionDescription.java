package io.bulwark.media.sdp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A session description (RFC 4566): the session-level lines and the media sections, every line
 * kept in order so that the anchor's rewrite (addresses, ports, protocol, crypto lines) changes
 * nothing else. Parsing is strict about what the anchor relies on (version, origin, session name,
 * a connection for every media section, well-formed {@code m=} and {@code c=} lines) and bounded
 * ({@link #MAX_BYTES}, {@link #MAX_LINES}, {@link #MAX_MEDIA}, {@link #MAX_LINE_LENGTH}); other
 * lines pass as they are. Bytes are read as ISO-8859-1, so UTF-8 text in {@code s=} or {@code i=}
 * comes back out unchanged.
 */
public final class SessionDescription {

    public static final int MAX_BYTES = 16 * 1024;
    public static final int MAX_LINES = 512;
    public static final int MAX_MEDIA = 32;
    public static final int MAX_LINE_LENGTH = 2048;

    private final List<SdpLine> session;
    private final List<MediaDescription> media;

    private SessionDescription(List<SdpLine> session, List<MediaDescription> media) {
        this.session = session;
        this.media = media;
    }

    /** @return the parsed SDP of a message body */
    public static SessionDescription parse(byte[] body) throws SdpException {
        return parse(body, 0, body.length);
    }

    /** @return the parsed SDP of part of a buffer */
    public static SessionDescription parse(byte[] b, int off, int len) throws SdpException {
        if (off < 0 || len < 0 || off + len > b.length) {
            throw new SdpException(0, "body", "bad offset or length");
        }
        if (len > MAX_BYTES) {
            throw new SdpException(0, "body", len + " bytes is above the limit of " + MAX_BYTES);
        }
        return parse(new String(b, off, len, StandardCharsets.ISO_8859_1));
    }

    /** @return the parsed SDP */
    public static SessionDescription parse(String text) throws SdpException {
        if (text.length() > MAX_BYTES) {
            throw new SdpException(0, "body", text.length() + " bytes is above the limit of " + MAX_BYTES);
        }
        List<SdpLine> session = new ArrayList<>();
        List<MediaDescription> media = new ArrayList<>();
        List<SdpLine> current = session;
        int n = 0;
        int pos = 0;
        int end = text.length();
        while (pos < end) {
            int eol = pos;
            while (eol < end && text.charAt(eol) != '\n' && text.charAt(eol) != '\r') {
                eol++;
            }
            String line = text.substring(pos, eol);
            pos = eol;
            if (pos < end && text.charAt(pos) == '\r') {
                pos++;
            }
            if (pos < end && text.charAt(pos) == '\n') {
                pos++;
            }
            if (line.isEmpty()) {
                continue; // blank lines (a trailing CRLF CRLF) carry nothing
            }
            n++;
            if (n > MAX_LINES) {
                throw new SdpException(n, "body", "more than " + MAX_LINES + " lines");
            }
            if (line.length() > MAX_LINE_LENGTH) {
                throw new SdpException(n, "line", "longer than " + MAX_LINE_LENGTH + " characters");
            }
            if (line.length() < 2 || line.charAt(1) != '=' || line.charAt(0) < 'a' || line.charAt(0) > 'z') {
                throw new SdpException(n, "line", "expected '<letter>=<value>', got '" + Sdp.cut(line) + "'");
            }
            for (int i = 2; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == 0 || (c < 0x20 && c != '\t')) {
                    throw new SdpException(n, line.charAt(0) + "=", "control character " + (int) c);
                }
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (n == 1 && (type != 'v' || !"0".equals(value.trim()))) {
                throw new SdpException(1, "v=", "an SDP starts with v=0");
            }
            if (type == 'm') {
                if (media.size() == MAX_MEDIA) {
                    throw new SdpException(n, "m=", "more than " + MAX_MEDIA + " media sections");
                }
                MediaDescription m = MediaDescription.parse(value, n);
                media.add(m);
                current = m.lines();
            } else {
                if (type == 'c') {
                    Connection.parse(value, n);
                } else if (type == 'o' && current == session) {
                    checkOrigin(value, n);
                }
                current.add(new SdpLine(type, value));
            }
        }
        if (n == 0) {
            throw new SdpException(0, "body", "empty");
        }
        SessionDescription sd = new SessionDescription(session, media);
        if (sd.sessionLine('o') == null) {
            throw new SdpException(0, "o=", "missing");
        }
        if (sd.sessionLine('s') == null) {
            throw new SdpException(0, "s=", "missing");
        }
        if (sd.sessionLine('c') == null) {
            for (int i = 0; i < media.size(); i++) {
                if (media.get(i).connection() == null) {
                    throw new SdpException(0, "c=", "media section " + (i + 1) + " (" + media.get(i).media()
                            + ") has no connection and neither has the session");
                }
            }
        }
        return sd;
    }

    private static void checkOrigin(String value, int line) throws SdpException {
        String[] f = value.trim().split(" +");
        if (f.length != 6 || !"IN".equals(f[3])) {
            throw new SdpException(line, "o=", "expected '<user> <sess-id> <version> IN <IP4|IP6> <address>'");
        }
    }

    private String sessionLine(char type) {
        for (SdpLine l : session) {
            if (l.type() == type) {
                return l.value();
            }
        }
        return null;
    }

    /** @return the session-level lines (before the first {@code m=}), modifiable */
    public List<SdpLine> sessionLines() {
        return session;
    }

    /** @return the media sections, in order */
    public List<MediaDescription> media() {
        return Collections.unmodifiableList(media);
    }

    /** @return the session-level connection, or null */
    public Connection connection() throws SdpException {
        String c = sessionLine('c');
        return c == null ? null : Connection.parse(c, 0);
    }

    /** Sets the session-level connection: replaces its {@code c=}, or adds one before the {@code t=} line. */
    public void connection(Connection c) {
        for (int i = 0; i < session.size(); i++) {
            if (session.get(i).type() == 'c') {
                session.set(i, new SdpLine('c', c.value()));
                return;
            }
        }
        int at = session.size();
        for (int i = 0; i < session.size(); i++) {
            if (session.get(i).type() == 't') {
                at = i;
                break;
            }
        }
        session.add(at, new SdpLine('c', c.value()));
    }

    /** @return the origin line's value ({@code o=}) */
    public String origin() {
        return sessionLine('o');
    }

    /** @return the connection that applies to a media section: its own, else the session's */
    public Connection connectionOf(MediaDescription m) throws SdpException {
        Connection own = m.connection();
        return own != null ? own : connection();
    }

    /** @return the SDP as it goes in a message body, CRLF line ends */
    public byte[] encode() {
        return toText().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** @return the SDP text with keys (it goes on the wire; never log it) */
    public String toText() {
        StringBuilder b = new StringBuilder(512);
        for (SdpLine l : session) {
            b.append(l.type()).append('=').append(l.value()).append("\r\n");
        }
        for (MediaDescription m : media) {
            b.append("m=").append(m.mLine()).append("\r\n");
            for (SdpLine l : m.lines()) {
                b.append(l.type()).append('=').append(l.value()).append("\r\n");
            }
        }
        return b.toString();
    }

    /** @return the SDP with crypto keys redacted, for logs and events */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(512);
        for (SdpLine l : session) {
            b.append(l).append("\r\n");
        }
        for (MediaDescription m : media) {
            b.append("m=").append(m.mLine()).append("\r\n");
            for (SdpLine l : m.lines()) {
                b.append(l).append("\r\n");
            }
        }
        return b.toString();
    }
}
