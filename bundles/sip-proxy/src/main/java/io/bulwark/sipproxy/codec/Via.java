package io.bulwark.sipproxy.codec;

import java.util.List;
import java.util.Objects;

/**
 * One immutable Via value (RFC 3261 20.42, 25.1): {@code sent-protocol LWS sent-by *( SEMI via-params )}.
 * LWS is accepted around '/', ':', ';' and '=' as the grammar allows (RFC 4475 wsinv); unknown
 * transports are kept. {@link #toString()} writes the canonical form without extra white space.
 */
public final class Via {

    private final String protocolName;
    private final String protocolVersion;
    private final String transport;
    private final String host;
    private final int port;
    private final List<SipParam> params;

    private Via(String protocolName, String protocolVersion, String transport, String host, int port,
            List<SipParam> params) {
        this.protocolName = protocolName;
        this.protocolVersion = protocolVersion;
        this.transport = transport;
        this.host = host;
        this.port = port;
        this.params = params;
    }

    /**
     * Creates a SIP/2.0 Via value, e.g. for the proxy's own hop.
     *
     * @param transport transport token, e.g. "UDP", "TCP", "TLS"
     * @param host host name, IPv4 address or bracketed IPv6 reference
     * @param port port, or -1 for none
     * @param branch branch parameter (a token), or null
     * @return the Via value
     */
    public static Via of(String transport, String host, int port, String branch) {
        if (!SipSyntax.isToken(transport) || !SipSyntax.isHost(host) || port < -1 || port > 65535) {
            throw new IllegalArgumentException("invalid Via transport, host or port");
        }
        Via v = new Via("SIP", "2.0", transport, host, port, List.of());
        return branch == null ? v : v.withParam("branch", branch);
    }

    /**
     * @param value one Via value (one element of the comma-separated list)
     * @return the parsed value, or null when value is null
     * @throws SipParseException naming "Via" when the value is malformed
     */
    public static Via parse(String value) {
        if (value == null) {
            return null;
        }
        SipScanner sc = new SipScanner(value, "Via");
        sc.skipWs();
        String name = sc.token();
        sc.skipWs();
        sc.expect('/');
        sc.skipWs();
        String version = sc.token();
        sc.skipWs();
        sc.expect('/');
        sc.skipWs();
        String transport = sc.token();
        if (!sc.skipWs()) {
            throw sc.error(sc.atEnd() ? "missing sent-by host" : "expected white space before sent-by");
        }
        String host = sc.host();
        sc.skipWs();
        int port = -1;
        if (!sc.atEnd() && sc.peek() == ':') {
            sc.pos++;
            sc.skipWs();
            port = sc.port();
        }
        List<SipParam> params = sc.params();
        SipParam rport = SipParam.find(params, "rport");
        if (rport != null && rport.value() != null && SipSyntax.parseUnsigned(rport.value(), 65535) < 0) {
            throw sc.error("invalid rport value");
        }
        SipParam ttl = SipParam.find(params, "ttl");
        if (ttl != null && (ttl.value() == null || SipSyntax.parseUnsigned(ttl.value(), 255) < 0)) {
            throw sc.error("invalid ttl value");
        }
        SipParam branch = SipParam.find(params, "branch");
        if (branch != null && (branch.value() == null || !SipSyntax.isToken(branch.value()))) {
            throw sc.error("invalid branch value");
        }
        return new Via(name, version, transport, host, port, params);
    }

    /** @return the sent protocol, e.g. "SIP/2.0" */
    public String protocol() {
        return protocolName + "/" + protocolVersion;
    }

    /** @return the transport token as written, e.g. "UDP" or an unknown one */
    public String transport() {
        return transport;
    }

    /** @return the sent-by host (IPv6 references keep their brackets) */
    public String host() {
        return host;
    }

    /** @return the sent-by port, or -1 when absent */
    public int port() {
        return port;
    }

    /** @return the parameters in order */
    public List<SipParam> params() {
        return params;
    }

    /** @return the value of a parameter (any case), "" for a flag parameter, or null when absent */
    public String param(String name) {
        SipParam p = SipParam.find(params, name);
        return p == null ? null : (p.value() == null ? "" : p.value());
    }

    /** @return the branch parameter, or null */
    public String branch() {
        SipParam p = SipParam.find(params, "branch");
        return p == null ? null : p.value();
    }

    /** @return the received parameter, or null */
    public String received() {
        SipParam p = SipParam.find(params, "received");
        return p == null ? null : p.value();
    }

    /** @return the rport value: -1 when absent, 0 when present without a value (RFC 3581) */
    public int rport() {
        SipParam p = SipParam.find(params, "rport");
        if (p == null) {
            return -1;
        }
        return p.value() == null ? 0 : (int) SipSyntax.parseUnsigned(p.value(), 65535);
    }

    /** @return a copy with a parameter set (value null for a flag), replaced in place or appended */
    public Via withParam(String name, String value) {
        if (!SipSyntax.isToken(name) || (value != null && !isParamValue(value))) {
            throw new IllegalArgumentException("invalid Via parameter " + name + "=" + value);
        }
        return new Via(protocolName, protocolVersion, transport, host, port, SipParam.with(params, name, value));
    }

    /** @return a copy without that parameter */
    public Via withoutParam(String name) {
        return new Via(protocolName, protocolVersion, transport, host, port, SipParam.without(params, name));
    }

    /** @return a copy with received set to the source address (RFC 3261 18.2.1) */
    public Via withReceived(String address) {
        return withParam("received", Objects.requireNonNull(address, "address"));
    }

    /** @return a copy with rport set to the source port (RFC 3581 4) */
    public Via withRport(int sourcePort) {
        if (sourcePort < 0 || sourcePort > 65535) {
            throw new IllegalArgumentException("invalid port " + sourcePort);
        }
        return withParam("rport", Integer.toString(sourcePort));
    }

    private static boolean isParamValue(String value) {
        SipScanner sc = new SipScanner(value, "Via");
        try {
            sc.paramValue();
        } catch (SipParseException e) {
            return false;
        }
        return sc.atEnd();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(64).append(protocolName).append('/').append(protocolVersion)
            .append('/').append(transport).append(' ').append(host);
        if (port >= 0) {
            sb.append(':').append(port);
        }
        SipParam.appendAll(sb, params);
        return sb.toString();
    }
}
