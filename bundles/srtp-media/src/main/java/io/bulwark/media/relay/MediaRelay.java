package io.bulwark.media.relay;

import io.bulwark.api.transport.Zone;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.FastThreadLocal;
import io.bulwark.media.dtls.DtlsSrtpHandshake;
import io.bulwark.media.srtp.SrtpSession;
import io.bulwark.media.srtp.SrtpStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Anchors media lines: for each, a port pair on each zone's media address, and the forwarding
 * between them. Ports come from each zone's range and go back when the session closes, whether the
 * signalling closes it (BYE, CANCEL, failure) or {@link #sweep} finds it idle; nothing is left
 * behind (see {@link #portsInUse()}).
 */
public final class MediaRelay implements AutoCloseable {

    /**
     * A zone's media address and port range.
     *
     * @param address the local address media of that zone arrives on
     * @param firstPort first port of the range
     * @param lastPort last port of the range (inclusive)
     */
    public record ZoneMedia(InetAddress address, int firstPort, int lastPort) {
    }

    /**
     * How strict the relay is.
     *
     * @param injectionBurst non-peer packets on one leg within the window that make an event
     * @param injectionWindowMillis that window (also for SRTP failures)
     * @param srtpFailureBurst SRTP packets failing authentication or replay checks within the window that make an event
     */
    public record Limits(int injectionBurst, long injectionWindowMillis, int srtpFailureBurst) {
    }

    private static final int BIND_ATTEMPTS = 16;
    /** Room for the largest tag (16), an MKI (up to 128) and the SRTCP index word (4). */
    private static final int MAX_SRTP_OVERHEAD = 16 + 128 + 4;
    /** At most one stream-change event of each kind per leg this often: a new SSRC or a jump is news, a party cycling them is not. */
    static final long STREAM_CHANGE_INTERVAL_MILLIS = 10_000;
    /** The largest datagram a leg reads (an Ethernet MTU's worth and then some). */
    private static final int MAX_DATAGRAM = 2048;
    /**
     * Each event loop's scratch array, where SRTP works in place: the JDK's AES and HMAC run
     * without copying or allocating only on heap arrays, and the sockets want direct memory.
     */
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[MAX_DATAGRAM + MAX_SRTP_OVERHEAD];
        }
    };

    private final EventLoopGroup group;
    private final Class<? extends DatagramChannel> channelType;
    private final ZoneMedia outsideMedia;
    private final ZoneMedia insideMedia;
    private final PortPool outsidePorts;
    private final PortPool insidePorts;
    private final MediaEvents events;
    private final Clock clock;
    private volatile Limits limits;
    private final Map<String, MediaSession> sessions = new ConcurrentHashMap<>();

    public MediaRelay(EventLoopGroup group, Class<? extends DatagramChannel> channelType, ZoneMedia outside,
            ZoneMedia inside, Limits limits, MediaEvents events, Clock clock) {
        this.group = group;
        this.channelType = channelType;
        this.outsideMedia = outside;
        this.insideMedia = inside;
        this.outsidePorts = new PortPool(outside.firstPort(), outside.lastPort());
        this.insidePorts = new PortPool(inside.firstPort(), inside.lastPort());
        this.limits = limits;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Opens a media line: binds a port pair in each zone (one port when that side multiplexes RTCP).
     *
     * @throws IOException when a zone has no free port pair that binds, or the id is in use
     */
    public MediaSession open(String id, LegSpec outside, LegSpec inside) throws IOException {
        long now = clock.millis();
        // every channel of a session on one event loop: its SRTP contexts are used by one thread only
        EventLoop loop = group.next();
        MediaLeg out = bindLeg(loop, Zone.OUTSIDE, outsideMedia, outsidePorts, outside, now);
        MediaLeg in;
        try {
            in = bindLeg(loop, Zone.INSIDE, insideMedia, insidePorts, inside, now);
        } catch (IOException e) {
            unbind(out, outsidePorts);
            throw e;
        }
        MediaSession s = new MediaSession(id, out, in, now);
        if (sessions.putIfAbsent(id, s) != null) {
            unbind(out, outsidePorts);
            unbind(in, insidePorts);
            throw new IOException("media session " + id + " is already open");
        }
        out.session = s; // the handlers were there from the bind on: packets before this are dropped
        in.session = s;
        return s;
    }

    private MediaLeg bindLeg(EventLoop loop, Zone zone, ZoneMedia media, PortPool pool, LegSpec spec, long now)
            throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
            int port = pool.acquire();
            if (port < 0) {
                throw new IOException("no free media port pair in the " + zone.configName() + " range "
                        + media.firstPort() + "-" + media.lastPort());
            }
            MediaLeg leg = new MediaLeg(zone, media.address(), port, spec, now);
            try {
                leg.rtp = bind(loop, media.address(), port, new LegHandler(leg, false));
                if (!spec.rtcpMux()) {
                    leg.rtcp = bind(loop, media.address(), port + 1, new LegHandler(leg, true));
                }
                return leg;
            } catch (IOException e) {
                last = e; // taken by another process: try the next pair (this one stays out of use until released)
                unbind(leg, null);
                pool.release(port);
            }
        }
        throw new IOException("no media port pair of the " + zone.configName() + " range binds", last);
    }

    private Channel bind(EventLoop loop, InetAddress address, int port, LegHandler handler) throws IOException {
        ChannelFuture f = new Bootstrap().group(loop).channel(channelType)
                // pooled buffers come back to the event loop's cache: no garbage per packet (Netty
                // 4.2's default adaptive allocator makes a new buffer view for every datagram)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
                .handler(handler)
                .bind(new InetSocketAddress(address, port)).awaitUninterruptibly();
        if (!f.isSuccess()) {
            throw new IOException("cannot bind " + address.getHostAddress() + ":" + port, f.cause());
        }
        return f.channel();
    }

    /** Closes a media line and gives its ports back. @return whether it was open */
    public boolean close(String id) {
        MediaSession s = sessions.remove(id);
        if (s == null) {
            return false;
        }
        s.closed = true;
        s.leg(Zone.OUTSIDE).dropDtls();
        s.leg(Zone.INSIDE).dropDtls();
        unbind(s.leg(Zone.OUTSIDE), outsidePorts);
        unbind(s.leg(Zone.INSIDE), insidePorts);
        return true;
    }

    /**
     * Closes a leg's channels without waiting: the caller is a SIP thread ending a call, which must
     * not wait on a media event loop. The port pair goes back to the pool at once; the pool hands
     * out released ports last, and a bind that still finds one in use moves on to the next.
     */
    private static void unbind(MediaLeg leg, PortPool pool) {
        for (Channel c : new Channel[] {leg.rtp, leg.rtcp}) {
            if (c != null) {
                c.close();
            }
        }
        if (pool != null) {
            pool.release(leg.port);
        }
    }

    /** Closes every session with no packet for {@code idleMillis}. @return how many */
    public int sweep(long idleMillis) {
        long now = clock.millis();
        List<String> idle = new ArrayList<>();
        for (MediaSession s : sessions.values()) {
            if (now - s.lastActivityMillis() > idleMillis) {
                idle.add(s.id());
            }
        }
        idle.forEach(this::close);
        return idle.size();
    }

    public MediaSession session(String id) {
        return sessions.get(id);
    }

    public List<MediaSession> sessions() {
        return List.copyOf(sessions.values());
    }

    /**
     * A leg's keying failed (a DTLS-SRTP handshake refused the party's certificate, found no common
     * profile, timed out): told like an SRTP authentication failure.
     */
    public void keyingFailed(MediaSession s, Zone zone, String reason) {
        MediaLeg leg = s.leg(zone);
        InetSocketAddress from = leg.latched() != null ? leg.latched() : leg.rtpTarget();
        if (from != null) {
            events.srtpFailure(s, zone, from, reason, 1);
        }
    }

    /** @return port pairs in use, both zones together */
    public int portsInUse() {
        return outsidePorts.inUse() + insidePorts.inUse();
    }

    public void limits(Limits l) {
        this.limits = l;
    }

    @Override
    public void close() {
        List<MediaSession> all = new ArrayList<>(sessions.values());
        new ArrayList<>(sessions.keySet()).forEach(this::close);
        for (MediaSession s : all) { // shutting down: the ports must be free when this returns
            for (MediaLeg leg : new MediaLeg[] {s.leg(Zone.OUTSIDE), s.leg(Zone.INSIDE)}) {
                for (Channel c : new Channel[] {leg.rtp, leg.rtcp}) {
                    if (c != null) {
                        c.closeFuture().awaitUninterruptibly(2, TimeUnit.SECONDS);
                    }
                }
            }
        }
    }

    /** Receives on one channel of a leg and sends on by the other leg. */
    private final class LegHandler extends SimpleChannelInboundHandler<DatagramPacket> {

        private final MediaLeg leg;
        private final boolean control;

        LegHandler(MediaLeg leg, boolean control) {
            super(false);
            this.leg = leg;
            this.control = control;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            ByteBuf buf = packet.content();
            MediaSession session = leg.session;
            if (session == null) {
                buf.release(); // bound a moment before the session is complete
                return;
            }
            InetSocketAddress from = packet.sender();
            long now = clock.millis();
            boolean rtcp = control || isMuxedRtcp(buf);
            if (session.closed || !leg.accept(from, rtcp)) {
                Limits l = limits;
                long burst = leg.foreignPacket(now, l.injectionBurst(), l.injectionWindowMillis());
                buf.release();
                if (burst > 0) {
                    events.injection(session, leg.zone, from, burst);
                }
                return;
            }
            int first = buf.isReadable() ? buf.getUnsignedByte(buf.readerIndex()) : -1;
            if (first >= 20 && first <= 63) { // RFC 7983: DTLS, for the leg's handshake only
                DtlsSrtpHandshake h = control ? null : leg.dtls();
                if (h != null) {
                    byte[] d = new byte[buf.readableBytes()];
                    buf.getBytes(buf.readerIndex(), d);
                    h.deliver(d, 0, d.length);
                }
                buf.release();
                return;
            }
            MediaLeg to = session.other(leg);
            if (leg.keysPending || to.keysPending) {
                buf.release(); // keys not agreed yet on one side: nothing passes, nothing in clear
                return;
            }
            InetSocketAddress target = rtcp ? to.rtcpTarget() : to.rtpTarget();
            Channel out = rtcp && to.rtcp != null ? to.rtcp : to.rtp;
            if (target == null || out == null) {
                buf.release(); // the other party has no address yet (port 0, or not signalled)
                return;
            }
            SrtpSession unprotect = leg.fromParty;
            SrtpSession protect = to.toParty;
            if (leg.passThrough) {
                if (unprotect != null && !verified(session, buf, rtcp, unprotect, from, now)) {
                    buf.release();
                    return;
                }
            } else if (unprotect != null || protect != null) {
                buf = transform(ctx, session, buf, rtcp, unprotect, protect, from, now);
                if (buf == null) {
                    return;
                }
            }
            leg.packetsIn.incrementAndGet(); // only what the party really sent (authenticated, when SRTP)
            leg.lastPacketMillis = now;
            if (!rtcp) {
                track(session, buf, now);
            }
            to.packetsOut.incrementAndGet();
            out.writeAndFlush(new DatagramPacket(buf, target), out.voidPromise());
        }

        /**
         * Unprotects what the party sent and protects it for the other party, in place in the event
         * loop's scratch array (with room for the tag and MKI), then into a pooled direct buffer for
         * the socket. @return the buffer to send, or null when the packet was refused (counted, and
         * told when a burst)
         */
        private ByteBuf transform(ChannelHandlerContext ctx, MediaSession session, ByteBuf in, boolean rtcp,
                SrtpSession unprotect, SrtpSession protect, InetSocketAddress from, long now) {
            int len = in.readableBytes();
            if (len > MAX_DATAGRAM) {
                in.release(); // larger than any media packet this relay reads
                return null;
            }
            byte[] a = SCRATCH.get();
            in.readBytes(a, 0, len);
            in.release();
            int n = len;
            if (unprotect != null) {
                n = rtcp ? unprotect.unprotectRtcp(a, 0, n) : unprotect.unprotectRtp(a, 0, n);
                if (n < 0) {
                    refused(session, from, n, now);
                    return null;
                }
            }
            if (protect != null) {
                n = rtcp ? protect.protectRtcp(a, 0, n) : protect.protectRtp(a, 0, n);
                if (n < 0) {
                    return null; // e.g. a repeated sequence number: never re-use keystream
                }
            }
            return ctx.alloc().directBuffer(n).writeBytes(a, 0, n);
        }

        /**
         * SRTP pass-through: checks the party's packet (authentication tag, replay) by unprotecting
         * a copy in the scratch array; the packet itself goes on unchanged. @return whether it passed
         */
        private boolean verified(MediaSession session, ByteBuf in, boolean rtcp, SrtpSession unprotect,
                InetSocketAddress from, long now) {
            int len = in.readableBytes();
            if (len > MAX_DATAGRAM) {
                return false;
            }
            byte[] a = SCRATCH.get();
            in.getBytes(in.readerIndex(), a, 0, len);
            int n = rtcp ? unprotect.unprotectRtcp(a, 0, len) : unprotect.unprotectRtp(a, 0, len);
            if (n < 0) {
                refused(session, from, n, now);
                return false;
            }
            return true;
        }

        /** An SRTP packet of the party failed its checks: counted, and told when a burst. */
        private void refused(MediaSession session, InetSocketAddress from, int status, long now) {
            Limits l = limits;
            long burst = leg.srtpFailure(now, l.srtpFailureBurst(), l.injectionWindowMillis());
            if (burst > 0) {
                events.srtpFailure(session, leg.zone, from, SrtpStatus.of(status).name(), burst);
            }
        }

        private void track(MediaSession session, ByteBuf buf, long now) {
            if (buf.readableBytes() < 12) {
                return;
            }
            int r = buf.readerIndex();
            StreamTracker.Change change = leg.tracker.onHeader(buf.getUnsignedByte(r), buf.getUnsignedShort(r + 2),
                    buf.getInt(r + 4), buf.getInt(r + 8), now);
            if (change == StreamTracker.Change.NONE || change == StreamTracker.Change.FIRST
                    || !leg.streamChangeTellable(change, now, STREAM_CHANGE_INTERVAL_MILLIS)) {
                return;
            }
            events.streamChange(session, leg.zone, switch (change) {
                case NEW_SSRC -> "new SSRC " + Integer.toUnsignedString(leg.tracker.ssrc(), 16) + " mid-call";
                case TIMESTAMP_JUMP -> "RTP timestamp discontinuity";
                default -> "sequence number discontinuity";
            });
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // a UDP send or receive error (ICMP unreachable, for one) must not close the leg
        }
    }

    /** RFC 5761 section 4: on a multiplexed port, packet types 192-223 in the second byte are RTCP. */
    static boolean isMuxedRtcp(ByteBuf buf) {
        if (buf.readableBytes() < 2) {
            return false;
        }
        int pt = buf.getUnsignedByte(buf.readerIndex() + 1);
        return pt >= 192 && pt <= 223;
    }
}
