package io.bulwark.sipproxy.codec;

import java.util.List;
import java.util.Objects;

/**
 * An immutable {@code ( name-addr / addr-spec ) *( SEMI param )} value as used by To, From, Contact,
 * Route, Record-Route, Reply-To and similar headers (RFC 3261 20.10, 20.20, 20.39, 25.1).
 *
 * <p>Parsing is strict where the RFC 4475 invalid messages require it: unterminated quoted strings,
 * non-token characters in an unquoted display name, white space inside {@code <>}, and a URI with
 * '?' or ',' outside {@code <>} (RFC 3261 20.10) are errors. Without {@code <>}, ';' parameters
 * belong to the header, not the URI.
 */
public final class NameAddress {

    private final String displayName;
    private final SipUri uri;
    private final boolean angleBrackets;
    private final List<SipParam> params;

    private NameAddress(String displayName, SipUri uri, boolean angleBrackets, List<SipParam> params) {
        this.displayName = displayName;
        this.uri = uri;
        this.angleBrackets = angleBrackets;
        this.params = params;
    }

    /**
     * @param displayName the display name as it should be written (a quoted-string including quotes, or
     *     tokens separated by spaces), or null
     * @param uri the URI
     * @return a name-addr with no header parameters
     */
    public static NameAddress of(String displayName, SipUri uri) {
        if (displayName != null && !displayName.isEmpty()) {
            String written = displayName.charAt(0) == '"' ? displayName : quote(displayName);
            SipScanner sc = new SipScanner(written, "display-name");
            sc.quotedString();
            if (!sc.atEnd()) {
                throw new IllegalArgumentException("invalid display name: " + displayName);
            }
            displayName = written;
        } else {
            displayName = null;
        }
        return new NameAddress(displayName, Objects.requireNonNull(uri, "uri"), true, List.of());
    }

    /** Like {@link #parse(String, String)} with "name-addr" as the field name in errors. */
    public static NameAddress parse(String value) {
        return parse(value, "name-addr");
    }

    /**
     * @param value the header value (a single element of a list header)
     * @param header header name used in error messages
     * @return the parsed value, or null when value is null
     * @throws SipParseException naming the header when value is malformed
     */
    public static NameAddress parse(String value, String header) {
        if (value == null) {
            return null;
        }
        SipScanner sc = new SipScanner(value, header);
        sc.skipWs();
        if (sc.atEnd()) {
            throw sc.error("empty value");
        }
        String display = null;
        boolean angle;
        if (sc.peek() == '"') {
            display = sc.quotedString();
            sc.skipWs();
            if (sc.atEnd() || sc.peek() != '<') {
                throw sc.error("expected '<' after the display name");
            }
            angle = true;
        } else {
            int i = sc.pos;
            while (i < value.length() && (SipSyntax.isTokenChar(value.charAt(i)) || SipSyntax.isWs(value.charAt(i)))) {
                i++;
            }
            if (i < value.length() && value.charAt(i) == '<') {
                String words = SipSyntax.trimWs(value.substring(sc.pos, i));
                display = words.isEmpty() ? null : SipSyntax.collapseWs(words);
                sc.pos = i;
                angle = true;
            } else if (i < value.length() && value.charAt(i) == ':') {
                angle = false;
            } else if (i < value.length()) {
                throw sc.error("invalid character '" + SipScanner.printable(value.charAt(i)) + "' in display name");
            } else {
                throw sc.error("missing URI");
            }
        }
        SipUri uri;
        if (angle) {
            sc.pos++;
            int close = value.indexOf('>', sc.pos);
            if (close < 0) {
                throw sc.error("missing '>'");
            }
            String u = value.substring(sc.pos, close);
            for (int i = 0; i < u.length(); i++) {
                if (u.charAt(i) <= 0x20) {
                    throw sc.error("white space or control character inside <>");
                }
            }
            uri = parseUri(u, sc);
            sc.pos = close + 1;
        } else {
            int i = sc.pos;
            while (i < value.length() && !SipSyntax.isWs(value.charAt(i)) && value.charAt(i) != ';') {
                i++;
            }
            String u = value.substring(sc.pos, i);
            if (u.indexOf('?') >= 0 || u.indexOf(',') >= 0) {
                throw sc.error("a URI containing '?' or ',' must be enclosed in <>");
            }
            uri = parseUri(u, sc);
            sc.pos = i;
        }
        return new NameAddress(display, uri, angle, sc.params());
    }

    private static SipUri parseUri(String u, SipScanner sc) {
        try {
            return SipUri.parse(u);
        } catch (SipParseException e) {
            throw sc.error(e.detail());
        }
    }

    private static String quote(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }

    /** @return the display name without quotes and with quoted-pairs resolved, or null */
    public String displayName() {
        if (displayName == null || displayName.charAt(0) != '"') {
            return displayName;
        }
        StringBuilder sb = new StringBuilder(displayName.length());
        for (int i = 1; i < displayName.length() - 1; i++) {
            char c = displayName.charAt(i);
            if (c == '\\' && i + 1 < displayName.length() - 1) {
                c = displayName.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** @return the display name as written (quoted strings keep quotes and escapes), or null */
    public String rawDisplayName() {
        return displayName;
    }

    /** @return the URI (URIs of unknown schemes are opaque, see {@link SipUri#opaque()}) */
    public SipUri uri() {
        return uri;
    }

    /** @return whether the URI was enclosed in {@code <>} when parsed */
    public boolean hadAngleBrackets() {
        return angleBrackets;
    }

    /** @return the header parameters in order */
    public List<SipParam> params() {
        return params;
    }

    /** @return the value of a header parameter (any case), "" for a flag parameter, or null when absent */
    public String param(String name) {
        SipParam p = SipParam.find(params, name);
        return p == null ? null : (p.value() == null ? "" : p.value());
    }

    /** @return the tag parameter, or null */
    public String tag() {
        SipParam p = SipParam.find(params, "tag");
        return p == null ? null : p.value();
    }

    /** @return a copy with another URI */
    public NameAddress withUri(SipUri newUri) {
        return new NameAddress(displayName, Objects.requireNonNull(newUri, "uri"), true, params);
    }

    /** @return a copy with the tag parameter set (a token) */
    public NameAddress withTag(String tag) {
        if (!SipSyntax.isToken(tag)) {
            throw new IllegalArgumentException("tag must be a token: " + tag);
        }
        return withParam("tag", tag);
    }

    /** @return a copy with a header parameter set (value null for a flag), replaced in place or appended */
    public NameAddress withParam(String name, String value) {
        if (!SipSyntax.isToken(name)) {
            throw new IllegalArgumentException("parameter name must be a token: " + name);
        }
        if (value != null) {
            SipScanner sc = new SipScanner(value, "parameter");
            try {
                sc.paramValue();
            } catch (SipParseException e) {
                sc.pos = -1;
            }
            if (sc.pos != value.length()) {
                throw new IllegalArgumentException("invalid parameter value: " + value);
            }
        }
        return new NameAddress(displayName, uri, true, SipParam.with(params, name, value));
    }

    /** @return a copy without that header parameter */
    public NameAddress withoutParam(String name) {
        return new NameAddress(displayName, uri, true, SipParam.without(params, name));
    }

    /** @return the value written with {@code <>} around the URI */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(64);
        if (displayName != null) {
            sb.append(displayName).append(' ');
        }
        sb.append('<').append(uri).append('>');
        SipParam.appendAll(sb, params);
        return sb.toString();
    }
}
