package io.bulwark.transport.netty;

import io.bulwark.api.transport.SipTransport.ListenerInfo;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import io.bulwark.transport.framing.FramingLimits;
import io.bulwark.transport.framing.SipStreamFramer;
import io.bulwark.transport.tls.SelfSignedCertificateGenerator;
import io.bulwark.transport.tls.TlsContexts;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP, TCP and TLS listeners of one zone (one factory configuration per zone). Rebinds
 * when its configuration changes, without a restart; open connections survive a rebind.
 */
@Component(service = ZoneListener.class, immediate = true, configurationPid = ZoneListenerConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ZoneListenerConfig.class, factory = true)
public final class ZoneListener {

    private static final Logger LOG = LoggerFactory.getLogger(ZoneListener.class);

    private final EventLoops loops;
    private final InboundDispatcher dispatcher;
    private final Map<TransportProtocol, ConnectionTable> connections = new EnumMap<>(TransportProtocol.class);
    private final List<Bound> bound = new CopyOnWriteArrayList<>();
    private volatile ListenerSettings settings;
    private volatile SslContext serverTls;
    private volatile SslContext clientTls;

    /** A bound listener and the address it advertises (computed once: it is read per message). */
    private record Bound(TransportProtocol protocol, Channel channel, InetSocketAddress advertised) {
    }

    @Activate
    public ZoneListener(@Reference EventLoops loops, @Reference InboundDispatcher dispatcher, ZoneListenerConfig config)
            throws IOException {
        this(loops, dispatcher, ListenerSettings.fromConfig(config));
    }

    /** Plain constructor for tests: binds at once. */
    public ZoneListener(EventLoops loops, InboundDispatcher dispatcher, ListenerSettings settings) throws IOException {
        this.loops = loops;
        this.dispatcher = dispatcher;
        for (TransportProtocol p : TransportProtocol.values()) {
            connections.put(p, new ConnectionTable());
        }
        bind(settings);
    }

    @Modified
    void modified(ZoneListenerConfig config) throws IOException {
        modifiedSettings(ListenerSettings.fromConfig(config));
    }

    /** Applies new settings: unbinds and binds again; open connections stay up. */
    void modifiedSettings(ListenerSettings next) throws IOException {
        LOG.info("Listener configuration of zone {} changed: rebinding", next.zone().configName());
        ListenerSettings previous = settings;
        unbind();
        try {
            bind(next);
        } catch (IOException e) {
            LOG.error("New listener configuration of zone {} failed ({}); keeping the previous one",
                    next.zone().configName(), e.getMessage());
            bind(previous);
            throw e;
        }
    }

    private synchronized void bind(ListenerSettings s) throws IOException {
        this.settings = s;
        // client TLS is needed for outgoing connections even when no TLS listener is bound
        loadTls(s);
        List<String> failures = new ArrayList<>();
        for (String address : s.bindAddresses()) {
            bindOne(TransportProtocol.UDP, address, s.udpPort(), failures);
            bindOne(TransportProtocol.TCP, address, s.tcpPort(), failures);
            bindOne(TransportProtocol.TLS, address, s.tlsPort(), failures);
        }
        if (!failures.isEmpty()) {
            unbind();
            throw new IOException("zone " + s.zone().configName() + ": cannot bind " + String.join("; ", failures));
        }
    }

    private void loadTls(ListenerSettings s) throws IOException {
        Path cert = s.tlsCertificate();
        Path key = s.tlsKey();
        List<String> names = new ArrayList<>(s.bindAddresses());
        names.add(s.advertisedHost());
        if (SelfSignedCertificateGenerator.ensure(cert, key, SelfSignedCertificateGenerator.defaultCommonName(), names)) {
            LOG.info("Generated a self-signed TLS certificate for zone {}: {}", s.zone().configName(), cert);
        }
        serverTls = TlsContexts.server(cert, key);
        clientTls = TlsContexts.client(s.tlsVerifyPeer(), cert, key);
    }

    private void bindOne(TransportProtocol p, String address, int port, List<String> failures) {
        if (port == 0) {
            return;
        }
        InetSocketAddress at = new InetSocketAddress(address, port);
        ChannelFuture f = p == TransportProtocol.UDP ? bindUdp(at) : bindStream(p, at);
        f.awaitUninterruptibly();
        if (f.isSuccess()) {
            int boundPort = ((InetSocketAddress) f.channel().localAddress()).getPort();
            bound.add(new Bound(p, f.channel(), InetSocketAddress.createUnresolved(settings.advertisedHost(), boundPort)));
            LOG.info("SIP {} listener of zone {} bound to {}", p, settings.zone().configName(), f.channel().localAddress());
            if (Boolean.getBoolean("bulwark.console.banner")) {
                System.out.println("Bulwark listening: zone " + settings.zone().configName() + " " + p + " "
                        + f.channel().localAddress());
            }
        } else {
            failures.add(p + " " + at + ": " + f.cause().getMessage());
        }
    }

