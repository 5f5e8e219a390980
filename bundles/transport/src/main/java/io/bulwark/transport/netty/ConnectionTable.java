package io.bulwark.transport.netty;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Open stream connections of one zone and transport, by id and by remote address, so that
 * responses and requests go back over the connection a peer opened (RFC 3261 section 18.2.2).
 */
final class ConnectionTable {

    private static final AtomicLong IDS = new AtomicLong();

    private final Map<Long, Channel> byId = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, Channel> byRemote = new ConcurrentHashMap<>();

    long register(Channel ch) {
        long id = IDS.incrementAndGet();
        byId.put(id, ch);
        if (ch.remoteAddress() instanceof InetSocketAddress remote) {
            byRemote.put(remote, ch);
        }
        return id;
    }

    void unregister(long id, Channel ch) {
        byId.remove(id, ch);
        if (ch.remoteAddress() instanceof InetSocketAddress remote) {
            byRemote.remove(remote, ch);
        }
    }

    Channel find(long id, InetSocketAddress remote) {
        Channel ch = id != 0 ? byId.get(id) : null;
        if (ch == null || !ch.isActive()) {
            ch = byRemote.get(remote);
        }
        return ch != null && ch.isActive() ? ch : null;
    }

    int size() {
        return byId.size();
    }

    void closeAll() {
        byId.values().forEach(Channel::close);
    }
}
