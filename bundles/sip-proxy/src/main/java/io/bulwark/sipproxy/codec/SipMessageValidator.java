package io.bulwark.sipproxy.codec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Semantic checks a proxy makes on a decoded message before processing it (RFC 3261 8.2, 16.3),
 * in this order:
 * <ol>
 *   <li>SIP-Version must be SIP/2.0: 505 for requests;</li>
 *   <li>responses: Status-Code 100..699;</li>
 *   <li>syntax (400): Request-URI (a valid scheme; sip/sips/tel URIs fully parsed; no escaped headers
 *       in a sip/sips Request-URI, RFC 3261 19.1.1); To, From, Call-ID, CSeq and Via present; To,
 *       From, Call-ID, CSeq, Max-Forwards, Content-Length, Content-Type not repeated; CSeq number
 *       below 2**31 and its method equal to the request method; Call-ID, Max-Forwards (0..255), To,
 *       From, every Via, Contact, Route and Record-Route value and Content-Type well-formed;</li>
 *   <li>requests: Request-URI scheme sip, sips or tel, else 416 (16.3 step 2);</li>
 *   <li>requests: Max-Forwards 0: 483 Too Many Hops (16.3 step 3; the proxy may answer OPTIONS itself);</li>
 *   <li>requests: Proxy-Require option tags not supported: 420 with {@link ValidationResult#unsupported()}
 *       (16.3 step 5). Require is for the UAS and is not checked.</li>
 * </ol>
 * Any failure on a response is a drop (status 0). Headers the proxy does not interpret are not
 * checked: in particular a malformed Date header (RFC 4475 baddate) is ignored and forwarded as is,
 * since the proxy never uses Date. A From without tag is accepted (RFC 2543 compatibility, RFC 4475
 * inv2543). Thread-safe.
 */
public final class SipMessageValidator {

    private static final String[] REQUIRED = {"To", "From", "Call-ID", "CSeq", "Via"};
    private static final String[] SINGLE = {"To", "From", "Call-ID", "CSeq", "Max-Forwards", "Content-Length",
        "Content-Type"};
    private static final String[] NAME_ADDR_LISTS = {"Contact", "Route", "Record-Route"};
    private static final Set<String> NON_EMPTY = Set.of(SipHeaderNames.VIA, SipHeaderNames.CONTACT,
        SipHeaderNames.ROUTE, SipHeaderNames.RECORD_ROUTE);
    private static final Set<String> SCHEMES = Set.of("sip", "sips", "tel");

    private final Set<String> supportedOptionTags;

    /** A validator for a proxy that supports no Proxy-Require extension. */
    public SipMessageValidator() {
        this(Set.of());
    }

    /** @param supportedOptionTags option tags the proxy accepts in Proxy-Require (case-sensitive) */
    public SipMessageValidator(Collection<String> supportedOptionTags) {
        this.supportedOptionTags = Set.copyOf(supportedOptionTags);
    }

    /**
     * @param m a message decoded without error
     * @return the outcome, never null
     */
    public ValidationResult validate(SipMessageImpl m) {
        if (m == null) {
            return ValidationResult.dropped("no message");
        }
        try {
            return check(m);
        } catch (RuntimeException e) {
            // defensive only: validation must never throw into the proxy
            return fail(m.isRequest(), 400, "validation error: " + e.getClass().getSimpleName());
        }
    }

    private ValidationResult check(SipMessageImpl m) {
        boolean req = m.isRequest();
        if (!"SIP/2.0".equalsIgnoreCase(m.version())) {
            return fail(req, 505, "SIP-Version: only SIP/2.0 is supported");
        }
        if (!req && (m.statusCode() < 100 || m.statusCode() > 699)) {
            return ValidationResult.dropped("Status-Code: " + m.statusCode() + " out of range");
        }
        String syntax = syntaxError(m);
        if (syntax != null) {
            return fail(req, 400, syntax);
        }
        if (!req) {
            return ValidationResult.accepted();
        }
        String scheme = SipUri.schemeOf(m.requestUri());
        if (!SCHEMES.contains(scheme)) {
            return ValidationResult.reject(416, "Request-URI: unsupported URI scheme " + scheme);
        }
        if (m.maxForwards() == 0) {
            return ValidationResult.reject(483, "Max-Forwards: 0");
        }
        List<String> unsupported = new ArrayList<>(0);
        for (String tag : m.headers("Proxy-Require")) {
            if (!supportedOptionTags.contains(tag)) {
                unsupported.add(tag);
            }
        }
        return unsupported.isEmpty() ? ValidationResult.accepted() : ValidationResult.badExtension(unsupported);
    }

    private static ValidationResult fail(boolean request, int status, String reason) {
        return request ? ValidationResult.reject(status, reason) : ValidationResult.dropped(reason);
    }

    /** @return the first syntax problem, naming the header, or null */
    private static String syntaxError(SipMessageImpl m) {
        if (m.isRequest()) {
            String e = requestUriError(m.requestUri());
            if (e != null) {
                return e;
            }
        }
        for (String name : REQUIRED) {
            if (m.headers(name).isEmpty()) {
                return name + ": missing required header";
            }
        }
        for (String name : SINGLE) {
            if (m.headerLineCount(name) > 1) {
                return name + ": appears more than once";
            }
        }
        for (HeaderEntry e : m.entries()) {
            if (NON_EMPTY.contains(e.key) && SipSyntax.trimWs(e.value()).isEmpty()) {
                return e.name + ": empty value";
            }
        }
        try {
            CSeq cseq = CSeq.parse(m.header("CSeq"));
            if (m.isRequest() && !cseq.method().equals(m.method())) {
                return "CSeq: method " + cseq.method() + " does not match the request method";
            }
            if (!SipSyntax.isCallId(SipSyntax.trimWs(m.header("Call-ID")))) {
                return "Call-ID: invalid value";
            }
            String mf = m.header("Max-Forwards");
            if (mf != null && SipSyntax.parseUnsigned(SipSyntax.trimWs(mf), 255) < 0) {
                return "Max-Forwards: not a number from 0 to 255";
            }
            NameAddress.parse(m.header("To"), "To");
            NameAddress.parse(m.header("From"), "From");
            for (String v : m.headers("Via")) {
                Via.parse(v);
            }
            for (String name : NAME_ADDR_LISTS) {
                List<String> values = m.headers(name);
                for (String v : values) {
                    if (!("*".equals(v) && values.size() == 1 && name.equals("Contact"))) {
                        NameAddress.parse(v, name);
                    }
                }
            }
            String ct = m.header("Content-Type");
            if (ct != null) {
                mediaType(ct);
            }
            for (String tag : m.headers("Proxy-Require")) {
                if (!SipSyntax.isToken(tag)) {
                    return "Proxy-Require: invalid option tag";
                }
            }
        } catch (SipParseException e) {
            return e.getMessage();
        }
        return null;
    }

    private static String requestUriError(String uri) {
        String scheme = SipUri.schemeOf(uri);
        if (scheme == null) {
            return "Request-URI: missing or invalid scheme";
        }
        if (SCHEMES.contains(scheme)) {
            try {
                SipUri u = SipUri.parse(uri);
                if (u.isSip() && u.headers() != null) {
                    return "Request-URI: escaped headers are not allowed";
                }
            } catch (SipParseException e) {
                return "Request-URI: " + e.detail();
            }
        }
        return null;
    }

    private static void mediaType(String v) {
        SipScanner sc = new SipScanner(v, "Content-Type");
        sc.skipWs();
        sc.token();
        sc.skipWs();
        sc.expect('/');
        sc.skipWs();
        sc.token();
        sc.params();
    }
}
