package io.bulwark.api.store;

import java.time.Instant;

/**
 * One call as the appliance saw it. Parties are as seen from the outside: no inside address
 * appears here.
 *
 * @param callId the Call-ID as used on the outside leg
 * @param direction {@code inbound} (trunk to PBX) or {@code outbound} (PBX to trunk)
 * @param caller the From URI as seen outside
 * @param callee the To URI as seen outside
 * @param outsideTransport transport of the outside leg (UDP, TCP, TLS)
 * @param insideTransport transport of the inside leg
 * @param started when the INVITE arrived
 * @param answered when the 2xx was relayed, or null
 * @param ended when the call ended, or null while it is up
 * @param endReason why it ended ({@code bye-caller}, {@code bye-callee}, {@code cancel},
 *     {@code rejected-486}, ...), or null while it is up
 */
public record CallRecord(
        String callId,
        String direction,
        String caller,
        String callee,
        String outsideTransport,
        String insideTransport,
        Instant started,
        Instant answered,
        Instant ended,
        String endReason) {
}
