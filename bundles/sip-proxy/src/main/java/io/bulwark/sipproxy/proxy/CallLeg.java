package io.bulwark.sipproxy.proxy;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One leg of an answered call, as the appliance needs it to send an in-dialog request of its own
 * to the party on that leg (RFC 3261 section 12.2.1.1): where to send it, the remote target and
 * route set, the leg's Call-ID, and From and To as that party expects them. The CSeq goes on from
 * the highest one the other side used on this leg.
 *
 * @param flow the next hop towards the party
 * @param remoteTarget the party's Contact URI
 * @param routeSet Route values, in order
 * @param callId the Call-ID on this leg
 * @param from the From of a request to the party (the other side's identity, with its tag)
 * @param to the To of a request to the party (the party's identity, with its tag)
 */
record CallLeg(Flow flow, String remoteTarget, List<String> routeSet, String callId, String from, String to,
        AtomicLong cseq) {

    CallLeg {
        routeSet = List.copyOf(routeSet);
    }

    /** Notes a CSeq the other side used towards this party, so ours comes after it. */
    void seen(long value) {
        cseq.accumulateAndGet(value, Math::max);
    }

    /** @return the CSeq number for a new request of the appliance's towards this party */
    long next() {
        return cseq.incrementAndGet();
    }
}
