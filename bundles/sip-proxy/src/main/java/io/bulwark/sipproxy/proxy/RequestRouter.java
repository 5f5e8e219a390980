package io.bulwark.sipproxy.proxy;

import io.bulwark.api.transport.MessageContext;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import io.bulwark.sipproxy.codec.SipMessageImpl;
import io.bulwark.sipproxy.codec.SipUri;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Decides where a request goes (RFC 3261 section 16.5): requests addressed to a Contact token
 * go to the real Contact behind it; initial requests from the trunk go to the PBX, and from the
 * PBX to the trunk. Never resolves names: only IP literals are routable per message.
 */
final class RequestRouter {

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

    private final ContactMap contacts;
    private volatile ProxySettings settings;

    RequestRouter(ContactMap contacts, ProxySettings settings) {
        this.contacts = contacts;
        this.settings = settings;
    }

    void update(ProxySettings s) {
        this.settings = s;
    }

    /** @return the Contact token the Request-URI names, or null */
    static String tokenOf(SipUri uri) {
        String user = uri == null ? null : uri.user();
        return user != null && user.startsWith(ContactMap.PREFIX) ? user : null;
    }

    /**
     * @return the destination, or null when the request names a token that is unknown (the
     *     caller answers 481 or 404)
     */
    Destination route(SipMessageImpl m, MessageContext ctx, long now) {
        SipUri ruri = safeUri(m.requestUri());
        String token = tokenOf(ruri);
        if (token != null) {
            ContactTarget t = contacts.resolve(token, now);
            return t == null ? null : toContact(t);
        }
        ProxySettings s = settings;
        if (ctx.zone() == Zone.OUTSIDE) {
            return new Destination(new Flow(Zone.INSIDE, s.pbxTransport(), s.pbx(), 0L), m.requestUri(), List.of(), null);
        }
        InetSocketAddress trunk = s.trunk();
        TransportProtocol protocol = s.trunkTransport();
        if (trunk == null) {
            trunk = literalAddress(ruri == null ? null : ruri.host(), portOr(ruri, protocol));
            String tp = ruri == null ? null : ruri.param("transport");
            if (tp != null && TransportProtocol.fromToken(tp) != null) {
                protocol = TransportProtocol.fromToken(tp);
            }
        }
        if (trunk == null) {
            return null;
        }
        return new Destination(new Flow(Zone.OUTSIDE, protocol, trunk, 0L), m.requestUri(), List.of(), null);
    }

    private static Destination toContact(ContactTarget t) {
        Flow learned = t.flow();
        InetSocketAddress address = learned.remote();
        if (learned.zone() == Zone.INSIDE) {
            // inside, the Contact is authoritative (the PBX may send from another port than it listens on)
            SipUri c = safeUri(t.contactUri());
            InetSocketAddress a = c == null ? null : literalAddress(c.host(), portOr(c, learned.protocol()));
            if (a != null) {
                address = a;
            }
        }
        if (!t.routeSet().isEmpty()) {
            // loose routing (RFC 3261 section 16.12): send to the first Route entry
            SipUri first = safeUri(stripAngles(t.routeSet().get(0)));
            InetSocketAddress a = first == null ? null : literalAddress(first.host(), portOr(first, learned.protocol()));
            if (a != null) {
                address = a;
            }
        }
        long conn = address.equals(learned.remote()) ? learned.connectionId() : 0L;
        return new Destination(new Flow(learned.zone(), learned.protocol(), address, conn), t.contactUri(),
                t.routeSet(), t.token());
    }

    /** @return the parsed URI, or null when it does not parse (never throws) */
    static SipUri safeUri(String s) {
        try {
            return s == null ? null : SipUri.parse(s);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String stripAngles(String nameAddr) {
        String v = nameAddr.trim();
        int lt = v.indexOf('<');
        int gt = v.lastIndexOf('>');
        return lt >= 0 && gt > lt ? v.substring(lt + 1, gt) : v;
    }

    private static int portOr(SipUri uri, TransportProtocol p) {
        return uri != null && uri.port() > 0 ? uri.port() : p.defaultPort();
    }

    /** @return the address when host is an IPv4 or IPv6 literal, else null (no DNS here) */
    static InetSocketAddress literalAddress(String host, int port) {
        if (host == null || host.isEmpty()) {
            return null;
        }
        String h = TopologyHider.stripBrackets(host);
        boolean literal = (h.indexOf(':') >= 0 ? IPV6_LITERAL : IPV4_LITERAL).matcher(h).matches();
        if (!literal) {
            return null;
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(h), port);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
