package io.bulwark.sipproxy.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One immutable Via value (RFC 3261 20.42, 25.1): {@code sent-protocol LWS sent-by *( SEMI via-params )}.
 * LWS is accepted around '/', ':', ';' and '=' as the grammar allows (RFC 4475 wsinv); unknown
 * transports are kept. {@link #toString()} writes the canonical form without extra white space.
 */
public final class Via {
    private static final byte[] BRANCH = {'b', 'r', 'a', 'n', 'c', 'h'};
    private static final byte[] RPORT = {'r', 'p', 'o', 'r', 't'};
    private static final byte[] TTL = {'t', 't', 'l'};

    private final String protocolName;
    private final String protocolVersion;
    private final String transport;
    private final String host;
    private final int port;
    /** The parameters; built on first use from {@link #raw} for a value parsed from wire bytes. */
    private List<SipParam> params;
    /** Wire bytes holding the (already validated) parameters, or null. Shared, never modified. */
    private final byte[] raw;
    private final int rawFrom;
    private final int rawTo;
    /** Range of the first branch value in {@link #raw}, or -1 when there is none. */
    private final int branchFrom;
    private final int branchTo;

    private Via(String protocolName, String protocolVersion, String transport, String host, int port,
            List<SipParam> params) {
        this.protocolName = protocolName;
        this.protocolVersion = protocolVersion;
        this.transport = transport;
        this.host = host;
        this.port = port;
        this.params = params;
        this.raw = null;
        this.rawFrom = 0;
        this.rawTo = 0;
        this.branchFrom = -1;
        this.branchTo = -1;
    }

    private Via(String protocolName, String protocolVersion, String transport, String host, int port,
            byte[] raw, int rawFrom, int rawTo, int branchFrom, int branchTo) {
        this.branchFrom = branchFrom;
        this.branchTo = branchTo;
        this.protocolName = protocolName;
        this.protocolVersion = protocolVersion;
        this.transport = transport;
        this.host = host;
        this.port = port;
        this.raw = raw;
        this.rawFrom = rawFrom;
        this.rawTo = rawTo;
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

    /**
     * Byte-level twin of {@link #parse(String)} for one Via value in ASCII wire bytes (not folded):
     * accepts and rejects exactly the same values and gives an equal result. The parameters are kept
     * as bytes and read on demand.
     *
     * @return the parsed value, or null when it is malformed
     */
    static Via parse(byte[] b, int p, int e) {
        return parse(b, p, e, false);
    }

    /**
     * As {@code parse(first element)} where the first element is the value up to
     * {@link HeaderBytes#firstSeparator} (or all of it), trimmed; without a separate pass to find
     * the separator. That is the same: outside quoted strings the Via grammar has no ',', '"', '<'
     * or '>' (a value holding them before the first separating comma is malformed either way), and
     * its quoted strings end where firstSeparator's do, so reading stops at a ',' exactly when that
     * ',' is the separator.
     *
     * @param p start of a Via header value (a list of Via values)
     * @return the first Via value, or null when it is malformed
     */
    static Via parseFirst(byte[] b, int p, int e) {
        return parse(b, p, e, true);
    }

    private static Via parse(byte[] b, int p, int e, boolean listElement) {
        p = HeaderBytes.skipWs(b, p, e);
        int n0 = p;
        int n1 = tokenEnd(b, p, e);
        if (n1 == n0) {
            return null;
        }
        p = HeaderBytes.skipWs(b, n1, e);
        if (p >= e || b[p] != '/') {
            return null;
        }
        int v0 = HeaderBytes.skipWs(b, p + 1, e);
        int v1 = tokenEnd(b, v0, e);
        if (v1 == v0) {
            return null;
        }
        p = HeaderBytes.skipWs(b, v1, e);
        if (p >= e || b[p] != '/') {
            return null;
        }
        int t0 = HeaderBytes.skipWs(b, p + 1, e);
        int t1 = tokenEnd(b, t0, e);
        if (t1 == t0) {
            return null;
        }
        int h0 = HeaderBytes.skipWs(b, t1, e);
        if (h0 == t1 || (listElement && h0 < e && b[h0] == ',')) {
            return null; // no sent-by (a ',' here is the end of the first element)
        }
        int h1 = HeaderBytes.hostEnd(b, h0, e);
        if (h1 < 0) {
            return null;
        }
        p = HeaderBytes.skipWs(b, h1, e);
        int port = -1;
        if (p < e && b[p] == ':') {
            int q0 = HeaderBytes.skipWs(b, p + 1, e);
            p = HeaderBytes.portEnd(b, q0, e);
            if (p < 0) {
                return null;
            }
            port = (int) HeaderBytes.parseUnsigned(b, q0, p, 65535);
        }
        int paramsFrom = p;
        // *( SEMI generic-param ) as SipScanner.params(), checking the first rport, ttl and branch
        boolean rport = false;
        boolean ttl = false;
        int branchFrom = -1;
        int branchTo = -1;
        while (true) {
            p = HeaderBytes.skipWs(b, p, e);
            if (p >= e || (listElement && b[p] == ',')) {
                break;
            }
            if (b[p] != ';') {
                return null;
            }
            int ns = HeaderBytes.skipWs(b, p + 1, e);
            int ne = tokenEnd(b, ns, e);
            if (ne == ns) {
                return null;
            }
            p = HeaderBytes.skipWs(b, ne, e);
            int vs = -1;
            boolean tokenValue = false;
            if (p < e && b[p] == '=') {
                vs = HeaderBytes.skipWs(b, p + 1, e);
                int r = HeaderBytes.paramValueEndAndToken(b, vs, e);
                if (r < 0) {
                    return null;
                }
                p = r >>> 1;
                tokenValue = (r & 1) != 0;
            }
            if (!rport && HeaderBytes.equalsIgnoreCase(b, ns, ne, RPORT)) {
                rport = true;
                if (vs >= 0 && HeaderBytes.parseUnsigned(b, vs, p, 65535) < 0) {
                    return null;
                }
            } else if (!ttl && HeaderBytes.equalsIgnoreCase(b, ns, ne, TTL)) {
                ttl = true;
                if (vs < 0 || HeaderBytes.parseUnsigned(b, vs, p, 255) < 0) {
                    return null;
                }
            } else if (branchFrom < 0 && HeaderBytes.equalsIgnoreCase(b, ns, ne, BRANCH)) {
                if (vs < 0 || !tokenValue) {
                    return null;
                }
                branchFrom = vs;
                branchTo = p;
            }
        }
        return new Via(word(b, n0, n1, "SIP"), word(b, v0, v1, "2.0"), transport(b, t0, t1),
            HeaderBytes.ascii(b, h0, h1), port, b, paramsFrom, p, branchFrom, branchTo);
    }

    private static int tokenEnd(byte[] b, int p, int e) {
        return HeaderBytes.tokenEnd(b, p, e);
    }

    /** @return the usual word itself when the bytes spell it (no copy), else a new String */
    private static String word(byte[] b, int p, int e, String usual) {
        int n = usual.length();
        if (e - p == n) {
            boolean same = true;
            for (int i = 0; i < n; i++) {
                if (b[p + i] != usual.charAt(i)) {
                    same = false;
                    break;
                }
            }
            if (same) {
                return usual;
            }
        }
        return HeaderBytes.ascii(b, p, e);
    }

    private static String transport(byte[] b, int p, int e) {
        if (e - p == 3) {
            if (b[p] == 'U') {
                return word(b, p, e, "UDP");
            }
            return b[p + 1] == 'C' ? word(b, p, e, "TCP") : word(b, p, e, "TLS");
        }
        return HeaderBytes.ascii(b, p, e);
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
        List<SipParam> p = params;
        if (p == null) {
            // immutable (final fields only), so publishing it through a plain field is safe
            p = List.copyOf(paramList(raw, rawFrom, rawTo));
            params = p;
        }
        return p;
    }

    /** @return the parameters of validated wire bytes, as {@link SipScanner#params()} reads them */
    private static List<SipParam> paramList(byte[] b, int p, int e) {
        List<SipParam> out = new ArrayList<>(4);
        while (true) {
            p = HeaderBytes.skipWs(b, p, e);
            if (p >= e) {
                return out;
            }
            int ns = HeaderBytes.skipWs(b, p + 1, e);
            int ne = tokenEnd(b, ns, e);
            p = HeaderBytes.skipWs(b, ne, e);
            String value = null;
            if (p < e && b[p] == '=') {
                int vs = HeaderBytes.skipWs(b, p + 1, e);
                p = HeaderBytes.paramValueEnd(b, vs, e);
                value = HeaderBytes.ascii(b, vs, p);
            }
            out.add(new SipParam(HeaderBytes.ascii(b, ns, ne), value));
        }
    }

    /** @return the first parameter of that name (any case; only its value is meaningful), or null */
    private SipParam find(String name) {
        List<SipParam> list = params;
        if (list == null && SipSyntax.isToken(name)) {
            long r = HeaderBytes.findParam(raw, rawFrom, rawTo,
                name.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.ISO_8859_1));
            return r == HeaderBytes.ABSENT ? null : new SipParam(name, value(r));
        }
        return SipParam.find(list == null ? params() : list, name);
    }

    /** @return the value at a {@link HeaderBytes#findParam} result that is not ABSENT */
    private String value(long r) {
        return r == HeaderBytes.FLAG ? null : HeaderBytes.ascii(raw, (int) (r >>> 32), (int) r);
    }

    /** @return the value of a parameter (any case), "" for a flag parameter, or null when absent */
    public String param(String name) {
        SipParam p = find(name);
        return p == null ? null : (p.value() == null ? "" : p.value());
    }

    /** @return the branch parameter, or null */
    public String branch() {
        List<SipParam> list = params;
        if (list == null) {
            return branchFrom < 0 ? null : HeaderBytes.ascii(raw, branchFrom, branchTo);
        }
        SipParam p = SipParam.find(list, "branch");
        return p == null ? null : p.value();
    }

    /** @return the received parameter, or null */
    public String received() {
        SipParam p = find("received");
        return p == null ? null : p.value();
    }

    /** @return the rport value: -1 when absent, 0 when present without a value (RFC 3581) */
    public int rport() {
        SipParam p = find("rport");
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
        return new Via(protocolName, protocolVersion, transport, host, port, SipParam.with(params(), name, value));
    }

    /** @return a copy without that parameter */
    public Via withoutParam(String name) {
        return new Via(protocolName, protocolVersion, transport, host, port, SipParam.without(params(), name));
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
        SipParam.appendAll(sb, params());
        return sb.toString();
    }
}
