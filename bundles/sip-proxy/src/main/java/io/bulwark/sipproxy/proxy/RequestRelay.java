package io.bulwark.sipproxy.proxy;

import io.bulwark.api.inspect.Verdict;
import io.bulwark.api.media.MediaVerdict;
import io.bulwark.api.transport.MessageContext;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import io.bulwark.sipproxy.codec.SipMessageImpl;
import io.bulwark.sipproxy.codec.SipResponses;
import io.bulwark.sipproxy.codec.Via;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The request path of the proxy (RFC 3261 section 16): retransmission absorption, Max-Forwards
 * and loop checks, CANCEL and ACK handling, routing, topology hiding and the client transaction
 * with its UDP retransmissions and timeout.
 */
final class RequestRelay {

    private final SipProxy p;

    RequestRelay(SipProxy proxy) {
        this.p = proxy;
    }

    void onRequest(SipMessageImpl m, MessageContext ctx) {
        String method = m.method();
        Flow from = Flow.of(ctx);
        long now = System.currentTimeMillis();
        if ("ACK".equals(method)) {
            ServerTransaction st = p.servers.get(SipProxy.serverKey(m, "INVITE", from));
            if (st != null && st.lastStatus >= 300) {
                return; // hop-by-hop ACK for a non-2xx final: ours to absorb (section 17.2.1)
            }
        } else if (!"CANCEL".equals(method)) {
            ServerTransaction st = p.servers.get(SipProxy.serverKey(m, method, from));
            if (st != null) {
                byte[] last = st.lastResponse;
                if (last != null) {
                    p.send(st.upstream, last);
                }
                return; // retransmission
            }
        }
        Verdict verdict = p.inspection.onRequest(m, ctx);
        if (!verdict.passes()) {
            refuse(m, ctx, from, verdict);
            return;
        }
        if ("CANCEL".equals(method)) {
            cancel(m, from);
            return;
        }
        if (isLoop(m)) {
            p.reject(m, from, 482, "Via names this appliance", null);
            return;
        }
        int maxForwards = m.maxForwards();
        if (maxForwards == 0) {
            p.reject(m, from, 483, "Max-Forwards: 0", null);
            return;
        }
        Destination dest = p.router.route(m, ctx, now);
        if (dest == null) {
            boolean inDialog = m.toTag() != null;
            p.reject(m, from, inDialog ? 481 : 404, inDialog ? "no such dialog" : "no route for Request-URI", null);
            return;
        }
        forward(m, ctx, from, dest, maxForwards, now);
    }

    /**
     * Carries out an inspector's refusal. A rejection carries no Warning: the sender learns
     * nothing of why, and an ACK, which cannot be answered, is dropped instead. The refused
     * request keeps a server transaction for a while, like a relayed one: its retransmissions get
     * the same answer (or, dropped, none) without being inspected again, and the ACK of a refused
     * INVITE ends here instead of travelling on into someone else's dialog.
     */
    private void refuse(SipMessageImpl m, MessageContext ctx, Flow from, Verdict verdict) {
        String method = m.method();
        if ("ACK".equals(method)) {
            p.dropped.incrementAndGet();
            return;
        }
        ServerTransaction st = new ServerTransaction(SipProxy.serverKey(m, method, from), m, ctx);
        if (p.servers.putIfAbsent(st.key, st) != null) {
            return;
        }
        if (verdict.action() == Verdict.Action.REJECT) {
            byte[] answer = p.rejection(m, verdict.status(), null, null);
            st.lastResponse = answer;
            st.lastStatus = verdict.status();
            p.send(from, answer);
        } else {
            p.dropped.incrementAndGet();
        }
        p.lingerServer(st);
    }

