package io.bulwark.media.anchor;

import io.bulwark.api.transport.Zone;
import io.bulwark.media.relay.LegSpec;
import io.bulwark.media.relay.MediaLeg;
import io.bulwark.media.relay.MediaRelay;
import io.bulwark.media.relay.MediaSession;
import io.bulwark.media.sdp.Connection;
import io.bulwark.media.sdp.CryptoAttribute;
import io.bulwark.media.sdp.MediaDescription;
import io.bulwark.media.sdp.SdpException;
import io.bulwark.media.sdp.SessionDescription;
import io.bulwark.media.srtp.SrtpPolicy;
import io.bulwark.media.srtp.SrtpSession;
import io.bulwark.media.srtp.SrtpSuite;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Anchors the media of dialogs: every offer crossing the appliance opens a relay session per
 * active media line and leaves with the appliance's address and port of the other zone; the answer
 * coming back completes the other leg and leaves with the offerer's side. Each leg is plain RTP or
 * SRTP keyed by SDES: the party's key from its crypto line, the appliance's own fresh key in the
 * line it sends, so the two sides never share a key (RTP to SRTP bridging, SRTP to SRTP re-keying).
 * Addresses of one side (connection lines, RTCP ports, ICE candidates) never reach the other.
 */
public final class MediaAnchor {

    /** Event kinds (CONTENT level). */
    public static final String UNENCRYPTED_OFFER = io.bulwark.api.event.EventKinds.MEDIA_UNENCRYPTED_OFFER;
    public static final String DOWNGRADE = io.bulwark.api.event.EventKinds.MEDIA_CRYPTO_DOWNGRADE;
    public static final String BAD_SDP = io.bulwark.api.event.EventKinds.MEDIA_BAD_SDP;

    private static final Set<String> SIDE_SPECIFIC = Set.of("crypto", "rtcp", "rtcp-mux", "candidate",
            "remote-candidates", "end-of-candidates", "ice-ufrag", "ice-pwd", "ice-options", "ice-lite",
            "fingerprint", "setup", "connection");

    private final MediaRelay relay;
    private volatile Map<Zone, MediaPolicy> policies;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, DialogMedia> dialogs = new ConcurrentHashMap<>();

    /** The state of one media line between offer and answer, and after. */
    private static final class Line {
        final String sessionId;
        final CryptoAttribute offererCrypto; // null: the offerer sends plain RTP
        final String offererProto;
        final boolean offererMux;
        final CryptoAttribute ourOfferToAnswerer; // null: plain RTP offered to the answerer

        Line(String sessionId, CryptoAttribute offererCrypto, String offererProto, boolean offererMux,
                CryptoAttribute ourOfferToAnswerer) {
            this.sessionId = sessionId;
            this.offererCrypto = offererCrypto;
            this.offererProto = offererProto;
            this.offererMux = offererMux;
            this.ourOfferToAnswerer = ourOfferToAnswerer;
        }
    }

    private static final class DialogMedia {
        final Zone offerer;
        final List<Line> lines; // null entries: inactive lines (port 0)
        final boolean offererEncrypted;
        int generation;
        /** The last answer and what it became: the same answer again (183, then 200) gets the same SDP. */
        byte[] lastAnswerIn;
        byte[] lastAnswerOut;

        DialogMedia(Zone offerer, List<Line> lines, boolean offererEncrypted) {
            this.offerer = offerer;
            this.lines = lines;
            this.offererEncrypted = offererEncrypted;
        }
    }

    public MediaAnchor(MediaRelay relay, Map<Zone, MediaPolicy> policies) {
        this.relay = relay;
        this.policies = Map.copyOf(policies);
    }

    private MediaPolicy policy(Zone z) {
        return policies.getOrDefault(z, MediaPolicy.RTP);
    }

    private static Zone other(Zone z) {
        return z == Zone.OUTSIDE ? Zone.INSIDE : Zone.OUTSIDE;
    }

