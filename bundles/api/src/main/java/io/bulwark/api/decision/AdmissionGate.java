package io.bulwark.api.decision;

import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import java.net.InetSocketAddress;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Consulted by the transport for every datagram and every new connection, before any decoding.
 * Implementations answer in nanoseconds, allocate nothing and never block: this runs on the
 * event loop for every packet of a flood.
 */
@ProviderType
public interface AdmissionGate {

    /**
     * @param zone the zone of the receiving listener
     * @param protocol the transport
     * @param source the sender
     * @param length the datagram size, or 0 for a new connection
     * @return true to let the packet or connection in; false drops it silently
     */
    boolean admit(Zone zone, TransportProtocol protocol, InetSocketAddress source, int length);

    /**
     * A connection this gate admitted (a call of {@link #admit} with length 0) has closed, so
     * the per-source connection count can go down. Transports that do not call this leave the
     * gate to let the count decay on its own. Never blocks.
     *
     * @param zone the zone of the listener
     * @param protocol the stream transport
     * @param source the peer of the closed connection
     * @since 1.1
     */
    default void connectionClosed(Zone zone, TransportProtocol protocol, InetSocketAddress source) {
    }
}
