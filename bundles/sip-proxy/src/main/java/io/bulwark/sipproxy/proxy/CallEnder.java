package io.bulwark.sipproxy.proxy;

import io.bulwark.api.event.SecurityEvent;
import io.bulwark.api.event.Severity;
import io.bulwark.api.event.ThreatLevel;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import io.bulwark.sipproxy.codec.SipMessageImpl;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends answered calls from the appliance itself: a BYE to each party (RFC 3261 section 15.1.1),
 * built from the legs remembered when the call was answered, each retransmitted over UDP until
 * answered (section 17.1.2). Used when an operator ends a call, and for calls that reach the
 * deadline a policy (the toll-fraud inspector's maximum duration) gave them.
 */
final class CallEnder {

    private static final Logger LOG = LoggerFactory.getLogger(CallEnder.class);
    /** Deadlines held at most; a policy cannot grow memory without bound. */
    static final int MAX_DEADLINES = 100_000;

    private record Deadline(long atMillis, String reason, String eventKind) {
    }

    private final SipProxy p;
    private final Map<String, Deadline> deadlines = new ConcurrentHashMap<>();

    CallEnder(SipProxy proxy) {
        this.p = proxy;
    }

    /**
     * Remembers both legs of a call just answered.
     *
     * @param c the call
     * @param st the caller's INVITE transaction (the request as received)
     * @param ct the INVITE as sent towards the callee
     * @param answer the 2xx as received from the callee
     * @param relayed the 2xx as relayed to the caller
     */
    void answered(CallTracker.Call c, ServerTransaction st, ClientTransaction ct, SipMessageImpl answer,
            SipMessageImpl relayed) {
        if (c == null || c.callerLeg != null) {
            return;
        }
        String callerContact = RequestRelay.uriOf(st.request.header("Contact"));
        String calleeContact = RequestRelay.uriOf(answer.header("Contact"));
        if (callerContact == null || calleeContact == null) {
            return; // a dialog without targets cannot be addressed; it ends by itself or by timeout
        }
        c.callerLeg = new CallLeg(st.upstream, callerContact, st.request.headers("Record-Route"), st.request.callId(),
                relayed.header("To"), st.request.header("From"), new AtomicLong(0));
        c.calleeLeg = new CallLeg(ct.downstream, calleeContact, RequestRelay.reversed(answer.headers("Record-Route")),
                ct.sent.callId(), ct.sent.header("From"), answer.header("To"), new AtomicLong(ct.sent.cseq()));
    }

    /**
     * Notes an in-dialog request, so the appliance's own requests come after it in CSeq order.
     *
     * @param c the call
     * @param fromZone where the request came from
     * @param cseq its CSeq number
     */
    void inDialog(CallTracker.Call c, Zone fromZone, long cseq) {
        CallLeg towardsCallee = c.calleeLeg;
        CallLeg towardsCaller = c.callerLeg;
        if (towardsCallee == null || towardsCaller == null) {
            return;
        }
        // a request from the caller's side goes to the callee: it counts on the callee's leg
        (fromZone == c.callerZone ? towardsCallee : towardsCaller).seen(cseq);
    }

    /**
     * Ends an answered call: BYE to both parties, the call record closed with the reason.
     *
     * @param callId the Call-ID as seen on either leg
     * @param reason why, for the call record and the BYEs' Reason header
     * @return true when the call was up and BYEs were sent
     */
    boolean end(String callId, String reason) {
        String outside = resolve(callId);
        CallTracker.Call c = outside == null ? null : p.calls.call(outside);
        if (c == null || c.callerLeg == null || c.calleeLeg == null) {
            return false;
        }
        long now = System.currentTimeMillis();
        if (p.calls.ended(outside, reason, now) == null) {
            return false; // ended meanwhile
        }
        bye(c.callerLeg, reason);
        bye(c.calleeLeg, reason);
        p.forgetCallLater(outside);
        LOG.info("Call {} ended by the appliance: {}", outside, reason);
        return true;
    }

    /**
     * Sets when a call must end; the proxy's sweep ends it then.
     *
     * @param callId the Call-ID as seen on either leg (the dialog may not be set up yet)
     * @param at the deadline
     * @param reason why
     * @param eventKind the kind of the event raised when the deadline ends the call, or null
     * @return false when too many deadlines are pending (none is then set)
     */
    boolean deadline(String callId, Instant at, String reason, String eventKind) {
        if (eventKind != null && !SecurityEvent.isValidKind(eventKind)) {
            throw new IllegalArgumentException("eventKind must be dotted lower-case words, got '" + eventKind + "'");
        }
        if (deadlines.size() >= MAX_DEADLINES && !deadlines.containsKey(callId)) {
            return false;
        }
        deadlines.put(callId, new Deadline(at.toEpochMilli(), reason, eventKind));
        return true;
    }

    /** Ends the calls whose deadline passed; forgets deadlines of calls that ended on their own. */
    void sweep(long now) {
        for (Map.Entry<String, Deadline> e : deadlines.entrySet()) {
            Deadline d = e.getValue();
            if (d.atMillis() > now) {
                continue;
            }
            String outside = resolve(e.getKey());
            CallTracker.Call c = outside == null ? null : p.calls.call(outside);
            if (c == null || c.callerLeg != null) {
                // ended already, or answered and due now; an unanswered call is left to ring out,
                // and checked again (its deadline stays) until it is answered or gone
                deadlines.remove(e.getKey(), d);
                if (c != null && end(outside, d.reason()) && d.eventKind() != null) {
                    raise(c, d);
                }
            }
        }
    }

    /** The event of a call ended by its deadline: its source is the party that placed the call. */
    private void raise(CallTracker.Call c, Deadline d) {
        Flow caller = c.callerLeg.flow();
        try {
            p.events.accept(new SecurityEvent(ThreatLevel.APPLICATION, d.eventKind(), Severity.MEDIUM,
                    caller.remote().getAddress(), caller.remote().getPort(), caller.protocol(), caller.zone(),
                    c.outsideCallId, Instant.ofEpochMilli(System.currentTimeMillis()),
                    d.reason() + " [proxy: call ended with BYE to both parties]"));
        } catch (RuntimeException ex) {
            LOG.debug("Event of an ended call not raised", ex);
        }
    }

    private String resolve(String callId) {
        if (p.calls.call(callId) != null) {
            return callId;
        }
        return p.callIds.outsideOf(callId);
    }

    private void bye(CallLeg leg, String reason) {
        String branch = p.newBranch();
        SipMessageImpl bye = SipMessageImpl.request("BYE", leg.remoteTarget());
        bye.addHeader("Via", p.viaFor(leg.flow(), branch));
        for (String route : leg.routeSet()) {
            bye.addHeader("Route", route);
        }
        bye.addHeader("Max-Forwards", "70");
        bye.addHeader("From", leg.from());
        bye.addHeader("To", leg.to());
        bye.addHeader("Call-ID", leg.callId());
        bye.addHeader("CSeq", leg.next() + " BYE");
        bye.addHeader("Reason", "SIP;cause=200;text=\"" + reason.replace('"', '\'').replace('\\', '/') + "\"");
        bye.addHeader("Content-Length", "0");
        byte[] bytes = bye.encode();
        ClientTransaction ct = new ClientTransaction(branch, bye, bytes, leg.flow(), null);
        p.clients.put(branch + "|BYE", ct);
        p.lingerClient(branch + "|BYE", ct);
        p.send(leg.flow(), bytes);
        if (leg.flow().protocol() == TransportProtocol.UDP) {
            retransmit(ct, SipProxy.T1_MS);
        }
    }

    private void retransmit(ClientTransaction ct, long after) {
        if (after > SipProxy.T2_MS * 4) {
            return;
        }
        ct.retransmit = p.timers.schedule(() -> {
            if (ct.finalStatus == 0) {
                p.send(ct.downstream, ct.bytes);
                retransmit(ct, Math.min(after * 2, SipProxy.T2_MS * 8));
            }
        }, after, TimeUnit.MILLISECONDS);
    }
}
