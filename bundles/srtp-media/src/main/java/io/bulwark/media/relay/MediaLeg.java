package io.bulwark.media.relay;

import io.bulwark.api.transport.Zone;
import io.bulwark.media.dtls.DtlsSrtpHandshake;
import io.bulwark.media.srtp.SrtpSession;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One side of a media line: the appliance's port pair in that zone, the party it latched onto, and
 * counters. A packet is accepted from the party's signalled addresses until the first one latches
 * the leg onto its exact address and port (symmetric latching); from then on anything else is
 * dropped and counted (strict source checking).
 */
public final class MediaLeg {

    final Zone zone;
    final InetAddress localAddress;
    final int port;
    volatile LegSpec spec;
    /** Unprotects what the party sends (null: it sends plain RTP). Used on the session's event loop only. */
    volatile SrtpSession fromParty;
    /** Protects what goes to the party (null: it gets plain RTP). */
    volatile SrtpSession toParty;
    /** The suite of this leg, for status pages and call records, or null for plain RTP. */
    volatile String suite;
    /**
     * SRTP pass-through: what the party sends is checked with {@link #fromParty} (authentication,
     * replay) and goes on as it came, encrypted end to end; nothing is re-protected for it.
     */
    volatile boolean passThrough;
    /**
     * True while the leg's keys are still being agreed (a DTLS-SRTP handshake in progress): no
     * media passes in either direction, so nothing goes to the party in clear text.
     */
    volatile boolean keysPending;
    /** The DTLS-SRTP handshake with the party on this leg's port, or null (SDES or plain RTP). */
    private volatile DtlsSrtpHandshake dtls;
    final AtomicLong srtpFailures = new AtomicLong();
    private long failStart;
    private long failCount;
    /** The session this leg belongs to, set once both legs are bound. */
    volatile MediaSession session;
    volatile Channel rtp;
    volatile Channel rtcp;
    private volatile InetSocketAddress latchedRtp;
    private volatile InetSocketAddress latchedRtcp;
    final StreamTracker tracker = new StreamTracker();
    final AtomicLong packetsIn = new AtomicLong();
    final AtomicLong packetsOut = new AtomicLong();
    final AtomicLong foreign = new AtomicLong();
    volatile long lastPacketMillis;
    private long burstStart;
    private long burstCount;
    /** When each kind of stream change was last told, by {@link StreamTracker.Change} ordinal (event loop only). */
    private final long[] streamChangeToldAt = new long[StreamTracker.Change.values().length];

    MediaLeg(Zone zone, InetAddress localAddress, int port, LegSpec spec, long now) {
        this.zone = zone;
        this.localAddress = localAddress;
        this.port = port;
        this.spec = spec;
        this.lastPacketMillis = now;
        java.util.Arrays.fill(streamChangeToldAt, Long.MIN_VALUE / 2);
    }

    /** @return whether a packet from there is the party's; latches onto the first acceptable source */
    boolean accept(InetSocketAddress from, boolean control) {
        InetSocketAddress latched = control ? latchedRtcp : latchedRtp;
        if (latched != null) {
            return latched.equals(from);
        }
        InetAddress a = from.getAddress();
        boolean signalled = (spec.sdpPeer() != null && a.equals(spec.sdpPeer().getAddress()))
                || a.equals(spec.signallingPeer());
        if (signalled) {
            if (control) {
                latchedRtcp = from;
            } else {
                latchedRtp = from;
            }
        }
        return signalled;
    }

    /**
     * Counts a packet from a non-peer. @return the burst's count when it reaches {@code threshold}
     * within {@code windowMillis} (once per window), else 0
     */
    synchronized long foreignPacket(long now, int threshold, long windowMillis) {
        foreign.incrementAndGet();
        if (now - burstStart > windowMillis) {
            burstStart = now;
            burstCount = 0;
        }
        burstCount++;
        return burstCount == threshold ? burstCount : 0;
    }

    /**
     * @param kind a new SSRC, a sequence discontinuity or a timestamp jump
     * @return whether that stream change seen now may be told: at most one of each kind per leg
     * per {@code intervalMillis}, so a party cycling SSRCs cannot flood the event store
     */
    boolean streamChangeTellable(StreamTracker.Change kind, long now, long intervalMillis) {
        int k = kind.ordinal();
        if (now - streamChangeToldAt[k] < intervalMillis) {
            return false;
        }
        streamChangeToldAt[k] = now;
        return true;
    }

    /**
     * What the signalling now says about the party (its answer, or a later offer or answer): its
     * address and whether it multiplexes RTCP. When its media address changed (a re-INVITE moving
     * the call, hold and resume on another address) the leg latches afresh; otherwise the latched
     * source stays, so the media of a refreshed session goes on uninterrupted.
     */
    public void respecify(LegSpec next) {
        LegSpec before = this.spec;
        this.spec = next;
        if (!java.util.Objects.equals(before.sdpPeer(), next.sdpPeer())) {
            latchedRtp = null;
            latchedRtcp = null;
        }
    }

    /** @return the context unprotecting what the party sends, or null for plain RTP */
    public SrtpSession fromParty() {
        return fromParty;
    }

