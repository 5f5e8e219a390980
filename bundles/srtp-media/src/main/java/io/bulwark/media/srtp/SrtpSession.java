package io.bulwark.media.srtp;

import java.util.Objects;

/**
 * One master key's SRTP and SRTCP (RFC 3711, RFC 6188, RFC 7714): protects and unprotects packets
 * of any number of SSRCs (up to the policy's bound), keeping per SSRC the indices sent and received.
 * The session keys are derived once (key derivation rate 0) when the session is made.
 *
 * <p>Every method works in place on {@code buf[off, off + len)} and returns the new length, or a
 * negative {@link SrtpStatus#code()}; none throws on any input, and once an SSRC is known none
 * allocates. Protect needs room in {@code buf} after the packet for {@link SrtpPolicy#rtpOverhead()}
 * or {@link SrtpPolicy#rtcpOverhead()} octets. A packet that fails unprotect is left as it came
 * and changes no state; streams are created only for packets that authenticated or are sent.
 *
 * <p>Layouts: SRTP is header, payload, MKI, tag; for the AEAD suites the tag is part of the
 * ciphertext and the MKI follows it (RFC 7714 section 8.1). SRTCP is RTCP, E flag and index, MKI,
 * tag; for AEAD, RTCP ciphertext, tag, E flag and index, MKI (RFC 7714 section 9.1).
 *
 * <p>The sender side refuses to encrypt an SRTP index twice ({@link SrtpStatus#REPLAY_FAIL}) or one
 * older than its window ({@link SrtpStatus#REPLAY_OLD}): a relay that re-protects RTP whose sequence
 * numbers repeat would otherwise reuse keystream. Not thread-safe: a session belongs to the thread
 * that relays its call leg. One session is one direction of one master key: use separate sessions
 * to send and to receive.
 */
public final class SrtpSession {

    private static final int RTCP_MIN_LENGTH = 8;
    private static final int SRTCP_INDEX_LENGTH = 4;

    private final SrtpPolicy policy;
    private final boolean aead;
    private final byte[] mki;
    private final int rtpTagLength;
    private final int rtcpTagLength;
    private final PacketCipher rtpCipher;
    private final PacketCipher rtcpCipher;
    private final SsrcTable streams;

    /**
     * A session whose keys are derived from {@code masterKey} and {@code masterSalt}.
     *
     * @throws IllegalArgumentException if the key or salt length is not the suite's
     */
    public SrtpSession(SrtpPolicy policy, byte[] masterKey, byte[] masterSalt) {
        this(policy, derive(policy.suite(), masterKey, masterSalt));
    }

    private SrtpSession(SrtpPolicy policy, SessionKeys[] rtpAndRtcpKeys) {
        this(policy, rtpAndRtcpKeys[0], rtpAndRtcpKeys[1]);
    }

    /** A session with session keys given directly (the RFC 7714 test vectors give them so). */
    SrtpSession(SrtpPolicy policy, SessionKeys rtpKeys, SessionKeys rtcpKeys) {
        this.policy = Objects.requireNonNull(policy, "policy");
        SrtpSuite suite = policy.suite();
        this.aead = suite.aead();
        this.mki = policy.mki();
        this.rtpTagLength = suite.rtpTagLength();
        this.rtcpTagLength = suite.rtcpTagLength();
        this.rtpCipher = PacketCipher.create(suite, rtpKeys, false);
        this.rtcpCipher = PacketCipher.create(suite, rtcpKeys, true);
        this.streams = new SsrcTable(policy.maxStreams());
    }

    private static SessionKeys[] derive(SrtpSuite suite, byte[] masterKey, byte[] masterSalt) {
        if (masterKey.length != suite.keyLength() || masterSalt.length != suite.saltLength()) {
            throw new IllegalArgumentException(suite + " takes a " + suite.keyLength() + "-octet master key and a "
                    + suite.saltLength() + "-octet salt, not " + masterKey.length + " and " + masterSalt.length);
        }
        SrtpKeyDerivation kdf = new SrtpKeyDerivation(masterKey, masterSalt);
        return new SessionKeys[] {kdf.sessionKeys(suite, false), kdf.sessionKeys(suite, true)};
    }

    /** The policy the session was made with. */
    public SrtpPolicy policy() {
        return policy;
    }

    /** How many SSRCs the session keeps state for. */
    public int streamCount() {
        return streams.size();
    }

