package io.bulwark.sipproxy.proxy;

import io.bulwark.api.inspect.Verdict;
import io.bulwark.api.transport.MessageContext;
import io.bulwark.api.transport.Zone;
import io.bulwark.sipproxy.codec.SipMessageImpl;
import io.bulwark.sipproxy.codec.Via;
import java.util.List;

/**
 * The response path of the proxy (RFC 3261 section 16.7): match the client transaction by the
 * appliance's own branch, ACK non-2xx finals downstream, restore the upstream Vias and Call-ID,
 * hide the downstream topology and relay. Responses that match nothing are dropped (they cannot
 * be routed without revealing or trusting their Via).
 */
final class ResponseRelay {

    private final SipProxy p;

    ResponseRelay(SipProxy proxy) {
        this.p = proxy;
    }

    void onResponse(SipMessageImpl r, MessageContext ctx) {
        Via top = r.topVia();
        String branch = top == null ? null : top.branch();
        ClientTransaction ct = branch == null ? null : p.clients.get(branch + "|" + r.cseqMethod());
        if (ct == null) {
            p.dropped.incrementAndGet();
            return;
        }
        int status = r.statusCode();
        if ("CANCEL".equals(r.cseqMethod())) {
            return; // the 200 to our CANCEL ends there
        }
        if (ct.server == null) {
            // a request of the appliance's own (a BYE ending a call): any final ends it there
            if (status >= 200) {
                ct.finalStatus = status;
                ct.stopTimers();
            }
            return;
        }
        long now = System.currentTimeMillis();
        ServerTransaction st = ct.server;
        if (status < 200) {
            onProvisional(ct, st);
            if (status == 100) {
                return;
            }
        } else {
            boolean first = ct.finalStatus == 0;
            ct.finalStatus = status;
            ct.stopTimers();
            if (status >= 300 && ct.isInvite()) {
                sendAck(ct, r);
                if (!first) {
                    return; // retransmitted non-2xx final: ACKed again, not relayed again
                }
            }
            if (first) {
                p.lingerClient(branch + "|" + ct.sent.method(), ct);
                p.lingerServer(st);
            }
        }
        relay(r, ctx, ct, st, status, now);
    }

    private void onProvisional(ClientTransaction ct, ServerTransaction st) {
        ct.lastProvisionalMillis = System.currentTimeMillis();
        if (!ct.provisionalReceived) {
            ct.provisionalReceived = true;
            ct.stopRetransmit();
            if (st.cancelled && ct.isInvite()) {
                p.requests.sendCancel(ct);
            }
        }
    }

    private void relay(SipMessageImpl r, MessageContext ctx, ClientTransaction ct, ServerTransaction st, int status,
            long now) {
        SipMessageImpl out = r.copy();
        out.removeHeader("Via");
        List<String> vias = st.request.headers("Via");
        out.addHeaderOnTop("Via", String.join(", ", vias));
        out.setHeader("Call-ID", st.request.callId());
        List<String> recordRoutes = TopologyHider.takeRecordRoutes(out);
        Flow from = Flow.of(ctx);
        Flow to = st.upstream;
        RewriteContext rc = new RewriteContext(from, to.zone(), to.protocol(), p.self(to.zone(), to.protocol()));
        if (rc.crossesZones()) {
            // as UAC-side route set, Record-Route of a response is reversed (section 12.1.2)
            p.hider.rewriteContacts(out, rc, RequestRelay.reversed(recordRoutes), now);
            p.hider.scrubIdentityHeaders(out, rc, h -> p.isInsideHost(h, from.zone() == Zone.INSIDE ? from : to));
            p.media.answerInResponse(out, st.request.method(), status, from, to.zone(),
                    st.upstream.zone() == Zone.OUTSIDE ? st.request.callId() : ct.sent.callId());
            p.hider.rewriteSdp(out, rc);
        }
        p.challenges.learn(out);
        int sentStatus = status;
        Verdict verdict = p.inspection.onResponse(out, st.request, st.context);
        if (verdict.action() == Verdict.Action.REJECT && status >= 300) {
            out = p.challenges.replacement(st.request, verdict.status(), p.newTag());
            sentStatus = verdict.status();
        } else if (verdict.action() == Verdict.Action.DROP || verdict.action() == Verdict.Action.BAN) {
            // a dropped final leaves the sender's transaction to time out
            p.dropped.incrementAndGet();
            trackCall(st, ct, r, r, status, now);
            return;
        } // a 1xx or 2xx is never replaced: the dialog depends on it
        byte[] bytes = out.encode();
        if (sentStatus >= 200 || st.lastStatus < 200) {
            st.lastResponse = bytes;
            st.lastStatus = sentStatus;
        }
        trackCall(st, ct, r, out, status, now);
        p.send(to, bytes);
    }

    private void trackCall(ServerTransaction st, ClientTransaction ct, SipMessageImpl r, SipMessageImpl relayed,
            int status, long now) {
        if (!ct.isInvite() || st.request.toTag() != null || status < 200) {
            return;
        }
        String outsideCallId = st.upstream.zone() == Zone.OUTSIDE ? st.request.callId() : ct.sent.callId();
        if (status < 300) {
            p.calls.answered(outsideCallId, r.toTag(), now);
            p.calls.media(outsideCallId, p.media.encryption(outsideCallId));
            p.ender.answered(p.calls.call(outsideCallId), st, ct, r, relayed);
        } else {
            p.calls.ended(outsideCallId, st.cancelled && status == 487 ? "cancelled" : "rejected-" + status, now);
            p.forgetCallLater(outsideCallId);
            p.media.release(outsideCallId);
        }
    }

    /** ACK for a non-2xx final (section 17.1.1.3): same branch and Request-URI, To from the response. */
    private void sendAck(ClientTransaction ct, SipMessageImpl response) {
        p.send(ct.downstream, ct.hopByHop("ACK", response.header("To")).encode());
    }
}
