package io.bulwark.inspection.registration;

import io.bulwark.api.event.EventKinds;
import io.bulwark.api.event.Severity;
import io.bulwark.api.inspect.Finding;
import io.bulwark.api.inspect.InspectionState;
import io.bulwark.api.inspect.RegistrationBinding;
import io.bulwark.api.inspect.SipInspector;
import io.bulwark.api.inspect.Verdict;
import io.bulwark.api.sip.SipMessage;
import io.bulwark.api.transport.MessageContext;
import io.bulwark.inspection.common.SipParts;
import io.bulwark.inspection.common.SourceMatch;
import io.bulwark.inspection.registration.Contacts.Contact;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Guards the registrations of the phones against hijacking and malicious de-registration.
 *
 * <p>Whoever can replace the binding of an address-of-record at the registrar receives its
 * calls; whoever can remove it makes the phone unreachable. Both only take a REGISTER, and a
 * password guessed, leaked or phished once. So the guard remembers, for each address-of-record
 * the registrar accepted (a 2xx to a REGISTER), who registered it: source address, transport,
 * TLS identity, User-Agent and contact. While that binding is valid, a REGISTER that would remove
 * it ({@code Contact: *}, {@code Expires: 0}, a contact with {@code expires=0}) or bind another
 * contact is a hijack attempt ({@link EventKinds#SIP_REGISTRATION_HIJACK}) when it comes from
 * another sender: another address (or network, as configured), another User-Agent, or another
 * TLS identity. It is refused with 403 before the registrar sees it, so the phone keeps its
 * binding and its calls; or, configured to alert, relayed and reported.
 *
 * <p>A refresh by the phone itself passes, and so does any REGISTER for an address-of-record
 * without a binding: there is nothing to protect yet. When the binding runs out or its owner
 * removes it, the next registration from anywhere becomes the new binding.
 */
@Component(service = SipInspector.class, configurationPid = RegistrationGuard.PID,
        property = {"service.ranking:Integer=400", SipInspector.NAME_PROPERTY + "=registration-guard"})
@Designate(ocd = RegistrationGuard.Config.class)
public final class RegistrationGuard implements SipInspector {

    /** Configuration PID. */
    public static final String PID = "io.bulwark.inspection.registration";

    /** The registration guard's configuration. */
    @ObjectClassDefinition(name = "Bulwark registration guard",
            description = "Remembers who registered each address-of-record and refuses a REGISTER from another "
                    + "sender that would replace or remove that binding (event sip.registration-hijack).")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "Guard registrations.")
        boolean enabled() default true;

        @AttributeDefinition(name = "Zones", description = "Comma-separated zones ('outside', 'inside') whose "
                + "registrations are remembered and guarded.")
        String zones() default "outside";

        @AttributeDefinition(name = "Same sender", description = "How closely a REGISTER's source must agree "
                + "with the binding's: the same address, or the same network (/24 for IPv4, /64 for IPv6) for "
                + "phones whose public address moves within their provider's block.",
                options = {@Option(label = "Same address", value = "address"),
                    @Option(label = "Same network", value = "prefix")})
        String match() default "address";

        @AttributeDefinition(name = "Match User-Agent", description = "A User-Agent other than the one that "
                + "registered the binding also makes another sender.")
        boolean match_user_agent() default true;

        @AttributeDefinition(name = "Strict contact", description = "A REGISTER from another sender that "
                + "repeats the bound contact replaces the binding too: the proxy keeps each sender's contacts "
                + "apart, so the registrar gets a new contact either way. Off, it passes as a refresh, which lets "
                + "a phone whose public address changed register again at once.")
        boolean strict_contact() default false;

        @AttributeDefinition(name = "Action", description = "'block' refuses a hijack attempt with 403 (the "
                + "registrar never sees it); 'alert' relays it and raises the event.",
                options = {@Option(label = "Block", value = "block"), @Option(label = "Alert only", value = "alert")})
        String action() default "block";

        @AttributeDefinition(name = "Default expiry (s)", description = "How long a binding is protected when "
                + "neither the registrar's answer nor the REGISTER names an expiry.", min = "1", max = "86400")
        int default_expires_seconds() default 3600;
    }

    private final InspectionState state;
    private final Clock clock;
    private volatile RegistrationSettings settings;

    /** DS entry point. */
    @Activate
    public RegistrationGuard(Config config, @Reference InspectionState state) {
        this(RegistrationSettings.of(config), state, Clock.systemUTC());
    }

    RegistrationGuard(RegistrationSettings settings, InspectionState state, Clock clock) {
        this.settings = settings;
        this.state = state;
        this.clock = clock;
    }

    @Modified
    void modified(Config config) {
        this.settings = RegistrationSettings.of(config);
    }

    @Override
    public Verdict onRequest(SipMessage m, MessageContext from) {
        RegistrationSettings s = settings;
        if (!s.enabled() || !"REGISTER".equals(m.method()) || from.zone() == null
                || !s.zones().contains(from.zone())) {
            return Verdict.PASS;
        }
        String aor = SipParts.aor(m);
        if (aor == null) {
            return Verdict.PASS;
        }
        long now = clock.millis();
        RegistrationBinding b = state.binding(aor, now);
        if (b == null) {
            return Verdict.PASS; // nothing to protect
        }
        String change = change(m, b, s);
        if (change == null) {
            return Verdict.PASS; // a query, or a refresh of the bound contact
        }
        String differs = differs(m, from, b, s);
        if (differs == null) {
            return Verdict.PASS; // the owner itself
        }
        long left = Math.max(0, (b.expires().toEpochMilli() - now) / 1000);
        Finding f = new Finding(EventKinds.SIP_REGISTRATION_HIJACK, Severity.HIGH, aor, "REGISTER from "
                + SipParts.source(from) + " " + change + " for " + SipParts.cut(aor, 80) + ", bound by "
                + b.source().getHostAddress() + " for " + left + " s more: " + differs + " differ"
                + (differs.contains(" and ") ? "" : "s"));
        return s.block() ? Verdict.reject(403, f) : Verdict.alert(f);
    }

    /**
     * Remembers the binding a registrar accepted, or forgets the one it removed.
     */
    @Override
    public Verdict onResponse(SipMessage response, SipMessage request, MessageContext requestFrom) {
        RegistrationSettings s = settings;
        int status = response.statusCode();
        if (!s.enabled() || status < 200 || status >= 300 || !"REGISTER".equals(request.method())
                || requestFrom.zone() == null || !s.zones().contains(requestFrom.zone())) {
            return Verdict.PASS;
        }
        String aor = SipParts.aor(request);
        List<Contact> contacts = Contacts.of(request);
        if (aor == null || contacts.isEmpty()) {
            return Verdict.PASS; // a query binds nothing
        }
        long headerExpires = Contacts.expiresHeader(request);
        Contact live = null;
        boolean wildcard = false;
        for (Contact c : contacts) {
            if (c.wildcard()) {
                wildcard = true;
            } else if (live == null && expiry(c, headerExpires, s) > 0) {
                live = c;
            }
        }
        long now = clock.millis();
        InetAddress source = requestFrom.remote() == null ? null : requestFrom.remote().getAddress();
        if (live != null && !wildcard) {
            long granted = granted(response);
            if (granted < 0) {
                granted = expiry(live, headerExpires, s);
            }
            if (granted > 0 && source != null && requestFrom.protocol() != null) {
                state.bind(new RegistrationBinding(aor, source, requestFrom.protocol(), requestFrom.tlsPeerIdentity(),
                        userAgent(request), live.uri(), Instant.ofEpochMilli(now + granted * 1000)));
                return Verdict.PASS;
            }
        }
        RegistrationBinding b = state.binding(aor, now);
        if (b != null && (wildcard || removesBoundContact(contacts, headerExpires, b, s)
                && s.match().same(source, b.source()))) {
            // the proxy keeps each sender's contacts apart at the registrar, so removing the bound
            // contact from elsewhere leaves the binding in place; only its owner or '*' removes it
            state.unbind(aor);
        }
        return Verdict.PASS;
    }

    /** @return what the REGISTER would do to the binding ("de-registers ..."), or null for nothing */
    private static String change(SipMessage m, RegistrationBinding b, RegistrationSettings s) {
        List<Contact> contacts = Contacts.of(m);
        if (contacts.isEmpty()) {
            return null;
        }
        long headerExpires = Contacts.expiresHeader(m);
        String boundKey = Contacts.key(b.contact());
        for (Contact c : contacts) {
            if (c.wildcard()) {
                return "removes every binding (Contact: *)";
            }
            if (expiry(c, headerExpires, s) == 0) {
                return "de-registers " + SipParts.cut(c.uri(), 60);
            }
            if (!Contacts.key(c.uri()).equals(boundKey)) {
                return "binds another contact " + SipParts.cut(c.uri(), 60);
            }
            if (s.strictContact()) {
                return "binds the bound contact " + SipParts.cut(c.uri(), 60) + " anew";
            }
        }
        return null;
    }

    /** @return what tells the sender from the binding's owner ("address and User-Agent"), or null */
    private static String differs(SipMessage m, MessageContext from, RegistrationBinding b, RegistrationSettings s) {
        StringBuilder why = new StringBuilder();
        InetAddress source = from.remote() == null ? null : from.remote().getAddress();
        if (!s.match().same(source, b.source())) {
            why.append(s.match() == SourceMatch.PREFIX ? "network" : "address");
        }
        if (s.matchUserAgent() && !Objects.equals(userAgent(m), b.userAgent())) {
            append(why, "User-Agent");
        }
        String tls = from.tlsPeerIdentity();
        if (tls != null && b.tlsIdentity() != null && !tls.equals(b.tlsIdentity())) {
            append(why, "TLS identity");
        }
        return why.length() == 0 ? null : why.toString();
    }

    private static void append(StringBuilder why, String what) {
        if (why.length() > 0) {
            why.append(" and ");
        }
        why.append(what);
    }

    private static boolean removesBoundContact(List<Contact> contacts, long headerExpires, RegistrationBinding b,
            RegistrationSettings s) {
        String boundKey = Contacts.key(b.contact());
        for (Contact c : contacts) {
            if (!c.wildcard() && expiry(c, headerExpires, s) == 0 && Contacts.key(c.uri()).equals(boundKey)) {
                return true;
            }
        }
        return false;
    }

    /** @return the expiry a REGISTER asks for a contact: its parameter, else the Expires header, else the default */
    private static long expiry(Contact c, long headerExpires, RegistrationSettings s) {
        if (c.expires() >= 0) {
            return c.expires();
        }
        return headerExpires >= 0 ? headerExpires : s.defaultExpiresSeconds();
    }

    /**
     * @return the expiry the registrar granted: the {@code expires} of the answer's only Contact,
     *     else its Expires header; -1 when it names none (an answer listing several bindings does
     *     not say which one is this REGISTER's: after topology hiding they are all tokens)
     */
    private static long granted(SipMessage response) {
        List<Contact> answered = Contacts.of(response);
        if (answered.size() == 1 && answered.get(0).expires() >= 0) {
            return answered.get(0).expires();
        }
        return Contacts.expiresHeader(response);
    }

    /** @return the User-Agent, trimmed, or null when absent or blank */
    static String userAgent(SipMessage m) {
        String ua = m.header("User-Agent");
        if (ua == null) {
            return null;
        }
        String t = ua.trim();
        return t.isEmpty() ? null : t;
    }
}
