package io.bulwark.sipproxy.proxy;

import io.bulwark.api.media.MediaAnchoring;
import io.bulwark.api.media.MediaSessionView;
import io.bulwark.api.media.MediaVerdict;
import io.bulwark.api.transport.Zone;
import io.bulwark.sipproxy.codec.SipMessageImpl;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the SDP of messages crossing zones to the media relay (when anchoring is on and the relay
 * runs): offers in INVITE and UPDATE, answers in their provisional and 2xx responses and in ACK and
 * PRACK; frees a dialog's media when it ends. Off, or without the relay, SDP passes as it is (its
 * o= line hidden as always).
 */
final class MediaStep {

    private static final Logger LOG = LoggerFactory.getLogger(MediaStep.class);

    /** Set by the component: the relay, or null. */
    volatile MediaAnchoring media;
    /** Set by the component from {@code media.anchoring}. */
    volatile boolean enabled;

    private MediaAnchoring active() {
        return enabled ? media : null;
    }

    static boolean hasSdp(SipMessageImpl m) {
        return TopologyHider.isSdp(m);
    }

    /** @return whether this request carries an offer for the relay (anchoring on, crossing zones, INVITE/UPDATE with SDP) */
    boolean takesOffer(SipMessageImpl m, Flow from, Zone toZone) {
        String method = m.method();
        return active() != null && from.zone() != toZone && ("INVITE".equals(method) || "UPDATE".equals(method))
                && hasSdp(m);
    }

    /**
     * An offer in a request about to cross zones ({@link #takesOffer} was true).
     *
     * @return the verdict (the SDP to send on), or null when the relay went away meanwhile
     */
    MediaVerdict offer(SipMessageImpl m, Flow from, String dialogId) {
        MediaAnchoring a = active();
        return a == null ? null : a.offer(dialogId, from.zone(), from.remote().getAddress(), m.body());
    }

    /** An answer (or late offer) in an ACK or PRACK crossing zones: its body is replaced, or removed when refused. */
    void answerInRequest(SipMessageImpl out, Flow from, Zone toZone, String dialogId) {
        MediaAnchoring a = active();
        String method = out.method();
        if (a == null || from.zone() == toZone || !("ACK".equals(method) || "PRACK".equals(method)) || !hasSdp(out)) {
            return;
        }
        apply(out, a.answer(dialogId, from.zone(), from.remote().getAddress(), out.body()), dialogId);
    }

    /**
     * An answer (or an offer, in a 2xx to an INVITE without SDP) in a response crossing zones; a
     * failure response to an INVITE or UPDATE refuses its offer.
     */
    void answerInResponse(SipMessageImpl out, String requestMethod, int status, Flow from, Zone toZone,
            String dialogId) {
        MediaAnchoring a = active();
        boolean offering = "INVITE".equals(requestMethod) || "UPDATE".equals(requestMethod);
        if (a == null || from.zone() == toZone || status <= 100) {
            return;
        }
        if (status >= 300) {
            if (offering) {
                a.offerRefused(dialogId); // a refused re-offer leaves the call's media as it was
            }
            return;
        }
        if (!hasSdp(out) || !(offering || "PRACK".equals(requestMethod))) {
            return;
        }
        apply(out, a.answer(dialogId, from.zone(), from.remote().getAddress(), out.body()), dialogId);
    }

    private static void apply(SipMessageImpl out, MediaVerdict v, String dialogId) {
        if (v.accepted()) {
            out.setBody(v.sdp());
        } else {
            // an answer cannot be refused: it goes on without SDP (no address of the other side leaks)
            LOG.warn("Media of dialog {}: SDP removed from {} ({})", dialogId, out.isRequest() ? out.method()
                    : Integer.toString(out.statusCode()), v.reason());
            out.setBody(new byte[0]);
            out.removeHeader("Content-Type");
        }
    }

    /**
     * @return how each leg's media of a dialog travels, for its call record: per zone the SRTP
     * suite or {@code RTP} of each media line (distinct values, comma-separated), or null when the
     * relay holds no media of it
     */
    String[] encryption(String dialogId) {
        MediaAnchoring a = media;
        List<MediaSessionView> lines = a == null || dialogId == null ? List.of() : a.sessions(dialogId);
        if (lines.isEmpty()) {
            return null;
        }
        Set<String> outside = new LinkedHashSet<>();
        Set<String> inside = new LinkedHashSet<>();
        for (MediaSessionView v : lines) {
            outside.add(v.outside().suite() == null ? "RTP" : v.outside().suite());
            inside.add(v.inside().suite() == null ? "RTP" : v.inside().suite());
        }
        return new String[] {String.join(",", outside), String.join(",", inside)};
    }

    /** The dialog's last offer failed (no answer came): its media goes on as negotiated before. */
    void offerRefused(String dialogId) {
        MediaAnchoring a = media;
        if (a != null && dialogId != null) {
            a.offerRefused(dialogId);
        }
    }

    /** The dialog ended or failed. */
    void release(String dialogId) {
        MediaAnchoring a = media;
        if (a != null && dialogId != null) {
            a.release(dialogId);
        }
    }
}
