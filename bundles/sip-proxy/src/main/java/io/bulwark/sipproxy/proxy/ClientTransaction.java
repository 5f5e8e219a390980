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
