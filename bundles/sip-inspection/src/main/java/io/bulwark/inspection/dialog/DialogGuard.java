package io.bulwark.inspection.dialog;

import io.bulwark.api.event.EventKinds;
import io.bulwark.api.event.Severity;
import io.bulwark.api.inspect.Finding;
import io.bulwark.api.inspect.InspectionState;
import io.bulwark.api.inspect.SipInspector;
import io.bulwark.api.inspect.Verdict;
import io.bulwark.api.sip.DialogInfo;
import io.bulwark.api.sip.DialogRegistry;
import io.bulwark.api.sip.SipMessage;
import io.bulwark.api.transport.MessageContext;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.inspection.common.LazyService;
import io.bulwark.inspection.common.SipParts;
import io.bulwark.inspection.common.SourceMatch;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Guards the calls in progress against call hijacking and call-termination DoS.
 *
 * <p>A BYE or CANCEL that names a call's Call-ID ends it; a re-INVITE, UPDATE or REFER that names
 * it moves its media or transfers it. An attacker who learns a Call-ID (and, if it matters, the
 * tags) can do all of this from anywhere, unless the requests of a call are checked against the
 * parties that set it up. For requests from the untrusted zone, with a To tag (in a dialog) or
 * CANCEL, the guard looks the call up in the proxy's {@link DialogRegistry} and refuses:
 * <ul>
 *   <li>an in-dialog request whose Call-ID matches no active call: 481, as the callee itself
 *       would answer (a probe for live calls, or a stale dialog);
 *   <li>a request from another address (or network), port or transport than the call's latched
 *       outside peer: 403, a forgery from someone who is not a party to the call;
 *   <li>a request over TLS with another certificate identity than the one the call was set up
 *       with (or, for a call the PBX placed, than the first one seen from outside): 403;
 *   <li>tags that are not the dialog's: 481;
 *   <li>a CSeq lower than one the same party already sent in the dialog: 500 (RFC 3261
 *       section 12.2.2); the same CSeq again is a retransmission and passes.
 * </ul>
 * Each raises {@link EventKinds#SIP_DIALOG_FORGERY}; the refused request never reaches the PBX,
 * so the call stays up and its real parties carry on. Requests from the PBX's zone pass, and so
 * does everything while the dialog registry is not there.
 */
@Component(service = SipInspector.class, configurationPid = DialogGuard.PID,
        property = {"service.ranking:Integer=900", SipInspector.NAME_PROPERTY + "=dialog-guard"})
@Designate(ocd = DialogGuard.Config.class)
public final class DialogGuard implements SipInspector {

    /** Configuration PID. */
    public static final String PID = "io.bulwark.inspection.dialog";

    /** The dialog guard's configuration. */
    @ObjectClassDefinition(name = "Bulwark dialog guard",
            description = "Refuses in-dialog requests and CANCELs that do not come from a party of the call they "
                    + "name: call hijacking and call-termination DoS (event sip.dialog-forgery).")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "Guard the calls in progress.")
        boolean enabled() default true;

        @AttributeDefinition(name = "Zones", description = "Comma-separated zones ('outside', 'inside') whose "
                + "requests are checked; the PBX's zone is trusted.")
        String zones() default "outside";

        @AttributeDefinition(name = "Methods", description = "Comma-separated methods checked when they carry a "
                + "To tag (in a dialog), and CANCEL, which is matched by Call-ID.")
        String methods() default "BYE,CANCEL,INVITE,UPDATE,REFER,NOTIFY,INFO,PRACK,MESSAGE";

        @AttributeDefinition(name = "Methods refused without a call", description = "Comma-separated methods "
                + "whose in-dialog requests are answered 481 when their Call-ID names no active call. Only "
                + "methods that exist in INVITE dialogs alone: NOTIFY, REFER and MESSAGE also travel in "
                + "subscription dialogs, which the proxy does not track.")
        String orphan_methods() default "BYE,INVITE,UPDATE,PRACK,INFO";

        @AttributeDefinition(name = "Same party", description = "How closely a request's source must agree "
                + "with the call's outside peer: the same address, or the same network (/24 for IPv4, /64 for "
                + "IPv6) for trunks whose servers share a block.",
                options = {@Option(label = "Same address", value = "address"),
                    @Option(label = "Same network", value = "prefix")})
        String match() default "address";

        @AttributeDefinition(name = "Match port", description = "The source port must be the peer's too (off: "
                + "a phone behind NAT may come back from another port).")
        boolean match_port() default false;

        @AttributeDefinition(name = "Match transport", description = "The transport must be the call's too.")
        boolean match_transport() default true;

        @AttributeDefinition(name = "Memory (s)", description = "How long a call's TLS identity and CSeq numbers "
                + "are remembered after its last request.", min = "60", max = "604800")
        int memory_seconds() default 86400;
    }

    private static final String TLS = "dialog.tls";
    private static final String CSEQ = "dialog.cseq";

    private final InspectionState state;
    private final Clock clock;
    private volatile DialogSettings settings;

    /** The proxy's dialog registry, fetched at first use (see {@link LazyService} for why). */
    private final Supplier<DialogRegistry> dialogs;
    private final AutoCloseable lookup;

    /** DS entry point. */
    @Activate
    public DialogGuard(Config config, @Reference InspectionState state, BundleContext context) {
        this(DialogSettings.of(config), state, new LazyService<>(context, DialogRegistry.class), Clock.systemUTC());
    }

    private DialogGuard(DialogSettings settings, InspectionState state, LazyService<DialogRegistry> lookup,
            Clock clock) {
        this.settings = settings;
        this.state = state;
        this.dialogs = lookup;
        this.lookup = lookup;
        this.clock = clock;
    }

    DialogGuard(DialogSettings settings, InspectionState state, DialogRegistry dialogs, Clock clock) {
        this.settings = settings;
        this.state = state;
        this.dialogs = () -> dialogs;
        this.lookup = () -> { };
        this.clock = clock;
    }

    @Deactivate
    void deactivate() throws Exception {
        lookup.close();
    }

    @Modified
    void modified(Config config) {
        this.settings = DialogSettings.of(config);
    }

    @Override
    public Verdict onRequest(SipMessage m, MessageContext from) {
        DialogSettings s = settings;
        DialogRegistry registry = dialogs.get();
        String method = m.method();
        String callId = m.callId();
        if (!s.enabled() || registry == null || callId == null || method == null || from.zone() == null
                || !s.zones().contains(from.zone()) || !s.methods().contains(method)) {
            return Verdict.PASS;
        }
        boolean cancel = "CANCEL".equals(method);
        long now = clock.millis();
        if (m.toTag() == null && !cancel) {
            if ("INVITE".equals(method)) {
                rememberCreator(registry, callId, from, now, s);
            }
            return Verdict.PASS; // not in a dialog
        }
        DialogInfo d = registry.find(callId);
        if (d == null || "TERMINATED".equals(d.state())) {
            if (!cancel && s.orphanMethods().contains(method)) {
                return Verdict.reject(481, finding(m, Severity.LOW, method + " in no dialog: its Call-ID matches "
                        + "none of the " + registry.activeCount() + " active calls"));
            }
            return Verdict.PASS; // a CANCEL without its INVITE is answered 481 by the proxy itself
        }
        String notPeer = notThePeer(d, from, s);
        if (notPeer != null) {
            return Verdict.reject(403, finding(m, Severity.HIGH, "forged " + method + " from a non-party: "
                    + describe(from.remote(), from.protocol()) + ", the call's peer is "
                    + describe(d.outsidePeer(), d.outsideTransport()) + " (" + notPeer + ")"));
        }
        String identity = from.tlsPeerIdentity();
        String known = state.get(TLS, callId, now);
        if (known != null && !known.equals(identity)) {
            return Verdict.reject(403, finding(m, Severity.HIGH, "forged " + method + " from a non-party: TLS "
                    + "identity " + quote(identity) + ", the call's peer is " + quote(known)));
        }
        if (!tagsMatch(d, m, cancel)) {
            return Verdict.reject(481, finding(m, Severity.MEDIUM, method + " with tags (from "
                    + quote(m.fromTag()) + ", to " + quote(m.toTag()) + ") that are not the dialog's"));
        }
        if (!cancel && !"ACK".equals(method) && m.fromTag() != null && m.cseq() >= 0) {
            String key = callId + "|" + m.fromTag();
            long highest = parse(state.get(CSEQ, key, now));
            long cseq = m.cseq();
            if (cseq < highest) {
                return Verdict.reject(500, finding(m, Severity.LOW, "CSeq " + cseq + " of " + method
                        + " is below " + highest + ", which this party already sent in the dialog (RFC 3261 12.2.2)"));
            }
            state.put(CSEQ, key, Long.toString(cseq), now + s.memoryMillis());
        }
        if (identity != null) {
            // remembered from the INVITE, or learned from the first request of a call the PBX placed
            state.put(TLS, callId, known == null ? identity : known, now + s.memoryMillis());
        }
        return Verdict.PASS;
    }

    /** Remembers the TLS identity that sets up a call, unless the Call-ID is already taken. */
    private void rememberCreator(DialogRegistry registry, String callId, MessageContext from, long now,
            DialogSettings s) {
        String identity = from.tlsPeerIdentity();
        if (identity != null && registry.find(callId) == null && state.get(TLS, callId, now) == null) {
            state.put(TLS, callId, identity, now + s.memoryMillis());
        }
    }

    /** @return what tells the sender from the call's outside peer ("address and transport"), or null */
    private static String notThePeer(DialogInfo d, MessageContext from, DialogSettings s) {
        InetSocketAddress peer = d.outsidePeer();
        if (peer == null) {
            return null; // nothing latched to compare with
        }
        InetSocketAddress src = from.remote();
        StringBuilder why = new StringBuilder();
        InetAddress peerAddress = peer.getAddress();
        if (peerAddress != null && !s.match().same(src == null ? null : src.getAddress(), peerAddress)) {
            why.append(s.match() == SourceMatch.PREFIX ? "another network" : "another address");
        }
        if (s.matchPort() && (src == null || src.getPort() != peer.getPort())) {
            append(why, "another port");
        }
        if (s.matchTransport() && d.outsideTransport() != null && d.outsideTransport() != from.protocol()) {
            append(why, "another transport");
        }
        return why.length() == 0 ? null : why.toString();
    }

    private static void append(StringBuilder why, String what) {
        if (why.length() > 0) {
            why.append(", ");
        }
        why.append(what);
    }

    /**
     * The request's tags must be the dialog's pair, in either order since either party may send;
     * while the dialog is early its callee's tag is not known yet, and the caller's must be one of
     * them. A CANCEL carries the caller's tag alone.
     */
    private static boolean tagsMatch(DialogInfo d, SipMessage m, boolean cancel) {
        String f = d.fromTag();
        if (f == null) {
            return true;
        }
        String rf = m.fromTag();
        String rt = m.toTag();
        if (cancel) {
            return f.equals(rf);
        }
        String t = d.toTag();
        if (t == null) {
            return f.equals(rf) || f.equals(rt);
        }
        return f.equals(rf) && t.equals(rt) || f.equals(rt) && t.equals(rf);
    }

    private static Finding finding(SipMessage m, Severity severity, String reason) {
        return new Finding(EventKinds.SIP_DIALOG_FORGERY, severity, SipParts.cut(m.callId(), 80), reason);
    }

    private static String describe(InetSocketAddress a, TransportProtocol p) {
        String host = a == null ? "?" : a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return host + ":" + (a == null ? 0 : a.getPort()) + " over " + (p == null ? "?" : p.name());
    }

    private static String quote(String s) {
        return s == null ? "none" : "'" + SipParts.cut(s, 40) + "'";
    }

    /** @return the remembered CSeq, or -1 */
    private static long parse(String s) {
        if (s == null) {
            return -1;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
