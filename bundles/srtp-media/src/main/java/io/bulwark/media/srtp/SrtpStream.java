package io.bulwark.media.srtp;

/**
 * What a session knows of one SSRC (RFC 3711 section 3.2.3, the per-SSRC part of a cryptographic
 * context): the indices it sent and received on SRTP, the next SRTCP index it sends and the SRTCP
 * indices it received. The keys and ciphers are the session's, shared by its streams.
 */
final class SrtpStream {

    final int ssrc;
    final ReplayWindow rtpSent;
    final ReplayWindow rtpReceived;
    final ReplayWindow rtcpReceived;
    /** The ROC the stream starts at until a packet was sent or received: 0 unless signalled. */
    long initialRoc;
    /** The next SRTCP index to send; negative once 2^31 indices were used. */
    int nextSrtcpIndex;

    SrtpStream(int ssrc, int windowSize) {
        this.ssrc = ssrc;
        this.rtpSent = new ReplayWindow(windowSize);
        this.rtpReceived = new ReplayWindow(windowSize);
        this.rtcpReceived = new ReplayWindow(windowSize);
    }
}
