package io.bulwark.sipproxy.proxy;

import io.bulwark.sipproxy.codec.SipMessageImpl;
import java.util.concurrent.ScheduledFuture;

/**
 * The downstream half of a proxied transaction (RFC 3261 section 17.1): the request as sent
 * with the appliance's own Via branch, retransmitted over UDP until a response arrives.
 */
final class ClientTransaction {

    final String branch;
    final SipMessageImpl sent;
    final byte[] bytes;
    final Flow downstream;
    final ServerTransaction server;
    volatile boolean provisionalReceived;
    volatile long lastProvisionalMillis;
    volatile int finalStatus;
    volatile ScheduledFuture<?> retransmit;
    volatile ScheduledFuture<?> timeout;
    volatile long retransmitIntervalMs;

    ClientTransaction(String branch, SipMessageImpl sent, byte[] bytes, Flow downstream, ServerTransaction server) {
        this.branch = branch;
        this.sent = sent;
        this.bytes = bytes;
        this.downstream = downstream;
        this.server = server;
    }

    /**
     * Builds a request that belongs to this INVITE transaction hop by hop: CANCEL (RFC 3261
     * section 9.1) or the ACK of a non-2xx final (section 17.1.1.3). Same branch, Request-URI,
     * Route, Call-ID, From and CSeq number as the INVITE sent.
     *
     * @param to the To header: the INVITE's for CANCEL, the response's (with its tag) for ACK
     */
    SipMessageImpl hopByHop(String method, String to) {
        SipMessageImpl m = SipMessageImpl.request(method, sent.requestUri());
        m.addHeader("Via", sent.headers("Via").get(0));
        for (String route : sent.headers("Route")) {
            m.addHeader("Route", route);
        }
        m.addHeader("Max-Forwards", "70");
        m.addHeader("From", sent.header("From"));
        m.addHeader("To", to);
        m.addHeader("Call-ID", sent.callId());
        m.addHeader("CSeq", sent.cseq() + " " + method);
        return m;
    }

    boolean isInvite() {
        return "INVITE".equals(sent.method());
    }

    void stopRetransmit() {
        ScheduledFuture<?> r = retransmit;
        if (r != null) {
            r.cancel(false);
        }
    }

    void stopTimers() {
        stopRetransmit();
        ScheduledFuture<?> t = timeout;
        if (t != null) {
            t.cancel(false);
        }
    }
}
