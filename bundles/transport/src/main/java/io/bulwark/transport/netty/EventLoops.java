package io.bulwark.transport.netty;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of the Netty event loops, shared by every UDP, TCP and TLS listener and by
 * outgoing connections. Uses epoll where the native transport loads, NIO otherwise.
 */
@Component(service = EventLoops.class, configurationPid = "io.bulwark.transport.eventloops")
@Designate(ocd = EventLoops.Config.class)
public final class EventLoops {

    private static final Logger LOG = LoggerFactory.getLogger(EventLoops.class);

    /** Event loop configuration. */
    @ObjectClassDefinition(name = "Bulwark transport event loops",
            description = "Threads that run every SIP listener and connection.")
    public @interface Config {
        @AttributeDefinition(name = "I/O threads", min = "0", max = "256",
                description = "Number of event-loop threads; 0 means one per CPU core.")
        int io_threads() default 0;

        @AttributeDefinition(name = "Use epoll",
                description = "Use the Linux epoll transport when it is available (falls back to NIO).")
        boolean epoll_enabled() default true;
    }

    private final EventLoopGroup group;
    private final boolean epoll;

    @Activate
    public EventLoops(Config config) {
        this(config.io_threads(), config.epoll_enabled());
    }

    /**
     * @param threads number of threads, 0 for one per core
     * @param preferEpoll use epoll when available
     */
    public EventLoops(int threads, boolean preferEpoll) {
        if (threads < 0) {
            throw new IllegalArgumentException("io.threads must be >= 0, got " + threads);
        }
        this.epoll = preferEpoll && Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        int n = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        this.group = new MultiThreadIoEventLoopGroup(n, new DefaultThreadFactory("bulwark-io", true), factory);
        LOG.info("Transport event loops: {} threads, {}", n, epoll ? "epoll" : "nio (" + Epoll.unavailabilityCause() + ")");
    }

    public EventLoopGroup group() {
        return group;
    }

    public boolean isEpoll() {
        return epoll;
    }

    public Class<? extends DatagramChannel> datagramChannel() {
        return epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    public Class<? extends ServerChannel> serverChannel() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public Class<? extends Channel> clientChannel() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    @Deactivate
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
