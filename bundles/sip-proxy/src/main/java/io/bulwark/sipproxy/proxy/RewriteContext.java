package io.bulwark.sipproxy.proxy;

import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import java.net.InetSocketAddress;

/**
 * The crossing a message makes: from which flow, to which zone and transport, and the
 * appliance's own address on the destination side.
 *
 * @param from the flow the message came on
 * @param toZone the zone it is sent to
 * @param toProtocol the transport it is sent over
 * @param self the appliance's advertised address on the destination side
 */
record RewriteContext(Flow from, Zone toZone, TransportProtocol toProtocol, InetSocketAddress self) {

    String selfHostPort() {
        String h = self.getHostString();
        String host = h.indexOf(':') >= 0 && !h.startsWith("[") ? "[" + h + "]" : h;
        return host + ":" + self.getPort();
    }

    String selfHost() {
        return self.getHostString();
    }

    boolean crossesZones() {
        return from.zone() != toZone;
    }
}
