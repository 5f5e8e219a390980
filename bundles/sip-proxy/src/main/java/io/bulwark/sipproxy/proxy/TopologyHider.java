package io.bulwark.sipproxy.proxy;

import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import io.bulwark.sipproxy.codec.NameAddress;
import io.bulwark.sipproxy.codec.SipMessageImpl;
import io.bulwark.sipproxy.codec.SipUri;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Hides each side's topology from the other: Contacts become tokens at the appliance, route
 * headers stop at the appliance, URIs naming inside hosts are renamed, and the SDP origin line
 * names the appliance. Via and Call-ID are handled by the transaction layer and {@link CallIdMap}.
 */
final class TopologyHider {

    /** Headers whose URIs may name the PBX and are shown to the other side. */
    private static final String[] IDENTITY_HEADERS = {"From", "To", "P-Asserted-Identity", "P-Preferred-Identity",
        "Remote-Party-ID", "Diversion", "Referred-By"};

    private final ContactMap contacts;

    TopologyHider(ContactMap contacts) {
        this.contacts = contacts;
    }

    /**
     * Replaces every Contact (but {@code *}) with a token URI at the appliance.
     *
     * @param routeSet the route set towards the Contact's owner (from Record-Route)
     */
    void rewriteContacts(SipMessageImpl m, RewriteContext rc, List<String> routeSet, long now) {
        List<String> values = m.headers("Contact");
        if (values.isEmpty()) {
            return;
        }
        List<String> rewritten = new ArrayList<>(values.size());
        for (String v : values) {
            if ("*".equals(v.trim())) {
                rewritten.add("*");
                continue;
            }
            NameAddress na = parseOrNull(v);
            if (na == null || na.uri() == null) {
                continue; // an unparsable Contact is dropped rather than shown to the other side
            }
            String token = contacts.tokenFor(rc.from(), na.uri().toString(), routeSet, now);
            rewritten.add(na.withUri(SipUri.parse(tokenUri(token, rc))).toString());
        }
        m.removeHeader("Contact");
        for (String r : rewritten) {
            m.addHeader("Contact", r);
        }
    }

    static String tokenUri(String token, RewriteContext rc) {
        String uri = "sip:" + token + "@" + rc.selfHostPort();
        return rc.toProtocol() == TransportProtocol.UDP ? uri : uri + ";transport=" + rc.toProtocol().uriParam();
    }

    /** Renames inside hosts in identity headers of a message going outside. */
    void scrubIdentityHeaders(SipMessageImpl m, RewriteContext rc, Predicate<String> isInsideHost) {
        if (rc.toZone() != Zone.OUTSIDE) {
            return;
        }
        for (String name : IDENTITY_HEADERS) {
            List<String> values = m.headers(name);
            if (values.isEmpty()) {
                continue;
            }
            boolean changed = false;
            List<String> out = new ArrayList<>(values.size());
            for (String v : values) {
                String r = renameHost(v, rc, isInsideHost);
                changed |= !r.equals(v);
                out.add(r);
            }
            if (changed) {
                m.setHeader(name, String.join(", ", out));
            }
        }
    }

    private static String renameHost(String value, RewriteContext rc, Predicate<String> isInsideHost) {
        NameAddress na = parseOrNull(value);
        if (na == null || na.uri() == null || na.uri().host() == null) {
            return value;
        }
        SipUri uri = na.uri();
        String host = stripBrackets(uri.host()).toLowerCase(Locale.ROOT);
        if (!isInsideHost.test(host)) {
            return value;
        }
        return na.withUri(uri.withHost(rc.selfHost(), -1)).toString();
    }

    static NameAddress parseOrNull(String value) {
        try {
            return NameAddress.parse(value);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String stripBrackets(String host) {
        return host != null && host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** Rewrites the SDP origin line of a message going outside. */
    void rewriteSdp(SipMessageImpl m, RewriteContext rc) {
        if (rc.toZone() != Zone.OUTSIDE) {
            return;
        }
        if (!isSdp(m)) {
            return;
        }
        byte[] body = m.body();
        byte[] out = SdpOriginRewriter.rewriteOrigin(body, rc.selfHost());
        if (out != body) {
            m.setBody(out);
        }
    }

    /** @return whether the message carries an SDP body */
    static boolean isSdp(SipMessageImpl m) {
        String type = m.header("Content-Type");
        return type != null && m.body().length > 0 && type.toLowerCase(Locale.ROOT).startsWith("application/sdp");
    }

    /** @return the Record-Route values of a message, removing them from it */
    static List<String> takeRecordRoutes(SipMessageImpl m) {
        List<String> rr = m.headers("Record-Route");
        if (!rr.isEmpty()) {
            m.removeHeader("Record-Route");
        }
        return rr;
    }
}
