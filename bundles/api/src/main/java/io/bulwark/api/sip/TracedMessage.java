package io.bulwark.api.sip;

import java.time.Instant;

/**
 * One SIP message as the proxy received or sent it: who sent it to whom, and its summary.
 *
 * @param time when the proxy received or sent it
 * @param inbound true when received from {@code peer}, false when sent to it
 * @param zone the zone of the peer ({@code outside} or {@code inside})
 * @param transport UDP, TCP or TLS
 * @param peer the peer's address and port ({@code 203.0.113.7:5060}, {@code [2001:db8::7]:5060})
 * @param startLine the request or status line
 * @param cseq the CSeq header value, or null
 * @param callId the Call-ID header value as on that side
 */
public record TracedMessage(Instant time, boolean inbound, String zone, String transport, String peer,
        String startLine, String cseq, String callId) {
}
