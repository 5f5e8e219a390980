package io.bulwark.sipproxy.codec;

import io.bulwark.api.sip.SipMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A mutable SIP request or response (RFC 3261 section 7) as decoded by {@link SipMessageDecoder} or
 * built by the proxy. Header fields are kept as an ordered list of raw (name, value) lines; values
 * are decoded from the wire bytes and parsed only when asked for. Names are matched case-insensitively
 * and compact forms (7.3.3) equal their long forms. {@link #headers(String)} splits the
 * comma-separated values of list headers (Via, Contact, Route, ...) but never of single-value headers
 * such as the authentication headers or Date.
 *
 * <p>Mutators reject header names that are not tokens and values containing CR, LF or NUL, so a
 * value can never inject a header line. Not thread-safe.
 */
public final class SipMessageImpl implements SipMessage {

    private static final byte[] EMPTY = new byte[0];

    private final boolean request;
    private final String method;
    private String requestUri;
    private String version;
    private int statusCode;
    private String reasonPhrase;
    private final ArrayList<HeaderEntry> headers;
    private byte[] body;

    SipMessageImpl(boolean request, String method, String requestUri, String version, int statusCode,
            String reasonPhrase, ArrayList<HeaderEntry> headers, byte[] body) {
        this.request = request;
        this.method = method;
        this.requestUri = requestUri;
        this.version = version;
        this.statusCode = statusCode;
        this.reasonPhrase = reasonPhrase;
        this.headers = headers;
        this.body = body == null ? EMPTY : body;
    }

    /**
     * @param method the method token, e.g. "INVITE"
     * @param requestUri the Request-URI (no white space)
     * @return a new SIP/2.0 request without headers
     */
    public static SipMessageImpl request(String method, String requestUri) {
        if (!SipSyntax.isToken(method)) {
            throw new IllegalArgumentException("method must be a token: " + method);
        }
        SipMessageImpl m = new SipMessageImpl(true, method, null, "SIP/2.0", 0, null, new ArrayList<>(), EMPTY);
        m.setRequestUri(requestUri);
        return m;
    }

    /**
     * @param statusCode 100 to 699
     * @param reasonPhrase the reason phrase, or null for the default one
     * @return a new SIP/2.0 response without headers
     */
    public static SipMessageImpl response(int statusCode, String reasonPhrase) {
        SipMessageImpl m = new SipMessageImpl(false, null, null, "SIP/2.0", 0, "", new ArrayList<>(), EMPTY);
        m.setStatus(statusCode, reasonPhrase == null ? SipResponses.reasonPhrase(statusCode) : reasonPhrase);
        return m;
    }

    @Override
    public boolean isRequest() {
        return request;
    }

    @Override
    public String method() {
        return request ? method : cseqMethod();
    }

    @Override
    public String requestUri() {
        return requestUri;
    }

    @Override
    public int statusCode() {
        return statusCode;
    }

    @Override
    public String reasonPhrase() {
        return reasonPhrase;
    }

    /** @return the SIP-Version of the start line as received, e.g. "SIP/2.0" (may be null in a partial message) */
    public String version() {
        return version;
    }

    @Override
    public String header(String name) {
        String key = SipHeaderNames.key(name);
        for (HeaderEntry e : headers) {
            if (e.key.equals(key)) {
                String v = e.value();
                if (!e.list) {
                    return v;
                }
                if (!SipSyntax.trimWs(v).isEmpty()) {
                    int sep = SipSyntax.firstSeparator(v, 0);
                    return SipSyntax.trimWs(sep < 0 ? v : v.substring(0, sep));
                }
            }
        }
        return null;
    }

    @Override
    public List<String> headers(String name) {
        String key = SipHeaderNames.key(name);
        List<String> out = new ArrayList<>(4);
        for (HeaderEntry e : headers) {
            if (e.key.equals(key)) {
                if (e.list) {
                    SipSyntax.splitList(e.value(), out);
                } else {
                    out.add(e.value());
                }
            }
        }
        return out;
    }

    @Override
    public List<String> headerNames() {
        List<String> names = new ArrayList<>(headers.size());
        Set<String> seen = new HashSet<>();
        for (HeaderEntry e : headers) {
            if (seen.add(e.key)) {
                names.add(e.name);
            }
        }
        return names;
    }

    /** @return how many header lines (not values) carry that name */
    public int headerLineCount(String name) {
        return count(SipHeaderNames.key(name));
    }

    int count(String key) {
        int n = 0;
        for (HeaderEntry e : headers) {
            if (e.key.equals(key)) {
                n++;
            }
        }
        return n;
    }

    /** @return the header lines, in order (read-only view, for the validator and response builder) */
    List<HeaderEntry> entries() {
        return Collections.unmodifiableList(headers);
    }

    void addEntry(HeaderEntry e) {
        headers.add(e);
    }

    /** @return the first header line with that {@link SipHeaderNames.Known#id}, or null */
    private HeaderEntry first(int id) {
        ArrayList<HeaderEntry> hs = headers;
        for (int i = 0, n = hs.size(); i < n; i++) {
            HeaderEntry e = hs.get(i);
            if (e.id == id) {
                return e;
            }
        }
        return null;
    }

    @Override
    public String callId() {
        HeaderEntry e = first(SipHeaderNames.CALL_ID_ID);
        return e == null ? null : e.value();
    }

    @Override
    public long cseq() {
        HeaderEntry e = first(SipHeaderNames.CSEQ_ID);
        if (e != null && e.plainBytes()) {
            return HeaderBytes.cseqNumber(e.raw(), e.off(), e.end());
        }
        CSeq c = parsedCSeq(e);
        return c == null ? -1 : c.number();
    }

    /** @return the method of the CSeq header, or null when absent or malformed */
    public String cseqMethod() {
        CSeq c = parsedCSeq(first(SipHeaderNames.CSEQ_ID));
        return c == null ? null : c.method();
    }

    private static CSeq parsedCSeq(HeaderEntry e) {
        try {
            return e == null ? null : CSeq.parse(e.value());
        } catch (SipParseException ex) {
            return null;
        }
    }

    @Override
    public String fromTag() {
        return tag(first(SipHeaderNames.FROM_ID), "From");
    }

    @Override
    public String toTag() {
        return tag(first(SipHeaderNames.TO_ID), "To");
    }

    private static String tag(HeaderEntry e, String headerName) {
        if (e == null) {
            return null;
        }
        if (e.plainBytes()) {
            return HeaderBytes.tag(e.raw(), e.off(), e.end());
        }
        try {
            return NameAddress.parse(e.value(), headerName).tag();
        } catch (SipParseException ex) {
            return null;
        }
    }

    /**
     * @param headerName a name-addr header (From, To, Contact, ...)
     * @return its parsed first value, or null when absent or malformed
     */
    public NameAddress nameAddress(String headerName) {
        try {
            return NameAddress.parse(header(headerName), headerName);
        } catch (SipParseException e) {
            return null;
        }
    }

    /** @return the Max-Forwards value, or -1 when absent or not a number from 0 to 255 */
    public int maxForwards() {
        HeaderEntry e = first(SipHeaderNames.MAX_FORWARDS_ID);
        if (e == null) {
            return -1;
        }
        if (e.plainBytes()) {
            return HeaderBytes.maxForwards(e.raw(), e.off(), e.end());
        }
        return (int) Math.max(-1, SipSyntax.parseUnsigned(SipSyntax.trimWs(e.value()), 255));
    }

    /** @return the parsed topmost Via value, or null when absent or malformed */
    public Via topVia() {
        ArrayList<HeaderEntry> hs = headers;
        for (int i = 0, n = hs.size(); i < n; i++) {
            HeaderEntry e = hs.get(i);
            if (e.id != SipHeaderNames.VIA_ID) {
                continue;
            }
            if (e.plainBytes()) {
                byte[] b = e.raw();
                int s = HeaderBytes.skipWs(b, e.off(), e.end());
                if (s == e.end()) {
                    continue;
                }
                return Via.parseFirst(b, s, e.end());
            }
            String v = e.value();
            if (!SipSyntax.trimWs(v).isEmpty()) {
                int sep = SipSyntax.firstSeparator(v, 0);
                try {
                    return Via.parse(SipSyntax.trimWs(sep < 0 ? v : v.substring(0, sep)));
                } catch (SipParseException ex) {
                    return null;
                }
            }
        }
        return null;
    }

    @Override
    public byte[] body() {
        return body;
    }

    /** Sets the Request-URI of a request (no white space, control or non-ASCII characters). */
    public void setRequestUri(String uri) {
        if (!request) {
            throw new IllegalStateException("not a request");
        }
        if (uri == null || uri.isEmpty()) {
            throw new IllegalArgumentException("Request-URI must not be empty");
        }
        for (int i = 0; i < uri.length(); i++) {
            if (uri.charAt(i) <= 0x20 || uri.charAt(i) >= 0x7f) {
                throw new IllegalArgumentException("Request-URI contains white space or control characters");
            }
        }
        this.requestUri = uri;
    }

    /** Sets the status code (100 to 699) and reason phrase (null means empty) of a response. */
    public void setStatus(int code, String reason) {
        if (request) {
            throw new IllegalStateException("not a response");
        }
        if (code < 100 || code > 699) {
            throw new IllegalArgumentException("status code out of range: " + code);
        }
        String r = reason == null ? "" : reason;
        if (SipSyntax.hasLineBreakOrNul(r)) {
            throw new IllegalArgumentException("reason phrase contains CR, LF or NUL");
        }
        this.statusCode = code;
        this.reasonPhrase = r;
    }

    /**
     * Inserts a header line before the first line of that name, or at the end of the headers when
     * absent (used to push Via / Record-Route).
     */
    public void addHeaderFirst(String name, String value) {
        HeaderEntry e = entry(name, value);
        int i = indexOf(e.key);
        headers.add(i < 0 ? headers.size() : i, e);
    }

    /**
     * Inserts a header line before the first header of that name, or, when there is none, as the
     * very first header (so a new top Via is still the first line after the start line).
     */
    public void addHeaderOnTop(String name, String value) {
        HeaderEntry e = entry(name, value);
        int i = indexOf(e.key);
        headers.add(i < 0 ? 0 : i, e);
    }

    /** Appends a header line. */
    public void addHeader(String name, String value) {
        headers.add(entry(name, value));
    }

    /**
     * Removes the first value of a header: for list headers only the first element of the first line
     * ({@code "Via: a, b"} becomes {@code "Via: b"}), otherwise the whole first line.
     *
     * @return the removed value, or null when the header is absent
     */
    public String removeFirstValue(String name) {
        String key = SipHeaderNames.key(name);
        for (int i = indexOf(key); i >= 0; i = indexOf(key)) {
            HeaderEntry e = headers.get(i);
            String v = e.value();
            if (!e.list) {
                headers.remove(i);
                return v;
            }
            if (SipSyntax.trimWs(v).isEmpty()) {
                headers.remove(i);
                continue;
            }
            int sep = SipSyntax.firstSeparator(v, 0);
            if (sep < 0) {
                headers.remove(i);
                return SipSyntax.trimWs(v);
            }
            String rest = SipSyntax.trimWs(v.substring(sep + 1));
            if (rest.isEmpty()) {
                headers.remove(i);
            } else {
                headers.set(i, e.withValue(rest));
            }
            return SipSyntax.trimWs(v.substring(0, sep));
        }
        return null;
    }

    /** Replaces all lines of that name by one line at the position of the first (appended when absent). */
    public void setHeader(String name, String value) {
        HeaderEntry e = entry(name, value);
        int i = indexOf(e.key);
        if (i < 0) {
            headers.add(e);
            return;
        }
        headers.set(i, e);
        for (int j = headers.size() - 1; j > i; j--) {
            if (headers.get(j).key.equals(e.key)) {
                headers.remove(j);
            }
        }
    }

    /** @return how many lines of that name were removed */
    public int removeHeader(String name) {
        String key = SipHeaderNames.key(name);
        int before = headers.size();
        headers.removeIf(e -> e.key.equals(key));
        return before - headers.size();
    }

    /** Sets the body (copied; null means none) and the Content-Length header. */
    public void setBody(byte[] newBody) {
        this.body = newBody == null || newBody.length == 0 ? EMPTY : newBody.clone();
        setHeader("Content-Length", Integer.toString(body.length));
    }

    /** @return an independent deep copy */
    public SipMessageImpl copy() {
        return new SipMessageImpl(request, method, requestUri, version, statusCode, reasonPhrase,
            new ArrayList<>(headers), body.length == 0 ? EMPTY : body.clone());
    }

    /**
     * Encodes the message: start line, header lines in order with long names ({@code Name: value}),
     * exactly one correct Content-Length (at the position of the first one, or last), blank line, body.
     *
     * @return the wire bytes
     */
    public byte[] encode() {
        return SipEncoder.encode(this, headers);
    }

    private int indexOf(String key) {
        for (int i = 0; i < headers.size(); i++) {
            if (headers.get(i).key.equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private static HeaderEntry entry(String name, String value) {
        if (!SipSyntax.isToken(name)) {
            throw new IllegalArgumentException("header name must be a token: " + name);
        }
        if (value == null || SipSyntax.hasLineBreakOrNul(value)) {
            throw new IllegalArgumentException("header value of " + name + " is null or contains CR, LF or NUL");
        }
        return new HeaderEntry(name, SipSyntax.trimWs(value));
    }

    /** @return the start line only (header values are not logged) */
    @Override
    public String toString() {
        return request ? method + " " + requestUri + " " + version : version + " " + statusCode + " " + reasonPhrase;
    }
}
