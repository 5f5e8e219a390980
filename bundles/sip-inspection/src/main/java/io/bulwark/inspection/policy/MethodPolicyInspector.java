package io.bulwark.inspection.policy;

import io.bulwark.api.event.EventKinds;
import io.bulwark.api.event.Severity;
import io.bulwark.api.inspect.Finding;
import io.bulwark.api.inspect.SipInspector;
import io.bulwark.api.inspect.Verdict;
import io.bulwark.api.sip.SipMessage;
import io.bulwark.api.transport.MessageContext;
import io.bulwark.inspection.common.SipParts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Enforces what each zone may ask for, so that the PBX only ever sees the requests it serves:
 * <ul>
 *   <li>the method must be allowed for the zone (case-sensitive, as methods are), else 405: a
 *       trunk has no business sending PUBLISH, and a method the PBX half-implements is an
 *       attack surface;
 *   <li>the Request-URI scheme must be allowed, else 416 (the codec admits sip, sips and tel;
 *       this narrows it, e.g. to refuse tel from the Internet);
 *   <li>a request outside a dialog must be for a domain the appliance serves, when the zone has a
 *       list of them (host names, addresses, CIDR ranges), else 404: requests for unknown domains
 *       are how open relays are probed and how toll fraud reaches other networks.
 * </ul>
 * ACK and CANCEL are held to the method list only: they belong to an INVITE that was checked.
 * Requests inside a dialog (with a To tag) skip the domain list, since their Request-URI is the
 * peer's Contact, which is the appliance itself after topology hiding (a forged To tag gains
 * nothing: the proxy answers 481 when no dialog matches). A tel URI has no domain and is held to
 * the scheme list only. Refusals raise {@link EventKinds#SIP_POLICY} and never ban.
 */
@Component(service = SipInspector.class, configurationPid = MethodPolicyInspector.PID,
        property = {"service.ranking:Integer=800", SipInspector.NAME_PROPERTY + "=method-policy"})
@Designate(ocd = MethodPolicyInspector.Config.class)
public final class MethodPolicyInspector implements SipInspector {

    /** Configuration PID. */
    public static final String PID = "io.bulwark.inspection.policy";

    /** The method policy's configuration: one set of lists per zone. */
    @ObjectClassDefinition(name = "Bulwark method and URI policy",
            description = "Refuses requests whose method (405), Request-URI scheme (416) or domain (404) the zone "
                    + "they come from may not send (event sip.policy).")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "Enforce the policy.")
        boolean enabled() default true;

        @AttributeDefinition(name = "Outside: methods", description = "Comma-separated methods requests from the "
                + "outside zone may have, exactly as written (methods are case-sensitive). INVITE needs ACK.")
        String outside_methods() default "INVITE,ACK,BYE,CANCEL,OPTIONS,REGISTER,PRACK,UPDATE,INFO,REFER,NOTIFY,"
                + "SUBSCRIBE,MESSAGE";

        @AttributeDefinition(name = "Outside: URI schemes", description = "Comma-separated Request-URI schemes "
                + "allowed from the outside zone (the codec admits only sip, sips and tel).")
        String outside_schemes() default "sip,sips,tel";

        @AttributeDefinition(name = "Outside: domains", description = "Comma-separated host names (any case), "
                + "IP addresses and CIDR ranges (192.0.2.0/24, 2001:db8::/32) a request from the outside zone may "
                + "address outside a dialog; empty allows any.")
        String outside_domains() default "";

        @AttributeDefinition(name = "Inside: methods", description = "Comma-separated methods requests from the "
                + "inside zone may have, exactly as written (methods are case-sensitive). INVITE needs ACK.")
        String inside_methods() default "INVITE,ACK,BYE,CANCEL,OPTIONS,REGISTER,PRACK,UPDATE,INFO,REFER,NOTIFY,"
                + "SUBSCRIBE,MESSAGE,PUBLISH";

        @AttributeDefinition(name = "Inside: URI schemes", description = "Comma-separated Request-URI schemes "
                + "allowed from the inside zone.")
        String inside_schemes() default "sip,sips,tel";

        @AttributeDefinition(name = "Inside: domains", description = "Comma-separated host names, IP addresses and "
                + "CIDR ranges a request from the inside zone may address outside a dialog; empty allows any.")
        String inside_domains() default "";
    }

    private static final int MAX_TARGET = 100;

    private volatile PolicySettings settings;

    /** DS entry point. */
    @Activate
    public MethodPolicyInspector(Config config) {
        this(PolicySettings.of(config));
    }

    /** The policy keeps no state and reads no clock: its settings are all it needs. */
    MethodPolicyInspector(PolicySettings settings) {
        this.settings = settings;
    }

    @Modified
    void modified(Config config) {
        this.settings = PolicySettings.of(config);
    }

    @Override
    public Verdict onRequest(SipMessage m, MessageContext from) {
        PolicySettings s = settings;
        if (!s.enabled()) {
            return Verdict.PASS;
        }
        ZonePolicy p = s.forZone(from.zone());
        String method = m.method();
        if (method == null || !p.methods().contains(method)) {
            return refuse(405, m, "method " + SipParts.cut(method, 32) + " not allowed from the " + p.zone()
                    + " zone (" + p.zone() + ".methods)");
        }
        if ("ACK".equals(method) || "CANCEL".equals(method)) {
            return Verdict.PASS;
        }
        String uri = m.requestUri();
        String scheme = SipParts.scheme(uri);
        if (scheme == null || !p.schemes().contains(scheme)) {
            return refuse(416, m, "Request-URI scheme '" + SipParts.cut(scheme, 32) + "' not allowed from the "
                    + p.zone() + " zone (" + p.zone() + ".schemes: " + String.join(", ", p.schemes()) + ")");
        }
        if (!p.anyHost() && !"tel".equals(scheme) && m.toTag() == null) {
            String host = SipParts.host(uri);
            if (!p.allowsHost(host)) {
                return refuse(404, m, "Request-URI domain '" + SipParts.cut(host, 100) + "' not served for the "
                        + p.zone() + " zone (" + p.zone() + ".domains)");
            }
        }
        return Verdict.PASS;
    }

    private static Verdict refuse(int status, SipMessage m, String reason) {
        String uri = m.requestUri();
        return Verdict.reject(status, new Finding(EventKinds.SIP_POLICY, Severity.LOW,
                uri == null ? null : SipParts.cut(uri, MAX_TARGET), reason));
    }
}
