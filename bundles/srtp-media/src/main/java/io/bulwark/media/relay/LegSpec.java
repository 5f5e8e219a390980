package io.bulwark.media.relay;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * What the signalling says about one side of a media line.
 *
 * @param sdpPeer where that party's SDP says it receives RTP (null when its port is 0 or unknown)
 * @param signallingPeer the address its SIP came from: media from there is accepted too (a phone
 *        behind NAT puts its private address in the SDP)
 * @param rtcpMux whether RTP and RTCP share the port (RFC 5761)
 */
public record LegSpec(InetSocketAddress sdpPeer, InetAddress signallingPeer, boolean rtcpMux) {
}