    private void forward(SipMessageImpl m, MessageContext ctx, Flow from, Destination dest, int maxForwards, long now) {
        String method = m.method();
        boolean ack = "ACK".equals(method);
        ServerTransaction st = null;
        if (!ack) {
            st = new ServerTransaction(SipProxy.serverKey(m, method, from), m, ctx);
            if (p.servers.putIfAbsent(st.key, st) != null) {
                return; // a retransmission: absorbed before it costs anything (media ports in particular)
            }
            if ("INVITE".equals(method)) {
                byte[] trying = SipResponses.create(m, 100, "Trying", null).encode();
                st.lastResponse = trying;
                st.lastStatus = 100;
                p.send(from, trying);
            }
        }
        MediaVerdict media = null;
        if (p.media.takesOffer(m, from, dest.flow().zone())) {
            String dialogId = from.zone() == Zone.OUTSIDE ? m.callId() : p.callIds.toOutside(m.callId(), now);
            media = p.media.offer(m, from, dialogId);
        }
        if (media != null && !media.accepted() && st != null) {
            // the transaction answers its retransmissions the same way, and absorbs the ACK of the 488
            byte[] answer = p.rejection(m, media.status(), media.reason(), null);
            st.lastResponse = answer;
            st.lastStatus = media.status();
            p.send(from, answer);
            p.lingerServer(st);
            return;
        }
        Flow to = dest.flow();
        String branch = p.newBranch();
        SipMessageImpl out = m.copy();
        out.removeHeader("Via");
        out.addHeaderOnTop("Via", p.viaFor(to, branch));
        out.removeHeader("Route");
        List<String> recordRoutes = TopologyHider.takeRecordRoutes(out);
        for (String r : dest.routeSet()) {
            out.addHeader("Route", r);
        }
        out.setRequestUri(outsideSafeRequestUri(dest, from, to));
        out.setHeader("Max-Forwards", Integer.toString(maxForwards < 0 ? p.settings.maxForwards() : maxForwards - 1));
        boolean dialogCreating = m.toTag() == null && isDialogCreating(method);
        String outsideCallId = mapCallId(m, out, from.zone(), dialogCreating, now);
        if (media != null) {
            out.setBody(media.sdp());
        } else {
            p.media.answerInRequest(out, from, to.zone(), outsideCallId);
        }
        RewriteContext rc = new RewriteContext(from, to.zone(), to.protocol(), p.self(to.zone(), to.protocol()));
        if (rc.crossesZones()) {
            // as UAS-side route set, Record-Route is kept in order (section 12.1.1)
            p.hider.rewriteContacts(out, rc, recordRoutes, now);
            p.hider.scrubIdentityHeaders(out, rc, h -> p.isInsideHost(h, from.zone() == Zone.INSIDE ? from : to));
            p.hider.rewriteSdp(out, rc);
        }
        byte[] bytes = out.encode();
        if (st != null) {
            ClientTransaction ct = new ClientTransaction(branch, out, bytes, to, st);
            st.client = ct;
            p.clients.put(branch + "|" + method, ct);
            startTimers(ct);
        }
        trackCall(m, out, from, to, outsideCallId, dialogCreating, now);
        p.send(to, bytes);
    }

    /**
     * A PBX using the appliance as its outbound proxy often addresses requests to the appliance's
     * inside address; sent on as is, that Request-URI would name the inside. It is re-addressed to
     * the trunk the request goes to.
     */
    private String outsideSafeRequestUri(Destination dest, Flow from, Flow to) {
        String uri = dest.requestUri();
        if (to.zone() != Zone.OUTSIDE || dest.token() != null) {
            return uri;
        }
        io.bulwark.sipproxy.codec.SipUri parsed = RequestRouter.safeUri(uri);
        if (parsed == null || parsed.host() == null) {
            return uri;
        }
        String host = TopologyHider.stripBrackets(parsed.host()).toLowerCase(java.util.Locale.ROOT);
        if (!p.isInsideHost(host, from.zone() == Zone.INSIDE ? from : to)) {
            return uri;
        }
        String trunkHost = to.remote().getAddress().getHostAddress();
        return parsed.withHost(trunkHost.indexOf(':') >= 0 ? "[" + trunkHost + "]" : trunkHost,
                to.remote().getPort()).toString();
    }

    private String mapCallId(SipMessageImpl m, SipMessageImpl out, Zone fromZone, boolean dialogCreating, long now) {
        String callId = m.callId();
        if (fromZone == Zone.INSIDE) {
            String outside = p.callIds.toOutside(callId, now);
            out.setHeader("Call-ID", outside);
            p.trace.link(callId, outside);
            return outside;
        }
        if (dialogCreating) {
            p.callIds.registerOutsideOrigin(callId, now);
        }
        String inside = p.callIds.toInside(callId, now);
        if (!inside.equals(callId)) {
            out.setHeader("Call-ID", inside);
        }
        return callId;
    }

    private void trackCall(SipMessageImpl m, SipMessageImpl out, Flow from, Flow to, String outsideCallId,
            boolean dialogCreating, long now) {
        String method = m.method();
        if ("INVITE".equals(method) && dialogCreating) {
            SipMessageImpl outsideView = from.zone() == Zone.OUTSIDE ? m : out;
            Flow outsideFlow = from.zone() == Zone.OUTSIDE ? from : to;
            Flow insideFlow = from.zone() == Zone.OUTSIDE ? to : from;
            p.calls.started(outsideCallId, from.zone(), outsideView.fromTag(), outsideFlow,
                    uriOf(outsideView.header("From")), uriOf(outsideView.header("To")),
                    outsideFlow.protocol().name(), insideFlow.protocol().name(), now);
        } else if ("BYE".equals(method)) {
            CallTracker.Call c = p.calls.call(outsideCallId);
            String reason = c != null && c.callerZone == from.zone() ? "bye-caller" : "bye-callee";
            if (c != null) {
                p.calls.media(outsideCallId, p.media.encryption(outsideCallId)); // as it was at the end (re-offers)
            }
            if (p.calls.ended(outsideCallId, reason, now) != null) {
                p.forgetCallLater(outsideCallId);
            }
            p.media.release(outsideCallId);
        } else {
            p.calls.touch(outsideCallId, now);
            CallTracker.Call c = m.toTag() == null ? null : p.calls.call(outsideCallId);
            if (c != null && !"ACK".equals(method)) {
                p.ender.inDialog(c, from.zone(), m.cseq());
            }
        }
    }

