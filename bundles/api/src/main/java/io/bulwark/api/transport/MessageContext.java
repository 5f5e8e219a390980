package io.bulwark.api.transport;

import java.net.InetSocketAddress;

/**
 * Where and how one framed SIP message arrived.
 *
 * @param zone the zone of the listener that received it
 * @param protocol the transport it came over
 * @param remote the peer's address and port (source of the datagram or connection)
 * @param local the listener address it arrived on
 * @param connectionId the stream connection it came on, or 0 for UDP
 * @param tlsPeerIdentity the subject of the peer's TLS certificate, or null
 * @param receivedNanos {@link System#nanoTime()} at receipt
 */
public record MessageContext(
        Zone zone,
        TransportProtocol protocol,
        InetSocketAddress remote,
        InetSocketAddress local,
        long connectionId,
        String tlsPeerIdentity,
        long receivedNanos) {
}
