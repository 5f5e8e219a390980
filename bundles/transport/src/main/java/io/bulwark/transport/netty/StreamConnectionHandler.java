package io.bulwark.transport.netty;

import io.bulwark.api.transport.MessageContext;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import io.bulwark.transport.framing.FramingError;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Last handler of a TCP or TLS connection: frames go to the SIP layer with their context. */
final class StreamConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(StreamConnectionHandler.class);

    private final Zone zone;
    private final TransportProtocol protocol;
    private final InboundDispatcher dispatcher;
    private final ConnectionTable connections;
    /** True for connections a peer opened to us: only those were counted by the admission gate. */
    private final boolean accepted;
    private long connectionId;
    private String peerIdentity;

    StreamConnectionHandler(Zone zone, TransportProtocol protocol, InboundDispatcher dispatcher,
            ConnectionTable connections, boolean accepted) {
        this.zone = zone;
        this.protocol = protocol;
        this.dispatcher = dispatcher;
        this.connections = connections;
        this.accepted = accepted;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connectionId = connections.register(ctx.channel());
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connections.unregister(connectionId, ctx.channel());
        if (accepted && ctx.channel().remoteAddress() instanceof InetSocketAddress remote) {
            dispatcher.connectionClosed(zone, protocol, remote);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel ch = ctx.channel();
        if (msg instanceof byte[] frame) {
            dispatcher.frame(frame, context(ch));
        } else if (msg instanceof FramingError error) {
            dispatcher.framingError(error.reason(), error.partial(), context(ch));
            ch.close();
        }
    }

    private MessageContext context(Channel ch) {
        return new MessageContext(zone, protocol, (InetSocketAddress) ch.remoteAddress(),
                (InetSocketAddress) ch.localAddress(), connectionId, peerIdentity, System.nanoTime());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            LOG.debug("Closing idle {} connection from {}", protocol, ctx.channel().remoteAddress());
            ctx.close();
        } else if (evt instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                peerIdentity = peerSubject(ctx.pipeline().get(SslHandler.class));
            } else {
                LOG.debug("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), done.cause().toString());
                ctx.close();
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    private static String peerSubject(SslHandler ssl) {
        if (ssl == null) {
            return null;
        }
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x
                    ? x.getSubjectX500Principal().getName() : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("{} connection from {} failed: {}", protocol, ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