    /**
     * An offer from a party of zone {@code from} (INVITE, re-INVITE, UPDATE with SDP).
     *
     * @param dialogId identifies the dialog (the same for its answer and its release)
     * @param signallingPeer the address the SIP came from
     */
    public synchronized AnchorResult offer(String dialogId, Zone from, InetAddress signallingPeer, byte[] sdp) {
        SessionDescription sd;
        try {
            sd = SessionDescription.parse(sdp);
        } catch (SdpException e) {
            return AnchorResult.refuse("SDP " + e.getMessage(), BAD_SDP);
        }
        DialogMedia previous = dialogs.get(dialogId);
        Zone to = other(from);
        List<Line> lines = new ArrayList<>();
        boolean encrypted = true;
        int generation = previous == null ? 0 : previous.generation + 1;
        try {
            for (int i = 0; i < sd.media().size(); i++) {
                MediaDescription m = sd.media().get(i);
                if (m.port() == 0) {
                    lines.add(null);
                    continue;
                }
                CryptoAttribute theirs = m.firstUsableCrypto().orElse(null);
                if (theirs == null) {
                    encrypted = false;
                    if (policy(from) == MediaPolicy.SRTP_REQUIRED) {
                        closeLines(lines);
                        return AnchorResult.refuse("media line " + (i + 1) + " (" + m.media() + ") offered from the "
                                + from.configName() + " zone has no usable SRTP crypto, and the zone is srtp-required",
                                UNENCRYPTED_OFFER);
                    }
                    if (previous != null && previous.offerer == from && previous.offererEncrypted) {
                        closeLines(lines);
                        return AnchorResult.refuse("re-offer of media line " + (i + 1) + " drops the SRTP crypto of"
                                + " the call (downgrade to plain RTP refused)", DOWNGRADE);
                    }
                }
                InetSocketAddress peer = new InetSocketAddress(sd.connectionOf(m).address(), m.port());
                String sessionId = dialogId + "/" + generation + "/" + i;
                LegSpec offererLeg = new LegSpec(peer, signallingPeer, m.rtcpMux());
                LegSpec answererLeg = new LegSpec(null, null, false);
                MediaSession s = relay.open(sessionId, from == Zone.OUTSIDE ? offererLeg : answererLeg,
                        from == Zone.OUTSIDE ? answererLeg : offererLeg);
                CryptoAttribute toAnswerer = policy(to) == MediaPolicy.RTP ? null
                        : CryptoAttribute.of(1, theirs == null ? SrtpSuite.AES_CM_128_HMAC_SHA1_80 : theirs.suite(),
                                freshKey(theirs == null ? SrtpSuite.AES_CM_128_HMAC_SHA1_80 : theirs.suite()));
                Line line = new Line(sessionId, theirs, m.proto(), m.rtcpMux(), toAnswerer);
                lines.add(line);
                rewriteForAnswerer(m, s.leg(to), toAnswerer, policy(to));
            }
        } catch (SdpException e) {
            closeLines(lines);
            return AnchorResult.refuse("SDP " + e.getMessage(), BAD_SDP);
        } catch (IOException e) {
            closeLines(lines);
            return new AnchorResult(null, 503, "no media ports: " + e.getMessage(), null);
        }
        hideConnection(sd, relayAddress(lines, to));
        if (previous != null) {
            closeLines(previous.lines); // the new offer's sessions replace the old ones
        }
        DialogMedia dm = new DialogMedia(from, lines, encrypted && !lines.stream().allMatch(l -> l == null));
        dm.generation = generation;
        dialogs.put(dialogId, dm);
        return AnchorResult.ok(sd.encode());
    }

    /**
     * The answer to the last offer of a dialog, from a party of zone {@code from}.
     */
    public synchronized AnchorResult answer(String dialogId, Zone from, InetAddress signallingPeer, byte[] sdp) {
        DialogMedia dm = dialogs.get(dialogId);
        if (dm == null || dm.offerer == from) {
            return offer(dialogId, from, signallingPeer, sdp); // an offer in a 2xx or ACK (late offer)
        }
        if (dm.lastAnswerIn != null && java.util.Arrays.equals(dm.lastAnswerIn, sdp)) {
            return AnchorResult.ok(dm.lastAnswerOut.clone());
        }
        SessionDescription sd;
        try {
            sd = SessionDescription.parse(sdp);
        } catch (SdpException e) {
            return AnchorResult.refuse("SDP answer " + e.getMessage(), BAD_SDP);
        }
        if (sd.media().size() != dm.lines.size()) {
            return AnchorResult.refuse("the answer has " + sd.media().size() + " media lines, the offer had "
                    + dm.lines.size() + " (RFC 3264 section 6)", BAD_SDP);
        }
        try {
            for (int i = 0; i < dm.lines.size(); i++) {
                Line line = dm.lines.get(i);
                MediaDescription m = sd.media().get(i);
                if (line == null) {
                    m.port(0);
                    continue;
                }
                MediaSession s = relay.session(line.sessionId);
                if (s == null || m.port() == 0) {
                    relay.close(line.sessionId); // the answerer declined this line
                    m.port(0);
                    stripSideSpecific(m);
                    continue;
                }
                MediaLeg answererLeg = s.leg(from);
                MediaLeg offererLeg = s.leg(dm.offerer);
                answererLeg.answered(new LegSpec(new InetSocketAddress(sd.connectionOf(m).address(), m.port()),
                        signallingPeer, m.rtcpMux()));
                // the answerer's side
                CryptoAttribute answered = line.ourOfferToAnswerer == null ? null : matching(m, line.ourOfferToAnswerer);
                if (line.ourOfferToAnswerer != null && answered == null && policy(from) == MediaPolicy.SRTP_REQUIRED) {
                    return AnchorResult.refuse("the " + from.configName() + " party answered media line " + (i + 1)
                            + " without SRTP, and the zone is srtp-required", UNENCRYPTED_OFFER);
                }
                if (answered != null) {
                    answererLeg.crypto(session(answered), session(line.ourOfferToAnswerer), answered.suiteName());
                } else {
                    answererLeg.crypto(null, null, null);
                }
                // the offerer's side: answer with our own key in the suite and tag it offered
                CryptoAttribute ours = null;
                if (line.offererCrypto != null) {
                    SrtpSuite suite = line.offererCrypto.suite();
                    ours = CryptoAttribute.of(line.offererCrypto.tag(), suite, freshKey(suite));
                    offererLeg.crypto(session(line.offererCrypto), session(ours), suite.name());
                } else {
                    offererLeg.crypto(null, null, null);
                }
                m.port(offererLeg.localRtp().getPort());
                m.proto(line.offererProto);
                m.connection(Connection.of(offererLeg.localRtp().getAddress().getHostAddress()));
                stripSideSpecific(m);
                if (ours != null) {
                    m.addAttribute("crypto", ours.encode());
                }
                if (line.offererMux) {
                    m.addAttribute("rtcp-mux", null);
                }
            }
        } catch (SdpException e) {
            return AnchorResult.refuse("SDP answer " + e.getMessage(), BAD_SDP);
        }
        hideConnection(sd, relayAddress(dm.lines, dm.offerer));
        byte[] out = sd.encode();
        dm.lastAnswerIn = sdp.clone();
        dm.lastAnswerOut = out.clone();
        return AnchorResult.ok(out);
    }