    static String uriOf(String nameAddr) {
        return nameAddr == null ? null : RequestRouter.stripAngles(nameAddr.split(";tag=")[0]);
    }

    private static boolean isDialogCreating(String method) {
        return "INVITE".equals(method) || "SUBSCRIBE".equals(method) || "REFER".equals(method);
    }

    private boolean isLoop(SipMessageImpl m) {
        for (String v : m.headers("Via")) {
            Via via;
            try {
                via = Via.parse(v);
            } catch (RuntimeException e) {
                continue;
            }
            String b = via == null ? null : via.branch();
            if (b != null && b.startsWith(p.branchPrefix)) {
                return true;
            }
        }
        return false;
    }

    private void startTimers(ClientTransaction ct) {
        if (ct.downstream.protocol() == TransportProtocol.UDP) {
            ct.retransmitIntervalMs = SipProxy.T1_MS;
            ct.retransmit = p.timers.schedule(() -> retransmit(ct), SipProxy.T1_MS, TimeUnit.MILLISECONDS);
        }
        ct.timeout = p.timers.schedule(() -> timeout(ct), p.settings.transactionTimeoutMs(), TimeUnit.MILLISECONDS);
    }

    private void retransmit(ClientTransaction ct) {
        if (ct.finalStatus > 0 || ct.isInvite() && ct.provisionalReceived) {
            return;
        }
        p.send(ct.downstream, ct.bytes);
        long next = ct.isInvite() ? ct.retransmitIntervalMs * 2 : Math.min(ct.retransmitIntervalMs * 2, SipProxy.T2_MS);
        ct.retransmitIntervalMs = next;
        ct.retransmit = p.timers.schedule(() -> retransmit(ct), next, TimeUnit.MILLISECONDS);
    }

    private void timeout(ClientTransaction ct) {
        if (ct.finalStatus > 0) {
            return;
        }
        if (ct.isInvite() && ct.provisionalReceived) {
            // Timer C (section 16.6 step 11): the callee answered provisionally; give it
            // TIMER_C_MS from the last provisional, then cancel it and fail the call upstream
            long idle = System.currentTimeMillis() - ct.lastProvisionalMillis;
            if (idle < SipProxy.TIMER_C_MS) {
                ct.timeout = p.timers.schedule(() -> timeout(ct), SipProxy.TIMER_C_MS - idle, TimeUnit.MILLISECONDS);
                return;
            }
            sendCancel(ct);
        }
        ct.stopRetransmit();
        ct.finalStatus = 408;
        ServerTransaction st = ct.server;
        byte[] resp = SipResponses.create(st.request, 408, "Request Timeout", p.newTag()).encode();
        st.lastResponse = resp;
        st.lastStatus = 408;
        p.send(st.upstream, resp);
        // kept a while so a late final (the 487 to our CANCEL) is still ACKed, then dropped
        p.lingerClient(ct.branch + "|" + ct.sent.method(), ct);
        p.lingerServer(st);
        String outsideCallId = ct.downstream.zone() == Zone.OUTSIDE ? ct.sent.callId() : st.request.callId();
        if (ct.isInvite() && ct.server.request.toTag() == null) {
            p.calls.ended(outsideCallId, "timeout", System.currentTimeMillis());
            p.forgetCallLater(outsideCallId);
            p.media.release(outsideCallId);
        } else if (ct.isInvite() || "UPDATE".equals(ct.sent.method())) {
            p.media.offerRefused(outsideCallId); // a re-offer nobody answered leaves the media as it was
        }
    }

    /** CANCEL (section 16.10): answer it here, cancel downstream once a provisional came back. */
    private void cancel(SipMessageImpl m, Flow from) {
        ServerTransaction st = p.servers.get(SipProxy.serverKey(m, "INVITE", from));
        if (st == null) {
            p.reject(m, from, 481, "no transaction to cancel", null);
            return;
        }
        p.send(from, SipResponses.create(m, 200, "OK", st.request.toTag() == null ? null : st.request.toTag()).encode());
        st.cancelled = true;
        ClientTransaction ct = st.client;
        if (ct != null && ct.finalStatus == 0) {
            sendCancel(ct);
        }
    }

    /** Sends CANCEL for a client INVITE transaction (section 9.1): same branch, R-URI, Call-ID, From, To. */
    void sendCancel(ClientTransaction ct) {
        SipMessageImpl c = ct.hopByHop("CANCEL", ct.sent.header("To"));
        ClientTransaction cancel = new ClientTransaction(ct.branch, c, c.encode(), ct.downstream, ct.server);
        p.clients.put(ct.branch + "|CANCEL", cancel);
        p.lingerClient(ct.branch + "|CANCEL", cancel);
        p.send(ct.downstream, cancel.bytes);
    }

    static List<String> reversed(List<String> l) {
        List<String> r = new ArrayList<>(l);
        Collections.reverse(r);
        return r;
    }
}
