package io.bulwark.sipproxy.codec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An immutable URI as used in SIP (RFC 3261 19.1 and 25.1). {@code sip:} and {@code sips:} URIs are
 * parsed into user, password, host, port, parameters and headers; {@code tel:} URIs (RFC 3966) into
 * the number (as {@link #user()}) and parameters; any other scheme is kept as an opaque
 * scheme-specific part. Escapes ({@code %HH}) are validated but kept as written, so {@link #toString()}
 * rebuilds the URI as received (with a lower-case scheme). Equality is textual on that form; it is not
 * the RFC 3261 19.1.4 comparison.
 */
public final class SipUri {

    private static final String MARK = "-_.!~*'()";
    private static final String USER_EXTRA = MARK + "&=+$,;?/#";
    private static final String PASSWORD_EXTRA = MARK + "&=+$,";
    private static final String PARAM_EXTRA = MARK + "[]/:&+$";
    private static final String HEADERS_EXTRA = MARK + "[]/?:+$&=";
    private static final String TEL_EXTRA = "+-.()*#%";

    private final String scheme;
    private final String user;
    private final String password;
    private final String host;
    private final int port;
    private final List<SipParam> params;
    private final String headers;
    private final String opaque;

    private SipUri(String scheme, String user, String password, String host, int port,
            List<SipParam> params, String headers, String opaque) {
        this.scheme = scheme;
        this.user = user;
        this.password = password;
        this.host = host;
        this.port = port;
        this.params = params;
        this.headers = headers;
        this.opaque = opaque;
    }

    /**
     * @param s the URI text, without surrounding {@code <>} and without white space
     * @return the parsed URI, or null when s is null
     * @throws SipParseException when s is not a valid URI
     */
    public static SipUri parse(String s) {
        if (s == null) {
            return null;
        }
        String scheme = schemeOf(s);
        if (scheme == null) {
            throw new SipParseException("URI", "missing or invalid scheme");
        }
        String rest = s.substring(scheme.length() + 1);
        if (rest.isEmpty()) {
            throw new SipParseException("URI", "empty after scheme");
        }
        switch (scheme) {
            case "sip":
            case "sips":
                return parseSip(scheme, rest);
            case "tel":
                return parseTel(rest);
            default:
                for (int i = 0; i < rest.length(); i++) {
                    char c = rest.charAt(i);
                    if (c <= 0x20 || c >= 0x7f || c == '<' || c == '>' || c == '"') {
                        throw new SipParseException("URI", "invalid character in " + scheme + " URI");
                    }
                }
                return new SipUri(scheme, null, null, null, -1, List.of(), null, rest);
        }
    }

    /** @return the lower-case scheme of s if it starts with {@code scheme ":"} (RFC 3986 syntax), else null */
    public static String schemeOf(String s) {
        int colon = s == null ? -1 : s.indexOf(':');
        if (colon <= 0 || !Character.isLetter(s.charAt(0)) || s.charAt(0) >= 128) {
            return null;
        }
        for (int i = 1; i < colon; i++) {
            char c = s.charAt(i);
            if (!SipSyntax.isAlnum(c) && c != '+' && c != '-' && c != '.') {
                return null;
            }
        }
        return s.substring(0, colon).toLowerCase(Locale.ROOT);
    }

    private static SipUri parseSip(String scheme, String rest) {
        int n = rest.length();
        String user = null;
        String password = null;
        int i = 0;
        int at = rest.indexOf('@');
        if (at >= 0) {
            String userinfo = rest.substring(0, at);
            int pc = userinfo.indexOf(':');
            user = pc < 0 ? userinfo : userinfo.substring(0, pc);
            password = pc < 0 ? null : userinfo.substring(pc + 1);
            checkChars(user, USER_EXTRA, "user", false);
            if (password != null) {
                checkChars(password, PASSWORD_EXTRA, "password", true);
            }
            i = at + 1;
        }
        SipScanner sc = new SipScanner(rest, "URI");
        sc.pos = i;
        String host = sc.host();
        int port = -1;
        if (!sc.atEnd() && sc.peek() == ':') {
            sc.pos++;
            port = sc.port();
        }
        i = sc.pos;
        List<SipParam> params = new ArrayList<>(2);
        while (i < n && rest.charAt(i) == ';') {
            int j = i + 1;
            while (j < n && rest.charAt(j) != ';' && rest.charAt(j) != '?') {
                j++;
            }
            params.add(parseParam(rest.substring(i + 1, j)));
            i = j;
        }
        String headers = null;
        if (i < n && rest.charAt(i) == '?') {
            headers = rest.substring(i + 1);
            checkChars(headers, HEADERS_EXTRA, "headers", false);
            i = n;
        }
        if (i != n) {
            throw new SipParseException("URI", "unexpected character '"
                + SipScanner.printable(rest.charAt(i)) + "' after host");
        }
        return new SipUri(scheme, user, password, host, port, Collections.unmodifiableList(params), headers, null);
    }

    private static SipUri parseTel(String rest) {
        int semi = rest.indexOf(';');
        String number = semi < 0 ? rest : rest.substring(0, semi);
        if (number.isEmpty()) {
            throw new SipParseException("URI", "empty telephone number");
        }
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (!SipSyntax.isAlnum(c) && TEL_EXTRA.indexOf(c) < 0) {
                throw new SipParseException("URI", "invalid character in telephone number");
            }
        }
        List<SipParam> params = new ArrayList<>(2);
        while (semi >= 0) {
            int next = rest.indexOf(';', semi + 1);
            params.add(parseParam(rest.substring(semi + 1, next < 0 ? rest.length() : next)));
            semi = next;
        }
        return new SipUri("tel", number, null, null, -1, Collections.unmodifiableList(params), null, null);
    }

    private static SipParam parseParam(String p) {
        int eq = p.indexOf('=');
        String name = eq < 0 ? p : p.substring(0, eq);
        String value = eq < 0 ? null : p.substring(eq + 1);
        checkChars(name, PARAM_EXTRA, "parameter name", false);
        if (value != null) {
            checkChars(value, PARAM_EXTRA, "parameter value", false);
        }
        return new SipParam(name, value);
    }

    private static void checkChars(String s, String extra, String what, boolean mayBeEmpty) {
        if (s.isEmpty() && !mayBeEmpty) {
            throw new SipParseException("URI", "empty " + what);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || !SipSyntax.isHex(s.charAt(i + 1)) || !SipSyntax.isHex(s.charAt(i + 2))) {
                    throw new SipParseException("URI", "invalid escape in " + what);
                }
                i += 2;
            } else if (!SipSyntax.isAlnum(c) && extra.indexOf(c) < 0) {
                throw new SipParseException("URI", "invalid character '" + SipScanner.printable(c) + "' in " + what);
            }
        }
    }

    /** @return the lower-case scheme */
    public String scheme() {
        return scheme;
    }

    /** @return true for sip: and sips: URIs */
    public boolean isSip() {
        return opaque == null && !"tel".equals(scheme);
    }

    /** @return the user part as written (escapes kept; may contain ';' parameters), the tel number, or null */
    public String user() {
        return user;
    }

    /** @return the password, or null */
    public String password() {
        return password;
    }

    /** @return the host (IPv6 references keep their brackets), or null for tel: and other schemes */
    public String host() {
        return host;
    }

    /** @return the port, or -1 when absent */
    public int port() {
        return port;
    }

    /** @return the URI parameters in order */
    public List<SipParam> params() {
        return params;
    }

    /** @return the value of a URI parameter (any case), "" for a flag parameter, or null when absent */
    public String param(String name) {
        SipParam p = SipParam.find(params, name);
        return p == null ? null : (p.value() == null ? "" : p.value());
    }

    /** @return whether the URI has that parameter */
    public boolean hasParam(String name) {
        return SipParam.find(params, name) != null;
    }

    /** @return the headers part after '?' as written, or null */
    public String headers() {
        return headers;
    }

    /** @return the scheme-specific part of a URI of another scheme, or null for sip/sips/tel */
    public String opaque() {
        return opaque;
    }

    /** @return a copy with another host and port (-1 for none); only for sip/sips URIs */
    public SipUri withHost(String newHost, int newPort) {
        requireSip();
        if (!SipSyntax.isHost(newHost) || newPort < -1 || newPort > 65535) {
            throw new IllegalArgumentException("invalid host or port: " + newHost + ":" + newPort);
        }
        return new SipUri(scheme, user, password, newHost, newPort, params, headers, null);
    }

    /** @return a copy with another user part (null removes user and password); only for sip/sips URIs */
    public SipUri withUser(String newUser) {
        requireSip();
        if (newUser != null) {
            try {
                checkChars(newUser, USER_EXTRA, "user", false);
            } catch (SipParseException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        }
        return new SipUri(scheme, newUser, newUser == null ? null : password, host, port, params, headers, null);
    }

    /** @return a copy with the parameter set (replaced in place or appended); value null for a flag */
    public SipUri withParam(String name, String value) {
        if (opaque != null) {
            throw new IllegalStateException("no parameters in a " + scheme + " URI");
        }
        try {
            parseParam(value == null ? name : name + "=" + value);
        } catch (SipParseException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        return new SipUri(scheme, user, password, host, port, SipParam.with(params, name, value), headers, null);
    }

    /** @return a copy without that parameter */
    public SipUri withoutParam(String name) {
        return new SipUri(scheme, user, password, host, port, SipParam.without(params, name), headers, opaque);
    }

    private void requireSip() {
        if (!isSip()) {
            throw new IllegalStateException("not a sip/sips URI: " + this);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(64).append(scheme).append(':');
        if (opaque != null) {
            return sb.append(opaque).toString();
        }
        if (user != null) {
            sb.append(user);
            if (host == null) {
                SipParam.appendAll(sb, params);
                return sb.toString();
            }
            if (password != null) {
                sb.append(':').append(password);
            }
            sb.append('@');
        }
        sb.append(host);
        if (port >= 0) {
            sb.append(':').append(port);
        }
        SipParam.appendAll(sb, params);
        if (headers != null) {
            sb.append('?').append(headers);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SipUri && toString().equals(o.toString());
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(toString());
    }
}
