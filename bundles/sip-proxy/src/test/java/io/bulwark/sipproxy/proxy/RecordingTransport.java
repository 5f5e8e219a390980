package io.bulwark.sipproxy.proxy;

import io.bulwark.api.transport.SipTransport;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A transport that records what the proxy sends instead of putting it on the wire. */
final class RecordingTransport implements SipTransport {

    record Sent(Zone zone, TransportProtocol protocol, InetSocketAddress to, long connectionId, String text) {
    }

    final List<Sent> sent = new CopyOnWriteArrayList<>();
    final InetSocketAddress outside;
    final InetSocketAddress inside;

    RecordingTransport(InetSocketAddress outside, InetSocketAddress inside) {
        this.outside = outside;
        this.inside = inside;
    }

    @Override
    public boolean send(Zone zone, TransportProtocol protocol, InetSocketAddress destination, long connectionId,
            byte[] message) {
        sent.add(new Sent(zone, protocol, destination, connectionId, new String(message, StandardCharsets.UTF_8)));
        return true;
    }

    @Override
    public InetSocketAddress advertisedAddress(Zone zone, TransportProtocol protocol) {
        return zone == Zone.OUTSIDE ? outside : inside;
    }

    @Override
    public List<ListenerInfo> listeners() {
        return List.of();
    }

    Sent last() {
        return sent.get(sent.size() - 1);
    }

    List<Sent> to(Zone zone) {
        return sent.stream().filter(s -> s.zone() == zone).toList();
    }
}
