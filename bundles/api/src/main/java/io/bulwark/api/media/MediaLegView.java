package io.bulwark.api.media;

/**
 * One side of an anchored media line.
 *
 * @param zone outside or inside
 * @param local the appliance's address and port for this side
 * @param peer the party's address and port it latched onto, or null before its first packet
 * @param suite the SRTP suite on this side, or null for plain RTP
 * @param packetsIn packets the party sent (authenticated, for SRTP)
 * @param packetsOut packets sent to the party
 * @param lost packets of the party's stream that never arrived
 * @param foreign packets from other sources, dropped
 * @param srtpFailures SRTP packets that failed authentication or replay checks, dropped
 */
public record MediaLegView(String zone, String local, String peer, String suite, long packetsIn, long packetsOut,
        long lost, long foreign, long srtpFailures) {
}
