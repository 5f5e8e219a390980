package io.bulwark.media.anchor;

/**
 * What the signalling does with an SDP the anchor looked at.
 *
 * @param sdp the SDP to send on (null when refused)
 * @param status 0 when it goes on, else the SIP status to refuse it with (488)
 * @param reason why it was refused, naming the rule or field, or null
 * @param event the CONTENT event kind to raise, or null
 */
public record AnchorResult(byte[] sdp, int status, String reason, String event) {

    static AnchorResult ok(byte[] sdp) {
        return new AnchorResult(sdp, 0, null, null);
    }

    static AnchorResult refuse(String reason, String event) {
        return new AnchorResult(null, 488, reason, event);
    }

    public boolean accepted() {
        return status == 0;
    }
}
