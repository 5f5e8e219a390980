package io.bulwark.api.sip;

import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * A dialog (RFC 3261 section 12) as the proxy tracks it, seen from the outside leg.
 *
 * @param outsideCallId the Call-ID on the outside leg
 * @param callerZone the zone the dialog-creating INVITE came from
 * @param fromTag the caller's tag
 * @param toTag the callee's tag, or null while early
 * @param outsidePeer the latched peer on the outside leg
 * @param outsideTransport the transport of the outside leg
 * @param state {@code EARLY}, {@code CONFIRMED} or {@code TERMINATED}
 * @param created when the INVITE arrived
 */
public record DialogInfo(
        String outsideCallId,
        Zone callerZone,
        String fromTag,
        String toTag,
        InetSocketAddress outsidePeer,
        TransportProtocol outsideTransport,
        String state,
        Instant created) {
}
