package io.bulwark.media.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One media section: the {@code m=} line and the lines after it up to the next {@code m=}, kept
 * in order so that rewriting a port, an address or the crypto lines leaves the rest as it was.
 */
public final class MediaDescription {

    private final String media;
    private int port;
    private final String portCount;
    private String proto;
    private final List<String> formats;
    private final List<SdpLine> lines;

    MediaDescription(String media, int port, String portCount, String proto, List<String> formats,
            List<SdpLine> lines) {
        this.media = media;
        this.port = port;
        this.portCount = portCount;
        this.proto = proto;
        this.formats = List.copyOf(formats);
        this.lines = lines;
    }

    static MediaDescription parse(String value, int line) throws SdpException {
        String[] f = value.trim().split(" +");
        if (f.length < 4) {
            throw new SdpException(line, "m=", "expected '<media> <port> <proto> <format>...', got '"
                    + Sdp.cut(value) + "'");
        }
        String portField = f[1];
        int slash = portField.indexOf('/');
        int port = Sdp.parsePort(slash < 0 ? portField : portField.substring(0, slash), line, "m= port");
        String count = slash < 0 ? "" : portField.substring(slash);
        if (!count.isEmpty()) {
            Sdp.parsePort(count.substring(1), line, "m= port count");
        }
        List<String> formats = new ArrayList<>();
        for (int i = 3; i < f.length; i++) {
            formats.add(f[i]);
        }
        return new MediaDescription(f[0], port, count, f[2], formats, new ArrayList<>());
    }

    /** @return audio, video, image, application, ... */
    public String media() {
        return media;
    }

    /** @return the port; 0 for a rejected or disabled stream */
    public int port() {
        return port;
    }

    public void port(int p) {
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("port " + p + " out of range");
        }
        this.port = p;
    }

    /** @return RTP/AVP, RTP/SAVP, RTP/SAVPF, UDP/TLS/RTP/SAVP, ... */
    public String proto() {
        return proto;
    }

    public void proto(String p) {
        this.proto = p;
    }

    /** @return whether the transport protocol is secure RTP ({@code RTP/SAVP}, {@code RTP/SAVPF}, DTLS forms) */
    public boolean secureProto() {
        return proto.contains("SAVP");
    }

    /** @return the payload formats */
    public List<String> formats() {
        return formats;
    }

    /** @return the media-level connection, or null */
    public Connection connection() throws SdpException {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).type() == 'c') {
                return Connection.parse(lines.get(i).value(), 0);
            }
        }
        return null;
    }

    /** Sets the media-level connection: replaces the first {@code c=}, or adds one after the {@code m=} line. */
    public void connection(Connection c) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).type() == 'c') {
                lines.set(i, new SdpLine('c', c.value()));
                return;
            }
        }
        int at = 0;
        while (at < lines.size() && (lines.get(at).type() == 'i')) {
            at++; // c= comes after i= (RFC 4566 section 5)
        }
        lines.add(at, new SdpLine('c', c.value()));
    }

    /** @return the lines after the {@code m=} line, in order (modifiable) */
    public List<SdpLine> lines() {
        return lines;
    }

    /** @return the value of the first attribute of that name (empty string for a flag), or null */
    public String attribute(String name) {
        for (SdpLine l : lines) {
            if (name.equals(l.attributeName())) {
                String v = l.attributeValue();
                return v == null ? "" : v;
            }
        }
        return null;
    }

    /** @return every attribute line of that name */
    public List<SdpLine> attributes(String name) {
        List<SdpLine> out = new ArrayList<>();
        for (SdpLine l : lines) {
            if (name.equals(l.attributeName())) {
                out.add(l);
            }
        }
        return out;
    }

    /** Removes every attribute of that name. */
    public void removeAttributes(String name) {
        lines.removeIf(l -> name.equals(l.attributeName()));
    }

    /** Adds an attribute at the end of the section; {@code value} null for a flag. */
    public void addAttribute(String name, String value) {
        lines.add(new SdpLine('a', value == null ? name : name + ":" + value));
    }

    /** @return sendrecv, sendonly, recvonly or inactive (sendrecv when none is given here) */
    public String direction() {
        for (SdpLine l : lines) {
            String n = l.attributeName();
            if ("sendrecv".equals(n) || "sendonly".equals(n) || "recvonly".equals(n) || "inactive".equals(n)) {
                return n;
            }
        }
        return "sendrecv";
    }

    /** @return whether RTP and RTCP share the port (RFC 5761 {@code a=rtcp-mux}) */
    public boolean rtcpMux() {
        return attribute("rtcp-mux") != null;
    }

    /**
     * @return the SDES crypto attributes of this section in order, usable or not (see
     *         {@link CryptoAttribute#unsupported()})
     * @throws SdpException naming the line of a malformed one
     */
    public List<CryptoAttribute> cryptos() throws SdpException {
        List<CryptoAttribute> out = new ArrayList<>();
        for (SdpLine l : lines) {
            if ("crypto".equals(l.attributeName())) {
                out.add(CryptoAttribute.parse(l.attributeValue() == null ? "" : l.attributeValue()));
            }
        }
        return out;
    }

    /** @return the first crypto attribute the appliance can use, if any */
    public Optional<CryptoAttribute> firstUsableCrypto() throws SdpException {
        for (CryptoAttribute c : cryptos()) {
            if (c.unsupported() == null) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    String mLine() {
        StringBuilder b = new StringBuilder(media).append(' ').append(port).append(portCount).append(' ').append(proto);
        for (String f : formats) {
            b.append(' ').append(f);
        }
        return b.toString();
    }
}
