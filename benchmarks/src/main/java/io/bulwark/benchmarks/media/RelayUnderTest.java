package io.bulwark.benchmarks.media;

import io.bulwark.api.transport.Zone;
import io.bulwark.media.relay.LegSpec;
import io.bulwark.media.relay.MediaEvents;
import io.bulwark.media.relay.MediaRelay;
import io.bulwark.media.relay.MediaSession;
import io.bulwark.media.srtp.SrtpPolicy;
import io.bulwark.media.srtp.SrtpSession;
import io.bulwark.media.srtp.SrtpSuite;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The relay under test: a {@link MediaRelay} on event loops of its own, made as
 * {@code io.bulwark.media.service.MediaComponent} makes them (epoll where available, else NIO), and
 * calls opened on it as the anchor opens them: the inside leg plain RTP towards the PBX, the outside
 * leg SRTP ({@link #SUITE}) towards the trunk, keyed with {@code MediaLeg.crypto}. Its event-loop
 * threads are named {@link #LOOP_THREAD_PREFIX}..., so that their CPU time can be told apart.
 */
final class RelayUnderTest implements AutoCloseable {

    static final String LOOP_THREAD_PREFIX = "bench-relay-loop-";
    static final SrtpSuite SUITE = SrtpSuite.AES_CM_128_HMAC_SHA1_80;
    /** Directions of a call's streams. */
    static final int PBX_TO_TRUNK = 0;
    static final int TRUNK_TO_PBX = 1;
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /** Ports of the range left over for ports another process holds (the relay then takes the next pair). */
    private static final int SPARE_PAIRS = 200;

    private final MultiThreadIoEventLoopGroup group;
    private final Class<? extends io.netty.channel.socket.DatagramChannel> channelType;
    private final String transport;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong events = new AtomicLong();

    /** @param threads event-loop threads; 0 gives Netty's default, as the product's {@code io.threads = 0} does */
    RelayUnderTest(int threads) {
        boolean epoll = Epoll.isAvailable();
        group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("bench-relay-loop", true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        channelType = epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
        transport = epoll ? "epoll (EpollIoHandler, EpollDatagramChannel)"
                : "NIO (NioIoHandler; epoll unavailable: " + Epoll.unavailabilityCause() + ")";
    }

    /** @return which transport the event loops run on */
    String transport() {
        return transport;
    }

    /** @return event-loop threads of the group */
    int loopThreads() {
        return group.executorCount();
    }

    /** @return events the relay reported so far (injection, SRTP failure, stream change); 0 in a clean run */
    long events() {
        return events.get();
    }

    /** Calls opened on a relay, with the generator's sockets at both ends. */
    final class Calls implements AutoCloseable {
        final MediaRelay relay;
        final List<RtpLoad.Stream> streams = new ArrayList<>();
        private final List<DatagramChannel> sockets = new ArrayList<>();

        Calls(MediaRelay relay) {
            this.relay = relay;
        }

        /** @return packets the relay sent on, per direction, by its own counters */
        long[] relayed() {
            long[] out = new long[2];
            for (MediaSession s : relay.sessions()) {
                out[PBX_TO_TRUNK] += s.leg(Zone.OUTSIDE).packetsOut();
                out[TRUNK_TO_PBX] += s.leg(Zone.INSIDE).packetsOut();
            }
            return out;
        }

        /** @return SRTP packets from the trunk the relay refused */
        long relaySrtpFailures() {
            return relay.sessions().stream().mapToLong(s -> s.leg(Zone.OUTSIDE).srtpFailures()).sum();
        }

        @Override
        public void close() throws IOException {
            relay.close();
            for (DatagramChannel c : sockets) {
                c.close();
            }
        }
    }

    /**
     * Opens {@code calls} media lines, each with a "PBX" and a "trunk" socket of the generator.
     *
     * @param bothWays whether the trunk sends SRTP back too (relayed to the PBX as RTP)
     * @param firstPort the outside range starts here, the inside range right after it
     */
    Calls open(int calls, boolean bothWays, int firstPort) throws IOException {
        int span = 2 * (calls + SPARE_PAIRS);
        MediaRelay relay = new MediaRelay(group, channelType,
                new MediaRelay.ZoneMedia(LOOPBACK, firstPort, firstPort + span - 1),
                new MediaRelay.ZoneMedia(LOOPBACK, firstPort + span, firstPort + 2 * span - 1),
                new MediaRelay.Limits(10, 1000, 10), new CountingEvents(), Clock.systemUTC());
        Calls c = new Calls(relay);
        try {
            for (int i = 0; i < calls; i++) {
                openCall(c, i, bothWays);
            }
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void openCall(Calls c, int call, boolean bothWays) throws IOException {
        DatagramChannel pbx = bound(c.sockets);
        DatagramChannel trunk = bound(c.sockets);
        MediaSession s = c.relay.open("call-" + call,
                new LegSpec((InetSocketAddress) trunk.getLocalAddress(), LOOPBACK, true),
                new LegSpec((InetSocketAddress) pbx.getLocalAddress(), LOOPBACK, true));
        byte[] toTrunk = key();
        byte[] fromTrunk = key();
        // as the anchor keys an SDES leg: one context unprotects what the party sends, one protects what it gets
        s.leg(Zone.OUTSIDE).crypto(session(fromTrunk), session(toTrunk), SUITE.name());
        pbx.connect(s.leg(Zone.INSIDE).localRtp());
        trunk.connect(s.leg(Zone.OUTSIDE).localRtp());
        c.streams.add(new RtpLoad.Stream(call, PBX_TO_TRUNK, random.nextInt(), random.nextInt(1 << 15), pbx, trunk,
                null, session(toTrunk)));
        if (bothWays) {
            c.streams.add(new RtpLoad.Stream(call, TRUNK_TO_PBX, random.nextInt(), random.nextInt(1 << 15), trunk,
                    pbx, session(fromTrunk), null));
        }
    }

    /**
     * The same streams without the relay: each sender's socket connected straight to its
     * receiver's; what goes SRTP through the relay's trunk side is protected by the trunk here too,
     * so both ends do the same work as through the relay.
     */
    List<RtpLoad.Stream> direct(int calls, boolean bothWays, List<DatagramChannel> sockets)
            throws IOException {
        List<RtpLoad.Stream> streams = new ArrayList<>();
        for (int call = 0; call < calls; call++) {
            for (int d = 0; d < (bothWays ? 2 : 1); d++) {
                DatagramChannel a = bound(sockets);
                DatagramChannel b = bound(sockets);
                a.connect(b.getLocalAddress());
                b.connect(a.getLocalAddress());
                byte[] k = key();
                boolean srtp = d == TRUNK_TO_PBX;
                streams.add(new RtpLoad.Stream(call, d, random.nextInt(), random.nextInt(1 << 15), a, b,
                        srtp ? session(k) : null, srtp ? session(k) : null));
            }
        }
        return streams;
    }

    /** @return a UDP socket on a free loopback port, kept in {@code into} for closing */
    private static DatagramChannel bound(List<DatagramChannel> into) throws IOException {
        DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
        into.add(ch);
        return ch.bind(new InetSocketAddress(LOOPBACK, 0));
    }

    private byte[] key() {
        byte[] k = new byte[SUITE.keyLength() + SUITE.saltLength()];
        random.nextBytes(k);
        return k;
    }

    private static SrtpSession session(byte[] keyAndSalt) {
        return new SrtpSession(SrtpPolicy.of(SUITE), Arrays.copyOf(keyAndSalt, SUITE.keyLength()),
                Arrays.copyOfRange(keyAndSalt, SUITE.keyLength(), keyAndSalt.length));
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Counts what the relay reports; in a clean run every count stays 0. */
    private final class CountingEvents implements MediaEvents {
        @Override
        public void injection(MediaSession session, Zone zone, InetSocketAddress from, long count) {
            events.incrementAndGet();
        }

        @Override
        public void srtpFailure(MediaSession session, Zone zone, InetSocketAddress from, String status, long count) {
            events.incrementAndGet();
        }

        @Override
        public void streamChange(MediaSession session, Zone zone, String what) {
            events.incrementAndGet();
        }
    }
}
