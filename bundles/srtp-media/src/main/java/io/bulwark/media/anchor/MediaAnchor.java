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
import java.util.Arrays;
import java.util.EnumMap;
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
    private final DtlsKeying dtls;
    private volatile boolean passThrough;
    private volatile Set<Zone> dtlsOffered = Set.of();

    /**
     * What one zone's party of a media line agreed to: the key it sends with (null: plain RTP), the
     * key it receives with (the appliance's, or in pass-through the other party's), and the
     * transport profile its SDP named.
     */
    private record Side(CryptoAttribute partyKey, CryptoAttribute ourKey, String proto, String dtls,
            boolean passThrough) {
    }

    /** One media line of a dialog: its relay session (the same ports for the dialog's life) and each side's terms. */
    private static final class Line {
        final String sessionId;
        final String media;
        final Map<Zone, Side> sides = new EnumMap<>(Zone.class);

        Line(String sessionId, String media) {
            this.sessionId = sessionId;
            this.media = media;
        }
    }

    /** A media line as one offer proposes it, until its answer. */
    private record Proposal(Line line, boolean opened, CryptoAttribute offererCrypto, DtlsKeying.Offer offererDtls,
            String offererProto, boolean offererMux, LegSpec offererSpec, CryptoAttribute toAnswerer,
            String answererProto, boolean passThrough, boolean answererDtls) {
    }

    /** One offer and, once it came, its answer: the same answer again (183, then 200) gets the same SDP. */
    private static final class Offer {
        final Zone offerer;
        final List<Proposal> lines; // null entries: inactive lines (port 0)
        final boolean encrypted;
        /** The offer as it came and as it went on: the same offer again (a retransmitted 2xx) gets the same SDP. */
        byte[] offerIn;
        byte[] offerOut;
        byte[] answerIn;
        byte[] answerOut;

        Offer(Zone offerer, List<Proposal> lines, boolean encrypted) {
            this.offerer = offerer;
            this.lines = lines;
            this.encrypted = encrypted;
        }
    }

    /**
     * The media of one dialog. A re-offer (re-INVITE, UPDATE: session refresh, hold, a codec
     * change) keeps each line's relay session, ports and keys; what it changes takes effect with
     * its answer, and an offer that is refused leaves the media as it was.
     */
    private static final class DialogMedia {
        final List<Line> lines = new ArrayList<>(); // by m-line index; null: inactive
        /** Whether each zone's party offered SRTP in its last answered offer (a plain re-offer is a downgrade). */
        final Map<Zone, Boolean> encrypted = new EnumMap<>(Zone.class);
        Offer pending;
        Offer last;
        int generation;

        Line line(int i) {
            return i < lines.size() ? lines.get(i) : null;
        }

        void line(int i, Line l) {
            while (lines.size() <= i) {
                lines.add(null);
            }
            lines.set(i, l);
        }
    }

    public MediaAnchor(MediaRelay relay, Map<Zone, MediaPolicy> policies) {
        this(relay, policies, null);
    }

    /**
     * @param dtls keys the legs of parties that offer DTLS-SRTP; null: such offers count as
     *     offers without usable crypto
     */
    public MediaAnchor(MediaRelay relay, Map<Zone, MediaPolicy> policies, DtlsKeying dtls) {
        this.relay = relay;
        this.policies = Map.copyOf(policies);
        this.dtls = dtls;
    }

    /**
     * SRTP pass-through: when a party offers SDES and the other zone's policy lets SRTP be offered
     * to it, its crypto line goes on unchanged and, if the other party answers with SRTP in the
     * same suite, each keeps its own key end to end; the relay verifies every packet with the
     * sender's key (authentication, replay) and relays it as it came. Otherwise (off, the other
     * party answers plain RTP, DTLS-SRTP) the appliance terminates SRTP on each leg with keys of its
     * own. A line keeps the way it was set up for its re-offers. For new offers.
     */
    public void passThrough(boolean on) {
        this.passThrough = on;
    }

    /**
     * The zones whose parties are offered DTLS-SRTP (UDP/TLS/RTP/SAVP, the appliance's fingerprint,
     * {@code a=setup:actpass}, {@code a=rtcp-mux}) instead of an SDES key, where their policy asks
     * for SRTP; the handshake runs in the role their answer leaves the appliance. Needs the DTLS
     * keying this anchor was made with; for new offers.
     */
    public void offerDtls(Set<Zone> zones) {
        this.dtlsOffered = Set.copyOf(zones);
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
        DialogMedia dm = dialogs.get(dialogId);
        if (dm != null && dm.pending != null && dm.pending.offerer == from && Arrays.equals(dm.pending.offerIn, sdp)) {
            return AnchorResult.ok(dm.pending.offerOut.clone());
        }
        boolean fresh = dm == null;
        if (fresh) {
            dm = new DialogMedia();
        } else if (dm.pending != null) {
            discard(dm, dm.pending); // an offer never answered is replaced by the new one
            dm.pending = null;
        }
        int generation = dm.generation++;
        Zone to = other(from);
        List<Proposal> proposals = new ArrayList<>();
        boolean encrypted = true;
        try {
            for (int i = 0; i < sd.media().size(); i++) {
                MediaDescription m = sd.media().get(i);
                if (m.port() == 0) {
                    proposals.add(null);
                    continue;
                }
                DtlsKeying.Offer theirDtls = dtls == null ? null : DtlsKeying.offered(sd, m);
                CryptoAttribute theirs = theirDtls != null ? null : m.firstUsableCrypto().orElse(null);
                if (theirs == null && theirDtls == null) {
                    encrypted = false;
                    if (policy(from) == MediaPolicy.SRTP_REQUIRED) {
                        discard(dm, proposals);
                        return AnchorResult.refuse("media line " + (i + 1) + " (" + m.media() + ") offered from the "
                                + from.configName() + " zone has no usable SRTP crypto, and the zone is srtp-required",
                                UNENCRYPTED_OFFER);
                    }
                    if (Boolean.TRUE.equals(dm.encrypted.get(from))) {
                        discard(dm, proposals);
                        return AnchorResult.refuse("re-offer of media line " + (i + 1) + " drops the SRTP crypto of"
                                + " the call (downgrade to plain RTP refused)", DOWNGRADE);
                    }
                }
                LegSpec offererSpec = new LegSpec(new InetSocketAddress(sd.connectionOf(m).address(), m.port()),
                        signallingPeer, m.rtcpMux());
                Line line = dm.line(i);
                boolean opened = line == null || relay.session(line.sessionId) == null || !line.media.equals(m.media());
                if (opened) {
                    line = new Line(dialogId + "/" + generation + "/" + i, m.media());
                    LegSpec answererSpec = new LegSpec(null, null, false);
                    relay.open(line.sessionId, from == Zone.OUTSIDE ? offererSpec : answererSpec,
                            from == Zone.OUTSIDE ? answererSpec : offererSpec);
                }
                Side answererBefore = line.sides.get(to);
                CryptoAttribute toAnswerer;
                String answererProto;
                boolean passing = false;
                boolean offerDtls = false;
                MediaLeg answererLeg = relay.session(line.sessionId).leg(to);
                boolean keepDtls = answererBefore != null && answererBefore.dtls() != null && answererLeg.dtls() != null;
                if (keepDtls) {
                    toAnswerer = null; // its DTLS association goes on: re-offered with the same fingerprint and role
                    answererProto = answererBefore.proto();
                } else if (answererBefore != null && answererBefore.ourKey() != null && !answererBefore.passThrough()) {
                    toAnswerer = answererBefore.ourKey(); // keep its key and profile: its SRTP goes on as it was
                    answererProto = answererBefore.proto();
                } else if (dtls != null && policy(to) != MediaPolicy.RTP && dtlsOffered.contains(to)
                        && (answererBefore == null || !answererBefore.passThrough())) {
                    toAnswerer = null; // keyed by a handshake once it answers
                    answererProto = "UDP/TLS/RTP/SAVP" + (withFeedback(m.proto()) ? "F" : "");
                    offerDtls = true;
                } else if (theirs != null && policy(to) != MediaPolicy.RTP
                        && (answererBefore == null ? passThrough : answererBefore.passThrough())) {
                    toAnswerer = theirs; // pass-through: the offerer's own key goes on unchanged
                    answererProto = profileFor(m.proto(), toAnswerer, policy(to));
                    passing = true;
                } else {
                    SrtpSuite suite = theirs == null ? SrtpSuite.AES_CM_128_HMAC_SHA1_80 : theirs.suite();
                    toAnswerer = policy(to) == MediaPolicy.RTP ? null : CryptoAttribute.of(1, suite, freshKey(suite));
                    answererProto = profileFor(m.proto(), toAnswerer, policy(to));
                }
                proposals.add(new Proposal(line, opened, theirs, theirDtls, m.proto(), m.rtcpMux(), offererSpec,
                        toAnswerer, answererProto, passing, offerDtls));
                rewriteForAnswerer(m, answererLeg, toAnswerer, answererProto);
                if (keepDtls) {
                    dtls.reoffer(m, answererLeg);
                } else if (offerDtls) {
                    dtls.offer(m);
                }
            }
        } catch (SdpException e) {
            discard(dm, proposals);
            return AnchorResult.refuse("SDP " + e.getMessage(), BAD_SDP);
        } catch (IOException e) {
            discard(dm, proposals);
            return new AnchorResult(null, 503, "no media ports: " + e.getMessage(), null);
        }
        hideConnection(sd, relayAddress(proposals, to));
        Offer pending = new Offer(from, proposals, encrypted && !proposals.stream().allMatch(p -> p == null));
        byte[] out = sd.encode();
        pending.offerIn = sdp.clone();
        pending.offerOut = out.clone();
        dm.pending = pending;
        dialogs.put(dialogId, dm);
        return AnchorResult.ok(out);
    }

    /**
     * The answer to the last offer of a dialog, from a party of zone {@code from}.
     */
    public synchronized AnchorResult answer(String dialogId, Zone from, InetAddress signallingPeer, byte[] sdp) {
        DialogMedia dm = dialogs.get(dialogId);
        Offer o = dm == null ? null : dm.pending != null ? dm.pending : dm.last;
        if (o == null || o.offerer == from) {
            return offer(dialogId, from, signallingPeer, sdp); // an offer in a 2xx or ACK (late offer)
        }
        if (o.answerIn != null && Arrays.equals(o.answerIn, sdp)) {
            return AnchorResult.ok(o.answerOut.clone());
        }
        SessionDescription sd;
        try {
            sd = SessionDescription.parse(sdp);
        } catch (SdpException e) {
            return AnchorResult.refuse("SDP answer " + e.getMessage(), BAD_SDP);
        }
        if (sd.media().size() != o.lines.size()) {
            return AnchorResult.refuse("the answer has " + sd.media().size() + " media lines, the offer had "
                    + o.lines.size() + " (RFC 3264 section 6)", BAD_SDP);
        }
        try {
            for (int i = 0; i < o.lines.size(); i++) {
                Proposal p = o.lines.get(i);
                MediaDescription m = sd.media().get(i);
                Line before = dm.line(i);
                if (before != null && (p == null || before != p.line)) {
                    relay.close(before.sessionId); // the line was switched off, or replaced
                    dm.line(i, null);
                }
                if (p == null) {
                    m.port(0);
                    continue;
                }
                MediaSession s = relay.session(p.line.sessionId);
                if (s == null || m.port() == 0) {
                    relay.close(p.line.sessionId); // the answerer declined this line
                    dm.line(i, null);
                    m.port(0);
                    stripSideSpecific(m);
                    continue;
                }
                MediaLeg answererLeg = s.leg(from);
                MediaLeg offererLeg = s.leg(o.offerer);
                answererLeg.respecify(new LegSpec(new InetSocketAddress(sd.connectionOf(m).address(), m.port()),
                        signallingPeer, m.rtcpMux()));
                offererLeg.respecify(p.offererSpec);
                // the answerer's side
                CryptoAttribute answered = p.toAnswerer == null ? null : matching(m, p.toAnswerer);
                DtlsKeying.Offer answeredDtls = p.answererDtls ? DtlsKeying.answered(sd, m) : null;
                if (p.answererDtls && answeredDtls == null && policy(from) == MediaPolicy.SRTP_REQUIRED) {
                    return AnchorResult.refuse("the " + from.configName() + " party answered media line " + (i + 1)
                            + " without DTLS-SRTP, and the zone is srtp-required", UNENCRYPTED_OFFER);
                }
                if (p.toAnswerer != null && answered == null && policy(from) == MediaPolicy.SRTP_REQUIRED) {
                    return AnchorResult.refuse("the " + from.configName() + " party answered media line " + (i + 1)
                            + " without SRTP, and the zone is srtp-required", UNENCRYPTED_OFFER);
                }
                // pass-through only when the answerer took the offerer's suite with a key of its own
                boolean passing = p.passThrough && answered != null;
                Side answererBefore = p.line.sides.get(from);
                Side answerer;
                if (answererBefore != null && answererBefore.dtls() != null && answererLeg.dtls() != null
                        && p.toAnswerer == null && p.answererProto.equals(answererBefore.proto())) {
                    answerer = answererBefore; // a DTLS party answering a re-offer: its association goes on
                } else if (answeredDtls != null) {
                    answerer = new Side(null, null, p.answererProto, answeredDtls.identity(), false);
                    dtls.keyAsOfferer(answererLeg, answeredDtls, reason -> relay.keyingFailed(s, from, reason));
                } else {
                    answerer = new Side(answered, answered == null ? null : p.toAnswerer, p.answererProto, null,
                            passing);
                    answererLeg.dropDtls();
                    key(answererLeg, answererBefore, answerer);
                }
                // the offerer's side: answered with the appliance's key in the suite and tag it offered,
                // or with its fingerprint and setup when it offered DTLS-SRTP
                Side offererBefore = p.line.sides.get(o.offerer);
                CryptoAttribute ours = null;
                if (passing) {
                    ours = answered; // the answerer's own key goes back unchanged
                } else if (p.offererCrypto != null) {
                    SrtpSuite suite = p.offererCrypto.suite();
                    byte[] key = offererBefore != null && offererBefore.ourKey() != null && !offererBefore.passThrough()
                            && offererBefore.ourKey().suite() == suite
                                    ? offererBefore.ourKey().keys().get(0).keyAndSalt() : freshKey(suite);
                    ours = CryptoAttribute.of(p.offererCrypto.tag(), suite, key);
                }
                Side offerer = new Side(p.offererCrypto, ours, p.offererProto,
                        p.offererDtls == null ? null : p.offererDtls.identity(), passing);
                if (p.offererDtls != null) {
                    boolean sameAssociation = offererBefore != null && offerer.dtls().equals(offererBefore.dtls())
                            && offererLeg.dtls() != null;
                    if (!sameAssociation) {
                        Zone zone = o.offerer;
                        dtls.key(offererLeg, p.offererDtls, reason -> relay.keyingFailed(s, zone, reason));
                    }
                } else {
                    offererLeg.dropDtls();
                    key(offererLeg, offererBefore, offerer);
                }
                p.line.sides.put(from, answerer);
                p.line.sides.put(o.offerer, offerer);
                dm.line(i, p.line);
                m.port(offererLeg.localRtp().getPort());
                m.proto(p.offererProto);
                m.connection(Connection.of(offererLeg.localRtp().getAddress().getHostAddress()));
                stripSideSpecific(m);
                if (ours != null) {
                    m.addAttribute("crypto", ours.encode());
                }
                if (p.offererDtls != null) {
                    dtls.answer(m, p.offererDtls);
                }
                if (p.offererMux) {
                    m.addAttribute("rtcp-mux", null);
                }
            }
        } catch (SdpException e) {
            return AnchorResult.refuse("SDP answer " + e.getMessage(), BAD_SDP);
        }
        hideConnection(sd, relayAddress(o.lines, o.offerer));
        byte[] out = sd.encode();
        o.answerIn = sdp.clone();
        o.answerOut = out.clone();
        if (o == dm.pending) {
            dm.pending = null;
            dm.last = o;
            dm.encrypted.put(o.offerer, o.encrypted);
        }
        return AnchorResult.ok(out);
    }

    /**
     * The dialog's last offer was refused (a failure answer to a re-INVITE or UPDATE): the lines it
     * opened close, and the media goes on as negotiated before. A dialog whose first offer failed
     * is released altogether.
     */
    public synchronized void offerRefused(String dialogId) {
        DialogMedia dm = dialogs.get(dialogId);
        if (dm == null || dm.pending == null) {
            return;
        }
        discard(dm, dm.pending);
        dm.pending = null;
        if (dm.last == null) {
            release(dialogId);
        }
    }

    /** The dialog ended (BYE, CANCEL, a failure answer): its media lines close and their ports go back. */
    public synchronized void release(String dialogId) {
        DialogMedia dm = dialogs.remove(dialogId);
        if (dm != null) {
            if (dm.pending != null) {
                discard(dm, dm.pending);
            }
            for (Line l : dm.lines) {
                if (l != null) {
                    relay.close(l.sessionId);
                }
            }
        }
    }

    /** @return the relay sessions of a dialog's negotiated media lines, in m-line order */
    public synchronized List<String> sessionIds(String dialogId) {
        DialogMedia dm = dialogs.get(dialogId);
        List<String> ids = new ArrayList<>();
        if (dm != null) {
            for (Line l : dm.lines) {
                if (l != null) {
                    ids.add(l.sessionId);
                }
            }
        }
        return ids;
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

    /** Closes the sessions an offer opened that no answer has made the dialog's. */
    private void discard(DialogMedia dm, Offer o) {
        discard(dm, o.lines);
    }

    private void discard(DialogMedia dm, List<Proposal> proposals) {
        for (Proposal p : proposals) {
            if (p != null && p.opened && !dm.lines.contains(p.line)) {
                relay.close(p.line.sessionId);
            }
        }
    }

    /**
     * Keys a leg with a side's terms, keeping the contexts whose key did not change: a re-offer
     * that repeats the keys must not restart the SRTP state (rollover counter, replay window).
     */
    private static void key(MediaLeg leg, Side before, Side now) {
        SrtpSession fromParty = now.partyKey() == null ? null
                : before != null && sameKey(before.partyKey(), now.partyKey()) && leg.fromParty() != null
                        ? leg.fromParty() : session(now.partyKey());
        if (now.passThrough()) {
            leg.passThrough(fromParty, now.partyKey().suiteName());
            return;
        }
        SrtpSession toParty = now.ourKey() == null ? null
                : before != null && sameKey(before.ourKey(), now.ourKey()) && leg.toParty() != null
                        ? leg.toParty() : session(now.ourKey());
        leg.crypto(fromParty, toParty, now.partyKey() == null ? null : now.partyKey().suiteName());
    }

    private static boolean sameKey(CryptoAttribute a, CryptoAttribute b) {
        return a != null && b != null && a.suite() == b.suite() && a.keys().equals(b.keys());
    }

    /** The profile offered to a zone: SAVP only where SRTP is required, else AVP (with a crypto line: best effort). */
    private static String profileFor(String offered, CryptoAttribute ours, MediaPolicy policy) {
        boolean savp = ours != null && policy == MediaPolicy.SRTP_REQUIRED;
        return (savp ? "RTP/SAVP" : "RTP/AVP") + (withFeedback(offered) ? "F" : "");
    }

    /** @return whether a profile is one with RTCP feedback (RFC 4585: .../AVPF, .../SAVPF) */
    private static boolean withFeedback(String proto) {
        return proto.replace("UDP/TLS/", "").endsWith("F");
    }

    private static void rewriteForAnswerer(MediaDescription m, MediaLeg leg, CryptoAttribute ours, String proto) {
        m.port(leg.localRtp().getPort());
        m.connection(Connection.of(leg.localRtp().getAddress().getHostAddress()));
        stripSideSpecific(m);
        m.proto(proto);
        if (ours != null) {
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

    private String relayAddress(List<Proposal> lines, Zone zone) {
        for (Proposal p : lines) {
            MediaSession s = p == null ? null : relay.session(p.line.sessionId);
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
