package io.bulwark.api.transport;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives every SIP message the transport has framed (one datagram, or one Content-Length
 * delimited message from a stream). Registered as a service by the SIP layer; called on a
 * transport event-loop thread, so it must never block.
 */
@ConsumerType
public interface SipFrameHandler {

    /**
     * @param frame the raw bytes of exactly one message (for UDP, the whole datagram, which may
     *     carry trailing octets after the message)
     * @param context where it came from
     */
    void onFrame(byte[] frame, MessageContext context);

    /**
     * A stream could not be framed (a line or header section over the limit, a bad
     * Content-Length). The transport closes the connection after this call.
     *
     * @param reason human-readable reason naming the offending field
     * @param partial the bytes received for the broken message so far (may be truncated)
     * @param context where it came from
     */
    void onFramingError(String reason, byte[] partial, MessageContext context);
}
