package io.bulwark.media.srtp;

import java.util.Arrays;
import java.util.Objects;

/**
 * How a session protects packets: the crypto suite, the MKI it writes and expects (none by default),
 * the replay window, the most SSRCs it keeps state for and whether SRTCP is encrypted. Immutable;
 * each {@code with...} returns a changed copy.
 */
public final class SrtpPolicy {

    /** The replay window unless set: twice RFC 3711's minimum, as libsrtp uses. */
    public static final int DEFAULT_REPLAY_WINDOW = 128;
    /** The SSRCs a session tracks unless set: a call leg has one or two per medium. */
    public static final int DEFAULT_MAX_STREAMS = 32;
    /** The most SSRCs a session may be allowed to track. */
    public static final int MAX_STREAMS_LIMIT = 4096;
    /** The longest MKI: RFC 4568 section 6.1 allows 1 to 128 octets. */
    public static final int MAX_MKI_LENGTH = 128;

    private final SrtpSuite suite;
    private final byte[] mki;
    private final int replayWindow;
    private final int maxStreams;
    private final boolean srtcpEncrypted;

    private SrtpPolicy(SrtpSuite suite, byte[] mki, int replayWindow, int maxStreams, boolean srtcpEncrypted) {
        this.suite = Objects.requireNonNull(suite, "suite");
        this.mki = mki;
        this.replayWindow = replayWindow;
        this.maxStreams = maxStreams;
        this.srtcpEncrypted = srtcpEncrypted;
    }

    /** The defaults for {@code suite}: no MKI, a window of 128, 32 SSRCs, SRTCP encrypted. */
    public static SrtpPolicy of(SrtpSuite suite) {
        return new SrtpPolicy(suite, new byte[0], DEFAULT_REPLAY_WINDOW, DEFAULT_MAX_STREAMS, true);
    }

    /**
     * With an MKI of 0 to 128 octets (0: none), written into every packet and required in every
     * packet received (RFC 3711 section 3.1).
     */
    public SrtpPolicy withMki(byte[] value) {
        if (value.length > MAX_MKI_LENGTH) {
            throw new IllegalArgumentException("MKI of " + value.length + " octets; at most " + MAX_MKI_LENGTH);
        }
        return new SrtpPolicy(suite, value.clone(), replayWindow, maxStreams, srtcpEncrypted);
    }

    /** With a replay window of {@code packets}: a power of two from 64 to 32768. */
    public SrtpPolicy withReplayWindow(int packets) {
        if (!ReplayWindow.validSize(packets)) {
            throw new IllegalArgumentException("replay window of " + packets
                    + " packets; a power of two from " + ReplayWindow.MIN_SIZE + " to " + ReplayWindow.MAX_SIZE);
        }
        return new SrtpPolicy(suite, mki, packets, maxStreams, srtcpEncrypted);
    }

    /** With room for {@code streams} SSRCs, 1 to 4096. */
    public SrtpPolicy withMaxStreams(int streams) {
        if (streams < 1 || streams > MAX_STREAMS_LIMIT) {
            throw new IllegalArgumentException("max streams " + streams + "; 1 to " + MAX_STREAMS_LIMIT);
        }
        return new SrtpPolicy(suite, mki, replayWindow, streams, srtcpEncrypted);
    }

    /**
     * With SRTCP encrypted (the default) or only authenticated (SDES {@code UNENCRYPTED_SRTCP},
     * RFC 4568 section 6.3.2). Received SRTCP is decrypted or not as its E flag says.
     */
    public SrtpPolicy withSrtcpEncryption(boolean encrypted) {
        return new SrtpPolicy(suite, mki, replayWindow, maxStreams, encrypted);
    }

    /** The crypto suite. */
    public SrtpSuite suite() {
        return suite;
    }

    /** A copy of the MKI; empty when none is used. */
    public byte[] mki() {
        return mki.clone();
    }

    /** Octets of the MKI, 0 when none is used. */
    public int mkiLength() {
        return mki.length;
    }

    /** Packets in the replay window. */
    public int replayWindow() {
        return replayWindow;
    }

    /** The most SSRCs a session keeps state for. */
    public int maxStreams() {
        return maxStreams;
    }

    /** Whether SRTCP packets sent are encrypted. */
    public boolean srtcpEncrypted() {
        return srtcpEncrypted;
    }

    /** Octets protecting an RTP packet adds: the MKI and the tag. */
    public int rtpOverhead() {
        return mki.length + suite.rtpTagLength();
    }

    /** Octets protecting an RTCP packet adds: the E flag and index word, the MKI and the tag. */
    public int rtcpOverhead() {
        return 4 + mki.length + suite.rtcpTagLength();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SrtpPolicy p && suite == p.suite && Arrays.equals(mki, p.mki)
                && replayWindow == p.replayWindow && maxStreams == p.maxStreams && srtcpEncrypted == p.srtcpEncrypted;
    }

    @Override
    public int hashCode() {
        return Objects.hash(suite, Arrays.hashCode(mki), replayWindow, maxStreams, srtcpEncrypted);
    }

    @Override
    public String toString() {
        return "SrtpPolicy[" + suite + ", mki " + mki.length + " octets, window " + replayWindow
                + ", streams " + maxStreams + (srtcpEncrypted ? "" : ", SRTCP unencrypted") + "]";
    }
}
