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
 * @param outsideMedia how the media of the outside leg travelled, as the appliance anchored it:
 *     the SRTP suite ({@code AES_CM_128_HMAC_SHA1_80}, ...), {@code RTP} for clear text, several
 *     comma-separated when the call's media lines differ; null when the appliance did not anchor
 *     the call's media (anchoring off, or a call without media)
 * @param insideMedia the same for the inside leg
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
        String endReason,
        String outsideMedia,
        String insideMedia) {

    /** A record without media information (as before 1.3). */
    public CallRecord(String callId, String direction, String caller, String callee, String outsideTransport,
            String insideTransport, Instant started, Instant answered, Instant ended, String endReason) {
        this(callId, direction, caller, callee, outsideTransport, insideTransport, started, answered, ended, endReason,
                null, null);
    }
}
