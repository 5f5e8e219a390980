package io.bulwark.transport.netty;

import io.bulwark.api.transport.MessageContext;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/**
 * One SIP message per datagram (RFC 3261 section 18.3): admission first, then the bytes go to
 * the SIP layer. Keep-alive datagrams made only of CRLF are absorbed here.
 */
@Sharable
final class DatagramHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    private final Zone zone;
    private final InboundDispatcher dispatcher;
    private final int maxMessageBytes;

    DatagramHandler(Zone zone, InboundDispatcher dispatcher, int maxMessageBytes) {
        this.zone = zone;
        this.dispatcher = dispatcher;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf content = packet.content();
        InetSocketAddress sender = packet.sender();
        int length = content.readableBytes();
        if (!dispatcher.admit(zone, TransportProtocol.UDP, sender, length)) {
            return;
        }
        if (length == 0 || isOnlyCrlf(content) || length > maxMessageBytes) {
            return;
        }
        byte[] bytes = new byte[length];
        content.getBytes(content.readerIndex(), bytes);
        dispatcher.frame(bytes, new MessageContext(zone, TransportProtocol.UDP, sender,
                packet.recipient(), 0L, null, System.nanoTime()));
    }

    private static boolean isOnlyCrlf(ByteBuf b) {
        for (int i = b.readerIndex(); i < b.writerIndex(); i++) {
            byte x = b.getByte(i);
            if (x != '\r' && x != '\n') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // ICMP port unreachable and the like surface here; a UDP listener must keep going
    }
}
