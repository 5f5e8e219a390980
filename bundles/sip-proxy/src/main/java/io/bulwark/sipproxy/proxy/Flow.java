package io.bulwark.sipproxy.proxy;

import io.bulwark.api.transport.MessageContext;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import java.net.InetSocketAddress;

/**
 * A path a message can be sent back on: zone, transport, peer address and (for streams) the
 * connection the peer opened.
 */
record Flow(Zone zone, TransportProtocol protocol, InetSocketAddress remote, long connectionId) {

    static Flow of(MessageContext ctx) {
        return new Flow(ctx.zone(), ctx.protocol(), ctx.remote(), ctx.connectionId());
    }
}
