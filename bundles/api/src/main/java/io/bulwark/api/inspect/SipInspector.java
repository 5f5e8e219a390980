package io.bulwark.api.inspect;

import io.bulwark.api.sip.SipMessage;
import io.bulwark.api.transport.MessageContext;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One inspector, registered as a whiteboard service. The proxy calls the inspectors in order of
 * {@code service.ranking} (highest first) for every request it receives, after the codec accepted
 * it and before it is routed, and for every response it is about to send back to a request's
 * sender.
 *
 * <p>Both methods run on the transport's event-loop threads: they must answer in microseconds,
 * never block, never do I/O and never throw (a throwing inspector is counted and treated as PASS,
 * so a bug cannot stop calls). The time they compare against comes from their own clock, which
 * tests replace.
 */
@ConsumerType
public interface SipInspector {

    /** Service property naming the inspector in logs, counters and the admin UI. */
    String NAME_PROPERTY = "bulwark.inspector";

    /**
     * @param request a request as received, retransmissions included (an inspector that counts
     *     must not count a retransmission twice: compare Call-ID, CSeq and Via branch)
     * @param from where it came from
     * @return what to do with it; never null
     */
    Verdict onRequest(SipMessage request, MessageContext from);

    /**
     * Called for each response the proxy is about to send to the sender of {@code request}:
     * provisional and final responses from the other side, and the proxy's own rejections.
     *
     * @param response the response, as it will leave (after topology hiding)
     * @param request the request it answers, as received from its sender
     * @param requestFrom where that request came from (the response goes back there)
     * @return what to do with the response: PASS relays it, REJECT sends the given status in its
     *     place, DROP and BAN discard it
     */
    default Verdict onResponse(SipMessage response, SipMessage request, MessageContext requestFrom) {
        return Verdict.PASS;
    }
}
