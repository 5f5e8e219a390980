package io.bulwark.api.media;

/**
 * What the signalling does with an SDP.
 *
 * @param sdp the body to send on; null when refused
 * @param status 0 when it goes on, else the SIP status to refuse it with (488, or 503 when no
 *        media ports are free)
 * @param reason why it was refused, naming the rule or the field, or null
 */
public record MediaVerdict(byte[] sdp, int status, String reason) {

    public boolean accepted() {
        return status == 0;
    }
}