    /** The dialog ended (BYE, CANCEL, a failure answer): its media lines close and their ports go back. */
    public synchronized void release(String dialogId) {
        DialogMedia dm = dialogs.remove(dialogId);
        if (dm != null) {
            closeLines(dm.lines);
        }
    }

    /** @return whether this anchor holds media of that dialog */
    public boolean has(String dialogId) {
        return dialogs.containsKey(dialogId);
    }

    /** @return the relay it anchors in */
    public MediaRelay relay() {
        return relay;
    }

    /** New policies, for the next offers. */
    public void policies(Map<Zone, MediaPolicy> p) {
        this.policies = Map.copyOf(p);
    }

    /** @return dialogs with anchored media */
    public int dialogs() {
        return dialogs.size();
    }

    private void closeLines(List<Line> lines) {
        for (Line l : lines) {
            if (l != null) {
                relay.close(l.sessionId);
            }
        }
    }

    private void rewriteForAnswerer(MediaDescription m, MediaLeg leg, CryptoAttribute ours, MediaPolicy policy) {
        m.port(leg.localRtp().getPort());
        m.connection(Connection.of(leg.localRtp().getAddress().getHostAddress()));
        stripSideSpecific(m);
        String base = m.proto().replace("UDP/TLS/", "");
        boolean feedback = base.endsWith("F");
        if (ours == null) {
            m.proto(feedback ? "RTP/AVPF" : "RTP/AVP");
        } else {
            m.proto(policy == MediaPolicy.SRTP_REQUIRED ? (feedback ? "RTP/SAVPF" : "RTP/SAVP")
                    : (feedback ? "RTP/AVPF" : "RTP/AVP"));
            m.addAttribute("crypto", ours.encode());
        }
    }

    private static void stripSideSpecific(MediaDescription m) {
        m.lines().removeIf(l -> l.type() == 'a' && SIDE_SPECIFIC.contains(l.attributeName()));
    }

    /** Replaces a session-level connection (the other side's address) with the relay's. */
    private static void hideConnection(SessionDescription sd, String relayAddress) {
        boolean hasSessionConnection = sd.sessionLines().stream().anyMatch(l -> l.type() == 'c');
        if (hasSessionConnection && relayAddress != null) {
            sd.connection(Connection.of(relayAddress));
        }
        sd.sessionLines().removeIf(l -> l.type() == 'a' && SIDE_SPECIFIC.contains(l.attributeName()));
    }

    private String relayAddress(List<Line> lines, Zone zone) {
        for (Line l : lines) {
            MediaSession s = l == null ? null : relay.session(l.sessionId);
            if (s != null) {
                return s.leg(zone).localRtp().getAddress().getHostAddress();
            }
        }
        return null;
    }

    /** @return the answer's crypto line with the tag and suite of our offer, or null */
    private static CryptoAttribute matching(MediaDescription m, CryptoAttribute offered) throws SdpException {
        for (CryptoAttribute c : m.cryptos()) {
            if (c.tag() == offered.tag() && c.suite() == offered.suite() && c.unsupported() == null) {
                return c;
            }
        }
        return null;
    }

    private static SrtpSession session(CryptoAttribute c) {
        CryptoAttribute.KeyParams k = c.keys().get(0);
        SrtpPolicy p = SrtpPolicy.of(c.suite());
        if (k.mki() != null) {
            p = p.withMki(k.mki());
        }
        return new SrtpSession(p, k.masterKey(c.suite()), k.masterSalt(c.suite()));
    }

    private byte[] freshKey(SrtpSuite suite) {
        byte[] k = new byte[suite.keyLength() + suite.saltLength()];
        random.nextBytes(k);
        return k;
    }
}
