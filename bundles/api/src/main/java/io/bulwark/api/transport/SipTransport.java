package io.bulwark.api.transport;

import java.net.InetSocketAddress;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** Sends SIP messages out of the appliance and describes where it listens. */
@ProviderType
public interface SipTransport {

    /**
     * Sends one encoded message. For streams, an open connection to {@code destination} (or the
     * one named by {@code connectionId}) is reused, else a new one is opened. Never blocks.
     *
     * @param zone the zone to send from
     * @param protocol the transport to use
     * @param destination where to send
     * @param connectionId a connection to prefer (from {@link MessageContext}), or 0
     * @param message the encoded message
     * @return false when there is no listener for that zone and transport (the message is dropped)
     */
    boolean send(Zone zone, TransportProtocol protocol, InetSocketAddress destination,
            long connectionId, byte[] message);

    /**
     * @param zone a zone
     * @param protocol a transport
     * @return the address to advertise in Via, Record-Route and Contact for that zone and
     *     transport, or null when nothing listens there
     */
    InetSocketAddress advertisedAddress(Zone zone, TransportProtocol protocol);

    /** @return every listener currently bound */
    List<ListenerInfo> listeners();

    /**
     * One bound listener.
     *
     * @param zone its zone
     * @param protocol its transport
     * @param address the bound address
     * @param connections open connections (streams only; 0 for UDP)
     */
    record ListenerInfo(Zone zone, TransportProtocol protocol, InetSocketAddress address, int connections) {
    }
}