    /** Turns the RTP packet in {@code buf[off, off + len)} into SRTP; returns its length or a negative status. */
    public int protectRtp(byte[] buf, int off, int len) {
        if (!inBounds(buf, off, len)) {
            return SrtpStatus.BAD_PACKET.code();
        }
        int header = RtpHeader.length(buf, off, len);
        if (header < 0) {
            return header;
        }
        int total = len + mki.length + rtpTagLength;
        if (total > buf.length - off) {
            return SrtpStatus.BUFFER_TOO_SMALL.code();
        }
        int ssrc = Bytes.i32(buf, off + 8);
        SrtpStream stream = streams.get(ssrc);
        if (stream == null) {
            if (streams.full()) {
                return SrtpStatus.TOO_MANY_STREAMS.code();
            }
            stream = streams.add(new SrtpStream(ssrc, policy.replayWindow()));
        }
        long index = PacketIndex.estimate(stream.rtpSent.highest(), Bytes.u16(buf, off + 2), stream.initialRoc);
        int verdict = checkRtpIndex(stream.rtpSent, index);
        if (verdict < 0) {
            return verdict;
        }
        int payloadEnd = off + len;
        int tagOffset = aead ? payloadEnd : payloadEnd + mki.length;
        int mkiOffset = aead ? payloadEnd + rtpTagLength : payloadEnd;
        System.arraycopy(mki, 0, buf, mkiOffset, mki.length);
        rtpCipher.protectRtp(buf, off, header, len - header, ssrc, index, tagOffset);
        stream.rtpSent.accept(index);
        return total;
    }

    /** Turns the SRTP packet in {@code buf[off, off + len)} back into RTP; returns its length or a negative status. */
    public int unprotectRtp(byte[] buf, int off, int len) {
        if (!inBounds(buf, off, len)) {
            return SrtpStatus.BAD_PACKET.code();
        }
        if (len < RtpHeader.FIXED_LENGTH + mki.length + rtpTagLength) {
            return SrtpStatus.TOO_SHORT.code();
        }
        int end = off + len;
        int mkiOffset = aead ? end - mki.length : end - rtpTagLength - mki.length;
        int tagOffset = aead ? mkiOffset - rtpTagLength : end - rtpTagLength;
        int payloadEnd = aead ? tagOffset : mkiOffset;
        int header = RtpHeader.length(buf, off, payloadEnd - off);
        if (header < 0) {
            return header;
        }
        if (!mkiMatches(buf, mkiOffset)) {
            return SrtpStatus.BAD_MKI.code();
        }
        int ssrc = Bytes.i32(buf, off + 8);
        SrtpStream stream = streams.get(ssrc);
        if (stream == null && streams.full()) {
            return SrtpStatus.TOO_MANY_STREAMS.code();
        }
        ReplayWindow window = stream == null ? null : stream.rtpReceived;
        long index = stream == null ? Bytes.u16(buf, off + 2)
                : PacketIndex.estimate(window.highest(), Bytes.u16(buf, off + 2), stream.initialRoc);
        int verdict = checkRtpIndex(window, index);
        if (verdict < 0) {
            return verdict;
        }
        if (!rtpCipher.unprotectRtp(buf, off, header, payloadEnd - off - header, ssrc, index, tagOffset)) {
            return SrtpStatus.AUTH_FAIL.code();
        }
        if (stream == null) {
            stream = streams.add(new SrtpStream(ssrc, policy.replayWindow()));
        }
        stream.rtpReceived.accept(index);
        return payloadEnd - off;
    }

    /** Turns the (compound) RTCP packet in {@code buf[off, off + len)} into SRTCP; returns its length or a negative status. */
    public int protectRtcp(byte[] buf, int off, int len) {
        if (!inBounds(buf, off, len)) {
            return SrtpStatus.BAD_PACKET.code();
        }
        if (len < RTCP_MIN_LENGTH) {
            return SrtpStatus.TOO_SHORT.code();
        }
        if (!RtpHeader.isVersion2(buf, off)) {
            return SrtpStatus.BAD_PACKET.code();
        }
        int total = len + SRTCP_INDEX_LENGTH + mki.length + rtcpTagLength;
        if (total > buf.length - off) {
            return SrtpStatus.BUFFER_TOO_SMALL.code();
        }
        int ssrc = Bytes.i32(buf, off + 4);
        SrtpStream stream = streams.get(ssrc);
        if (stream == null) {
            if (streams.full()) {
                return SrtpStatus.TOO_MANY_STREAMS.code();
            }
            stream = streams.add(new SrtpStream(ssrc, policy.replayWindow()));
        }
        int index = stream.nextSrtcpIndex;
        if (index < 0) {
            return SrtpStatus.KEY_EXHAUSTED.code();
        }
        int indexWord = policy.srtcpEncrypted() ? index | 0x80000000 : index;
        int bodyEnd = off + len;
        int indexOffset = aead ? bodyEnd + rtcpTagLength : bodyEnd;
        int mkiOffset = indexOffset + SRTCP_INDEX_LENGTH;
        int tagOffset = aead ? bodyEnd : mkiOffset + mki.length;
        Bytes.putI32(buf, indexOffset, indexWord);
        System.arraycopy(mki, 0, buf, mkiOffset, mki.length);
        rtcpCipher.protectRtcp(buf, off, len, ssrc, indexWord, indexOffset, tagOffset);
        stream.nextSrtcpIndex = index + 1;
        return total;
    }

