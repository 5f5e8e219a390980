package io.bulwark.api.transport;

import java.util.Locale;

/** SIP transports of RFC 3261 section 18 that the appliance listens on. */
public enum TransportProtocol {
    UDP(false, false, 5060),
    TCP(true, false, 5060),
    TLS(true, true, 5061);

    private final boolean stream;
    private final boolean secure;
    private final int defaultPort;

    TransportProtocol(boolean stream, boolean secure, int defaultPort) {
        this.stream = stream;
        this.secure = secure;
        this.defaultPort = defaultPort;
    }

    /** @return true for connection-oriented transports that need Content-Length framing */
    public boolean isStream() {
        return stream;
    }

    /** @return true when the transport is encrypted */
    public boolean isSecure() {
        return secure;
    }

    /** @return the port RFC 3261 section 19.1.2 implies when a URI or Via names none */
    public int defaultPort() {
        return defaultPort;
    }

    /** @return the token used in a Via header ({@code UDP}, {@code TCP}, {@code TLS}) */
    public String viaToken() {
        return name();
    }

    /** @return the {@code transport=} URI parameter value ({@code udp}, {@code tcp}, {@code tls}) */
    public String uriParam() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param token a Via transport token or URI transport parameter, any case
     * @return the transport, or null when the token names none the appliance speaks
     */
    public static TransportProtocol fromToken(String token) {
        if (token == null) {
            return null;
        }
        for (TransportProtocol p : values()) {
            if (p.name().equalsIgnoreCase(token.trim())) {
                return p;
            }
        }
        return null;
    }
}