    private ChannelFuture bindUdp(InetSocketAddress at) {
        ListenerSettings s = settings;
        return new Bootstrap().group(loops.group()).channel(loops.datagramChannel())
                .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                .option(ChannelOption.SO_SNDBUF, 4 * 1024 * 1024)
                // Netty's default datagram buffer is 2 KiB and silently truncates larger messages
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(s.limits().maxMessageBytes() + 1))
                .handler(new DatagramHandler(s.zone(), dispatcher, s.limits().maxMessageBytes()))
                .bind(at);
    }

    private ChannelFuture bindStream(TransportProtocol p, InetSocketAddress at) {
        return new ServerBootstrap().group(loops.group()).channel(loops.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        InetSocketAddress remote = (InetSocketAddress) ch.remoteAddress();
                        ListenerSettings s = settings;
                        if (connections.get(p).size() >= s.maxConnections()
                                || !dispatcher.admit(s.zone(), p, remote, 0)) {
                            ch.close();
                            return;
                        }
                        streamPipeline(ch.pipeline(), p, s, true, null);
                    }
                })
                .bind(at);
    }

    private void streamPipeline(ChannelPipeline pipeline, TransportProtocol p, ListenerSettings s, boolean server,
            InetSocketAddress peer) {
        if (p == TransportProtocol.TLS) {
            pipeline.addLast("tls", server ? serverTls.newHandler(pipeline.channel().alloc())
                    : clientTls.newHandler(pipeline.channel().alloc(), peer.getHostString(), peer.getPort()));
        }
        pipeline.addLast("idle", new IdleStateHandler(0, 0, s.idleTimeoutSeconds(), TimeUnit.SECONDS));
        pipeline.addLast("framer", new SipStreamFramer(s.limits()));
        pipeline.addLast("sip", new StreamConnectionHandler(s.zone(), p, dispatcher, connections.get(p), server));
    }

    /** Sends one message; see {@link io.bulwark.api.transport.SipTransport#send}. */
    boolean send(TransportProtocol p, InetSocketAddress destination, long connectionId, byte[] message) {
        if (p == TransportProtocol.UDP) {
            Channel udp = firstBound(TransportProtocol.UDP, destination);
            if (udp == null) {
                return false;
            }
            udp.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(message), destination), udp.voidPromise());
            return true;
        }
        Channel existing = connections.get(p).find(connectionId, destination);
        if (existing != null) {
            existing.writeAndFlush(Unpooled.wrappedBuffer(message), existing.voidPromise());
            return true;
        }
        if (firstBound(p, destination) == null && firstBound(TransportProtocol.UDP, destination) == null) {
            return false;
        }
        connect(p, destination).addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                f.channel().writeAndFlush(Unpooled.wrappedBuffer(message), f.channel().voidPromise());
            } else {
                LOG.debug("Cannot connect over {} to {}: {}", p, destination, f.cause().toString());
            }
        });
        return true;
    }

    private ChannelFuture connect(TransportProtocol p, InetSocketAddress destination) {
        ListenerSettings s = settings;
        return new Bootstrap().group(loops.group()).channel(loops.clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        streamPipeline(ch.pipeline(), p, s, false, destination);
                    }
                })
                .connect(destination);
    }

    /** @return a bound channel of that transport, preferring the address family of the destination */
    private Channel firstBound(TransportProtocol p, InetSocketAddress destination) {
        Channel fallback = null;
        for (Bound b : bound) {
            if (b.protocol() != p) {
                continue;
            }
            InetSocketAddress local = (InetSocketAddress) b.channel().localAddress();
            if (local != null && destination != null && destination.getAddress() != null
                    && local.getAddress().getClass() == destination.getAddress().getClass()) {
                return b.channel();
            }
            if (fallback == null) {
                fallback = b.channel();
            }
        }
        return fallback;
    }

    /** @return the address to advertise for this transport, or null when it is off */
    InetSocketAddress advertised(TransportProtocol p) {
        for (Bound b : bound) {
            if (b.protocol() == p) {
                return b.advertised();
            }
        }
        return null;
    }

    Zone zone() {
        return settings.zone();
    }

    List<ListenerInfo> info() {
        List<ListenerInfo> out = new ArrayList<>();
        for (Bound b : bound) {
            out.add(new ListenerInfo(settings.zone(), b.protocol(), (InetSocketAddress) b.channel().localAddress(),
                    b.protocol() == TransportProtocol.UDP ? 0 : connections.get(b.protocol()).size()));
        }
        return out;
    }

    private synchronized void unbind() {
        for (Bound b : bound) {
            b.channel().close().awaitUninterruptibly();
        }
        bound.clear();
    }

    @Deactivate
    public void close() {
        unbind();
        connections.values().forEach(ConnectionTable::closeAll);
    }
}
