package io.bulwark.media.anchor;

import io.bulwark.media.dtls.CertificateFingerprint;
import io.bulwark.media.dtls.DtlsCertificate;
import io.bulwark.media.dtls.DtlsRole;
import io.bulwark.media.dtls.DtlsSrtpHandshake;
import io.bulwark.media.dtls.DtlsSrtpOutcome;
import io.bulwark.media.dtls.DtlsSrtpSettings;
import io.bulwark.media.dtls.SetupAttribute;
import io.bulwark.media.relay.MediaLeg;
import io.bulwark.media.sdp.MediaDescription;
import io.bulwark.media.sdp.SdpException;
import io.bulwark.media.sdp.SdpLine;
import io.bulwark.media.sdp.SessionDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * DTLS-SRTP (RFC 5763/5764) for a party that offers it, or that the appliance offers it to: what
 * the party's SDP says (fingerprints and {@code a=setup}), the appliance's fingerprint and setup
 * in its answer or offer, and the handshake on the leg's own port, whose keys become the leg's
 * SRTP contexts. Until the handshake succeeds no media passes on the leg; a failed one is told as a
 * keying failure and the leg stays silent.
 */
public final class DtlsKeying {

    private final DtlsCertificate certificate;
    private final DtlsSrtpSettings settings;
    private final Executor executor;

    /**
     * @param certificate the appliance's certificate, whose fingerprint its answers carry
     * @param executor runs the blocking handshakes (a small bounded pool, not an event loop)
     */
    public DtlsKeying(DtlsCertificate certificate, DtlsSrtpSettings settings, Executor executor) {
        this.certificate = certificate;
        this.settings = settings;
        this.executor = executor;
    }

    /**
     * A party's DTLS terms for one media line.
     *
     * @param identity the fingerprints as signalled: the same identity again (a re-offer) keeps the association
     */
    record Offer(List<CertificateFingerprint> fingerprints, SetupAttribute setup, String identity) {
    }

    /**
     * @return the DTLS terms of a media line, or null when it does not offer DTLS-SRTP (its
     * profile is not UDP/TLS/RTP/SAVP[F])
     * @throws SdpException when it names that profile without a usable {@code a=fingerprint} or
     *     with a bad {@code a=setup}
     */
    static Offer offered(SessionDescription sd, MediaDescription m) throws SdpException {
        return terms(sd, m, "actpass");
    }

    /**
     * @return the DTLS terms of an answer to the appliance's DTLS offer, or null when the answerer
     * did not take DTLS-SRTP; an answer without {@code a=setup} is {@code active} (RFC 4145 section 4)
     * @throws SdpException as {@link #offered}
     */
    static Offer answered(SessionDescription sd, MediaDescription m) throws SdpException {
        return terms(sd, m, "active");
    }

    private static Offer terms(SessionDescription sd, MediaDescription m, String defaultSetup) throws SdpException {
        if (!m.proto().startsWith("UDP/TLS/RTP/SAVP")) {
            return null;
        }
        List<SdpLine> lines = m.attributes("fingerprint");
        if (lines.isEmpty()) {
            lines = sd.sessionLines().stream().filter(l -> l.type() == 'a' && "fingerprint".equals(l.attributeName()))
                    .toList();
        }
        if (lines.isEmpty()) {
            throw new SdpException(0, "a=fingerprint", m.proto() + " without a certificate fingerprint (RFC 5763"
                    + " section 5): the peer's certificate could not be checked");
        }
        List<CertificateFingerprint> fingerprints = new ArrayList<>();
        StringBuilder identity = new StringBuilder();
        for (SdpLine l : lines) {
            fingerprints.add(CertificateFingerprint.parse(l.attributeValue()));
            identity.append(l.attributeValue().strip().toLowerCase(java.util.Locale.ROOT)).append('\n');
        }
        String setup = m.attribute("setup");
        if (setup == null) {
            setup = sd.sessionLines().stream().filter(l -> l.type() == 'a' && "setup".equals(l.attributeName()))
                    .map(SdpLine::attributeValue).findFirst().orElse(defaultSetup);
        }
        return new Offer(fingerprints, SetupAttribute.parse(setup), identity.toString());
    }

    /** Adds the appliance's side to the answer of a DTLS offer: its fingerprint and setup. */
    void answer(MediaDescription m, Offer offer) {
        m.addAttribute("fingerprint", certificate.fingerprint().sdpValue());
        m.addAttribute("setup", SetupAttribute.answerTo(offer.setup()).sdpValue());
    }

    /**
     * Makes a media line of an offer a DTLS-SRTP offer of the appliance's (RFC 5763 section 5): its
     * fingerprint, {@code a=setup:actpass} (the answerer chooses who connects) and
     * {@code a=rtcp-mux} (one association per line carries RTP and RTCP).
     */
    void offer(MediaDescription m) {
        m.addAttribute("fingerprint", certificate.fingerprint().sdpValue());
        m.addAttribute("setup", SetupAttribute.ACTPASS.sdpValue());
        m.addAttribute("rtcp-mux", null);
    }

    /**
     * A re-offer to a party whose leg is keyed by DTLS: the appliance's fingerprint and its role
     * in the running association, which goes on (RFC 5763 section 6.7.1: same fingerprint, same
     * roles, no new handshake).
     */
    void reoffer(MediaDescription m, MediaLeg leg) {
        DtlsSrtpHandshake h = leg.dtls();
        m.addAttribute("fingerprint", certificate.fingerprint().sdpValue());
        m.addAttribute("setup", h != null && h.role() == DtlsRole.SERVER ? SetupAttribute.PASSIVE.sdpValue()
                : SetupAttribute.ACTIVE.sdpValue());
    }

    /**
     * Starts the handshake on the leg in the role the answer gave the appliance (active: it sends
     * the ClientHello at once). The leg carries no media until the keys are agreed.
     *
     * @param failed told the reason when the handshake fails
     */
    void key(MediaLeg leg, Offer offer, Consumer<String> failed) {
        SetupAttribute ours = SetupAttribute.answerTo(offer.setup());
        if (ours == SetupAttribute.HOLDCONN) {
            leg.holdMedia(); // no connection wanted: no keys, so no media
            return;
        }
        start(leg, ours.localRole(), offer, failed);
    }

    /**
     * Starts the handshake on the leg of a party that answered the appliance's DTLS offer: the
     * appliance is the server when the answer says {@code active}, the client when it says
     * {@code passive}.
     *
     * @throws SdpException naming {@code a=setup} when the answer says {@code actpass} or {@code holdconn}
     */
    void keyAsOfferer(MediaLeg leg, Offer answer, Consumer<String> failed) throws SdpException {
        start(leg, SetupAttribute.offererRole(answer.setup()), answer, failed);
    }

    private void start(MediaLeg leg, DtlsRole role, Offer offer, Consumer<String> failed) {
        DtlsSrtpHandshake h = DtlsSrtpHandshake.create(role, certificate, offer.fingerprints(), settings,
                leg::sendToParty);
        leg.keyByDtls(h); // reachable from the leg's I/O thread before the first datagram goes out
        h.start(executor);
        h.outcome().thenAccept(o -> {
            if (leg.dtls() != h) {
                return; // replaced meanwhile
            }
            if (o instanceof DtlsSrtpOutcome.Established e) {
                leg.crypto(e.unprotect().newSession(), e.protect().newSession(), e.suite().name());
            } else if (o instanceof DtlsSrtpOutcome.Failed f) {
                failed.accept("DTLS_" + f.reason() + " (" + f.detail() + ")");
            }
        });
    }
}