    /** @return the context protecting what goes to the party, or null for plain RTP */
    public SrtpSession toParty() {
        return toParty;
    }

    /** Sets the SRTP contexts of this leg (null, null for plain RTP); media flows from then on. */
    public void crypto(SrtpSession fromParty, SrtpSession toParty,
            String suite) {
        this.fromParty = fromParty;
        this.toParty = toParty;
        this.suite = suite;
        this.passThrough = false;
        this.keysPending = false;
    }

    /**
     * SRTP pass-through on this leg: the parties keep their own keys end to end. What the party
     * sends is verified with {@code fromParty} (its own key, which the relay learnt from its SDES
     * line) and relayed unchanged; what goes to it is relayed as the other party protected it.
     */
    public void passThrough(SrtpSession fromParty, String suite) {
        this.fromParty = fromParty;
        this.toParty = null;
        this.suite = suite;
        this.passThrough = true;
        this.keysPending = false;
    }

    /** @return whether the leg passes the party's SRTP through (see {@link #passThrough(SrtpSession, String)}) */
    public boolean passesThrough() {
        return passThrough;
    }

    /**
     * Keys this leg by DTLS-SRTP: no media passes until {@link #crypto} sets the keys the
     * handshake agreed; DTLS datagrams from the party go to {@code handshake}. An earlier
     * handshake of the leg is closed.
     */
    public void keyByDtls(DtlsSrtpHandshake handshake) {
        this.fromParty = null;
        this.toParty = null;
        this.suite = null;
        this.passThrough = false;
        this.keysPending = true;
        DtlsSrtpHandshake before = this.dtls;
        this.dtls = handshake;
        if (before != null && before != handshake) {
            before.close();
        }
    }

    /** No keys and no media on this leg (a DTLS party that wants no connection yet, RFC 4145 holdconn). */
    public void holdMedia() {
        dropDtls();
        this.fromParty = null;
        this.toParty = null;
        this.suite = null;
        this.passThrough = false;
        this.keysPending = true;
    }

    /** Ends the leg's DTLS association, if any (the party now uses SDES or plain RTP, or the call ended). */
    public void dropDtls() {
        DtlsSrtpHandshake before = this.dtls;
        this.dtls = null;
        if (before != null) {
            before.close();
        }
    }

    /** @return the leg's DTLS-SRTP handshake, or null */
    public DtlsSrtpHandshake dtls() {
        return dtls;
    }

    /**
     * Sends a datagram of the leg's DTLS handshake to the party from the leg's RTP port (any
     * thread; dropped while the party has no address yet).
     */
    public void sendToParty(byte[] datagram) {
        Channel c = rtp;
        InetSocketAddress to = rtpTarget();
        if (c != null && to != null) {
            c.writeAndFlush(new io.netty.channel.socket.DatagramPacket(Unpooled.wrappedBuffer(datagram), to),
                    c.voidPromise());
        }
    }

    /** Counts an SRTP packet that failed authentication or replay; @return the burst count when it reaches the threshold */
    synchronized long srtpFailure(long now, int threshold, long windowMillis) {
        srtpFailures.incrementAndGet();
        if (now - failStart > windowMillis) {
            failStart = now;
            failCount = 0;
        }
        failCount++;
        return failCount == threshold ? failCount : 0;
    }

    /** @return the SRTP suite of this leg, or null for plain RTP */
    public String suite() {
        return suite;
    }

    /** @return SRTP packets from the party that failed authentication or replay checks */
    public long srtpFailures() {
        return srtpFailures.get();
    }

    /** @return where RTP for this party goes: the latched source, else its SDP address */
    InetSocketAddress rtpTarget() {
        InetSocketAddress l = latchedRtp;
        return l != null ? l : spec.sdpPeer();
    }

    /** @return where RTCP for this party goes */
    InetSocketAddress rtcpTarget() {
        if (spec.rtcpMux()) {
            return rtpTarget();
        }
        InetSocketAddress l = latchedRtcp;
        if (l != null) {
            return l;
        }
        InetSocketAddress sdp = spec.sdpPeer();
        return sdp == null ? null : new InetSocketAddress(sdp.getAddress(), sdp.getPort() + 1);
    }

    public Zone zone() {
        return zone;
    }

    /** @return the appliance's RTP address of this leg, for the SDP it sends this party */
    public InetSocketAddress localRtp() {
        return new InetSocketAddress(localAddress, port);
    }

    /** @return the party the leg latched onto, or null before its first packet */
    public InetSocketAddress latched() {
        return latchedRtp;
    }

    public long packetsIn() {
        return packetsIn.get();
    }

    public long packetsOut() {
        return packetsOut.get();
    }

    /** @return packets dropped because they did not come from the latched party */
    public long foreignPackets() {
        return foreign.get();
    }

    /** @return packets of the party's stream that never arrived */
    public long lost() {
        return tracker.lost();
    }

    public long ssrcChanges() {
        return tracker.ssrcChanges();
    }

    public long discontinuities() {
        return tracker.discontinuities();
    }

    /** @return RTP packets whose timestamp did not fit the time since the packet before (a spliced stream) */
    public long timestampJumps() {
        return tracker.timestampJumps();
    }
}
