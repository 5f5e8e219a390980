package io.bulwark.api.media;

import io.bulwark.api.transport.Zone;
import java.net.InetAddress;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Anchors the media of dialogs in the appliance (RFC 3264 offer/answer): each offer and answer
 * crossing it is rewritten so that media flows through the relay, with each zone's encryption
 * policy applied. State lives as long as the dialog: {@link #release} frees it.
 */
@ProviderType
public interface MediaAnchoring {

    /**
     * An SDP offer (INVITE, re-INVITE, UPDATE, or an offer in a 2xx/ACK) from a party of zone {@code from}.
     *
     * @param dialogId the dialog (the same for its answers and its release)
     * @param signallingPeer the address the SIP message came from
     * @param sdp the message body
     * @return the SDP to send on, or the status to refuse the request with
     */
    MediaVerdict offer(String dialogId, Zone from, InetAddress signallingPeer, byte[] sdp);

    /** The answer to the dialog's last offer, from a party of zone {@code from}. */
    MediaVerdict answer(String dialogId, Zone from, InetAddress signallingPeer, byte[] sdp);

    /**
     * The dialog's last offer was refused (a failure response to a re-INVITE or UPDATE): what it
     * proposed is dropped and the media goes on as negotiated before; a dialog whose first offer
     * failed is released.
     *
     * @since 1.1
     */
    void offerRefused(String dialogId);

    /** The dialog ended or failed: its media sessions close and their ports are free again. */
    void release(String dialogId);

    /** @return the open media sessions */
    List<MediaSessionView> sessions();

    /**
     * @return the open media sessions of one dialog (its media lines), empty when it has none
     * @since 1.1
     */
    List<MediaSessionView> sessions(String dialogId);
}