    /** Turns the SRTCP packet in {@code buf[off, off + len)} back into RTCP; returns its length or a negative status. */
    public int unprotectRtcp(byte[] buf, int off, int len) {
        if (!inBounds(buf, off, len)) {
            return SrtpStatus.BAD_PACKET.code();
        }
        if (len < RTCP_MIN_LENGTH + SRTCP_INDEX_LENGTH + mki.length + rtcpTagLength) {
            return SrtpStatus.TOO_SHORT.code();
        }
        if (!RtpHeader.isVersion2(buf, off)) {
            return SrtpStatus.BAD_PACKET.code();
        }
        int end = off + len;
        int mkiOffset = aead ? end - mki.length : end - rtcpTagLength - mki.length;
        int indexOffset = mkiOffset - SRTCP_INDEX_LENGTH;
        int tagOffset = aead ? indexOffset - rtcpTagLength : end - rtcpTagLength;
        int bodyEnd = aead ? tagOffset : indexOffset;
        if (!mkiMatches(buf, mkiOffset)) {
            return SrtpStatus.BAD_MKI.code();
        }
        int ssrc = Bytes.i32(buf, off + 4);
        SrtpStream stream = streams.get(ssrc);
        if (stream == null && streams.full()) {
            return SrtpStatus.TOO_MANY_STREAMS.code();
        }
        int indexWord = Bytes.i32(buf, indexOffset);
        int index = PacketCipher.srtcpIndex(indexWord);
        if (stream != null) {
            int verdict = stream.rtcpReceived.check(index);
            if (verdict < 0) {
                return verdict;
            }
        }
        if (!rtcpCipher.unprotectRtcp(buf, off, bodyEnd - off, ssrc, indexWord, indexOffset, tagOffset)) {
            return SrtpStatus.AUTH_FAIL.code();
        }
        if (stream == null) {
            stream = streams.add(new SrtpStream(ssrc, policy.replayWindow()));
        }
        stream.rtcpReceived.accept(index);
        return bodyEnd - off;
    }

    /**
     * Sets the next SRTCP index sent for {@code ssrc}, adding the stream if need be: for a stream
     * taken over from an earlier context (and the RFC 7714 vectors, which start at 0x5d4).
     */
    void nextSrtcpIndex(int ssrc, int index) {
        stream(ssrc).nextSrtcpIndex = index;
    }

    /**
     * Starts {@code ssrc}'s SRTP at rollover counter {@code roc} in both directions, until its first
     * packet each way: a stream joined while running, whose ROC RFC 3711 section 3.3.1 says comes
     * from signalling. Adds the stream if need be.
     */
    void startStreamAt(int ssrc, long roc) {
        stream(ssrc).initialRoc = roc;
    }

    private SrtpStream stream(int ssrc) {
        SrtpStream stream = streams.get(ssrc);
        return stream != null ? stream : streams.add(new SrtpStream(ssrc, policy.replayWindow()));
    }

    private static int checkRtpIndex(ReplayWindow window, long index) {
        if (index < 0) {
            return SrtpStatus.REPLAY_OLD.code();
        }
        if (index > PacketIndex.MAX_RTP_INDEX) {
            return SrtpStatus.KEY_EXHAUSTED.code();
        }
        return window == null ? 0 : window.check(index);
    }

    private boolean mkiMatches(byte[] buf, int mkiOffset) {
        for (int i = 0; i < mki.length; i++) {
            if (buf[mkiOffset + i] != mki[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean inBounds(byte[] buf, int off, int len) {
        return buf != null && off >= 0 && len >= 0 && off <= buf.length - len;
    }
}
