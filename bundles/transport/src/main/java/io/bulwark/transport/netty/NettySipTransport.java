package io.bulwark.transport.netty;

import io.bulwark.api.transport.SipTransport;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** The {@link SipTransport} service over the listeners of every configured zone. */
@Component(service = SipTransport.class, immediate = true)
public final class NettySipTransport implements SipTransport {

    private final List<ZoneListener> zones = new CopyOnWriteArrayList<>();

    public NettySipTransport() {
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addZone(ZoneListener z) {
        zones.add(z);
    }

    public void removeZone(ZoneListener z) {
        zones.remove(z);
    }

    @Override
    public boolean send(Zone zone, TransportProtocol protocol, InetSocketAddress destination, long connectionId,
            byte[] message) {
        ZoneListener z = find(zone);
        return z != null && z.send(protocol, destination, connectionId, message);
    }

    @Override
    public InetSocketAddress advertisedAddress(Zone zone, TransportProtocol protocol) {
        ZoneListener z = find(zone);
        return z == null ? null : z.advertised(protocol);
    }

    @Override
    public List<ListenerInfo> listeners() {
        List<ListenerInfo> out = new ArrayList<>();
        for (ZoneListener z : zones) {
            out.addAll(z.info());
        }
        return out;
    }

    private ZoneListener find(Zone zone) {
        for (ZoneListener z : zones) {
            if (z.zone() == zone) {
                return z;
            }
        }
        return null;
    }
}
