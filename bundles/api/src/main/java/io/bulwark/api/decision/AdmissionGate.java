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
}
