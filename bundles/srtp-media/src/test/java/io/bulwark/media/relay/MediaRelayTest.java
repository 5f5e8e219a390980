package io.bulwark.media.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.api.transport.Zone;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay with real UDP sockets on loopback: a "phone" on the outside and a "PBX" inside, an
 * injector from another loopback address (127.0.0.2, which Linux answers for).
 */
class MediaRelayTest {

    private static final InetAddress LO = InetAddress.getLoopbackAddress();
    private static EventLoopGroup group;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final MutableClock clock = new MutableClock();
    private MediaRelay relay;
    private DatagramSocket phone;
    private DatagramSocket pbx;

    @BeforeAll
    static void loops() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stopLoops() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    @BeforeEach
    void setUp() throws IOException {
        relay = new MediaRelay(group, NioDatagramChannel.class, new MediaRelay.ZoneMedia(LO, 41000, 41019),
                new MediaRelay.ZoneMedia(LO, 41100, 41119), new MediaRelay.Limits(5, 1000, 3), new MediaEvents() {
                    @Override
                    public void injection(MediaSession s, Zone zone, InetSocketAddress from, long count) {
                        events.add("injection " + zone + " " + from.getAddress().getHostAddress() + " " + count);
                    }

                    @Override
                    public void srtpFailure(MediaSession s, Zone zone, InetSocketAddress from, String status,
                            long count) {
                        events.add("srtp " + zone + " " + status + " " + count);
                    }

                    @Override
                    public void streamChange(MediaSession s, Zone zone, String what) {
                        events.add("stream " + zone + " " + what);
                    }
                }, clock);
        phone = new DatagramSocket(new InetSocketAddress(LO, 0));
        pbx = new DatagramSocket(new InetSocketAddress(LO, 0));
        phone.setSoTimeout(2000);
        pbx.setSoTimeout(2000);
    }

    @AfterEach
    void tearDown() {
        relay.close();
        phone.close();
        pbx.close();
    }

    private MediaSession open(String id, boolean mux) throws IOException {
        return relay.open(id, new LegSpec((InetSocketAddress) phone.getLocalSocketAddress(), LO, mux),
                new LegSpec((InetSocketAddress) pbx.getLocalSocketAddress(), LO, mux));
    }

    static byte[] rtp(int seq, int ssrc, int payloadType) {
        return rtp(seq, 0, ssrc, payloadType);
    }

    static byte[] rtp(int seq, int timestamp, int ssrc, int payloadType) {
        byte[] p = new byte[172];
        p[0] = (byte) 0x80;
        p[1] = (byte) payloadType;
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        p[4] = (byte) (timestamp >> 24);
        p[5] = (byte) (timestamp >> 16);
        p[6] = (byte) (timestamp >> 8);
        p[7] = (byte) timestamp;
        p[8] = (byte) (ssrc >> 24);
        p[9] = (byte) (ssrc >> 16);
        p[10] = (byte) (ssrc >> 8);
        p[11] = (byte) ssrc;
        for (int i = 12; i < p.length; i++) {
            p[i] = (byte) (seq + i);
        }
        return p;
    }

    private static void send(DatagramSocket from, byte[] p, InetSocketAddress to) throws IOException {
        from.send(new DatagramPacket(p, p.length, to));
    }

    private static DatagramPacket receive(DatagramSocket s) throws IOException {
        DatagramPacket d = new DatagramPacket(new byte[2048], 2048);
        s.receive(d);
        return d;
    }

    @Test
    void mediaFlowsBothWaysThroughTheAppliancesPorts() throws Exception {
        MediaSession s = open("call-1/0", false);
        InetSocketAddress outsidePort = s.leg(Zone.OUTSIDE).localRtp();
        InetSocketAddress insidePort = s.leg(Zone.INSIDE).localRtp();
        assertEquals(0, outsidePort.getPort() % 2, "RTP on an even port");
        for (int seq = 100; seq < 110; seq++) {
            byte[] p = rtp(seq, 0x11111111, 0);
            send(phone, p, outsidePort);
            DatagramPacket got = receive(pbx);
            assertArrayEquals(p, java.util.Arrays.copyOf(got.getData(), got.getLength()));
            assertEquals(insidePort, got.getSocketAddress(), "the PBX sees only the appliance's inside port");
            byte[] back = rtp(seq + 5000, 0x22222222, 8);
            send(pbx, back, insidePort);
            DatagramPacket gotBack = receive(phone);
            assertArrayEquals(back, java.util.Arrays.copyOf(gotBack.getData(), gotBack.getLength()));
            assertEquals(outsidePort, gotBack.getSocketAddress());
        }
        assertEquals(phone.getLocalSocketAddress(), s.leg(Zone.OUTSIDE).latched());
        assertEquals(10, s.leg(Zone.OUTSIDE).packetsIn());
        assertEquals(10, s.leg(Zone.INSIDE).packetsOut());
        assertEquals(0, s.leg(Zone.OUTSIDE).lost());
        // RTCP on the odd port
        byte[] rtcp = {(byte) 0x80, (byte) 200, 0, 6, 0x11, 0x11, 0x11, 0x11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0};
        DatagramPacket r = new DatagramPacket(new byte[100], 100);
        try (DatagramSocket pbxRtcp = new DatagramSocket(new InetSocketAddress(LO, pbx.getLocalPort() + 1))) {
            pbxRtcp.setSoTimeout(2000);
            send(phone, rtcp, new InetSocketAddress(LO, outsidePort.getPort() + 1));
            pbxRtcp.receive(r);
            assertEquals(insidePort.getPort() + 1, r.getPort());
        } catch (java.net.BindException e) {
            // the PBX's port + 1 is taken on this machine: RTCP is covered by the multiplexed test
        }
        assertTrue(events.isEmpty(), events.toString());
    }

    @Test
    void packetsFromAnotherSourceAreDroppedCountedAndABurstIsReported() throws Exception {
        MediaSession s = open("call-2/0", true);
        InetSocketAddress outsidePort = s.leg(Zone.OUTSIDE).localRtp();
        send(phone, rtp(1, 7, 0), outsidePort);
        assertEquals(172, receive(pbx).getLength());
        try (DatagramSocket injector = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
                DatagramSocket samePhoneOtherPort = new DatagramSocket(new InetSocketAddress(LO, 0))) {
            for (int i = 0; i < 6; i++) {
                send(injector, rtp(2 + i, 7, 0), outsidePort);
            }
            send(samePhoneOtherPort, rtp(20, 7, 0), outsidePort);
            send(phone, rtp(2, 7, 0), outsidePort);
            DatagramPacket next = receive(pbx);
            assertEquals(2, ((next.getData()[2] & 0xff) << 8) | (next.getData()[3] & 0xff),
                    "only the phone's packet came through");
        }
        long deadline = System.currentTimeMillis() + 2000;
        while (s.leg(Zone.OUTSIDE).foreignPackets() < 7 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(7, s.leg(Zone.OUTSIDE).foreignPackets());
        assertEquals(List.of("injection OUTSIDE 127.0.0.2 5"), events);
        pbx.setSoTimeout(200);
        assertThrows(SocketTimeoutException.class, () -> receive(pbx), "nothing else reached the PBX");
    }

    @Test
    void multiplexedRtcpAndStreamChangesAreTold() throws Exception {
        MediaSession s = open("call-3/0", true);
        InetSocketAddress outsidePort = s.leg(Zone.OUTSIDE).localRtp();
        send(phone, rtp(10, 1, 0), outsidePort);
        receive(pbx);
        byte[] rtcp = new byte[28];
        rtcp[0] = (byte) 0x80;
        rtcp[1] = (byte) 201;
        send(phone, rtcp, outsidePort);
        assertEquals(28, receive(pbx).getLength(), "RTCP on the RTP port (RFC 5761)");
        send(phone, rtp(12, 1, 0), outsidePort); // 11 lost
        receive(pbx);
        send(phone, rtp(40000, 1, 0), outsidePort); // a jump
        receive(pbx);
        send(phone, rtp(5, 2, 0), outsidePort); // a new SSRC
        receive(pbx);
        send(phone, rtp(9, 3, 0), outsidePort); // another one at once: counted, not told again
        receive(pbx);
        send(phone, rtp(10, 0x3000_0000, 3, 0), outsidePort); // its timestamp leaps ahead of the clock
        receive(pbx);
        byte[] runt = {(byte) 0x80, 0, 0, 9, 0, 0, 0, 0};
        send(phone, runt, outsidePort); // shorter than an RTP header: relayed, not tracked
        assertEquals(8, receive(pbx).getLength());
        assertEquals(List.of("stream OUTSIDE sequence number discontinuity", "stream OUTSIDE new SSRC 2 mid-call",
                "stream OUTSIDE RTP timestamp discontinuity"), events);
        assertEquals(1, s.leg(Zone.OUTSIDE).discontinuities());
        assertEquals(1, s.leg(Zone.OUTSIDE).timestampJumps());
        assertEquals(2, s.leg(Zone.OUTSIDE).ssrcChanges());
        assertEquals(8, s.leg(Zone.OUTSIDE).packetsIn(), "RTP and RTCP packets in");
    }

    @Test
    void closingAndIdleSweepsGiveEveryPortBack() throws Exception {
        for (int i = 0; i < 10; i++) {
            open("c" + i, false);
        }
        assertEquals(20, relay.portsInUse());
        IOException full = assertThrows(IOException.class, () -> open("c10", false));
        assertTrue(full.getMessage().contains("no free media port pair in the outside range"), full.getMessage());
        assertEquals(20, relay.portsInUse(), "a failed open leaves nothing behind");
        assertThrows(IOException.class, () -> open("c3", false), "an open id");
        assertTrue(relay.close("c0"));
        assertFalse(relay.close("c0"));
        assertEquals(18, relay.portsInUse());
        MediaSession active = relay.session("c1");
        clock.advance(30_000);
        send(phone, rtp(1, 1, 0), active.leg(Zone.OUTSIDE).localRtp());
        receive(pbx);
        clock.advance(31_000);
        assertEquals(8, relay.sweep(60_000), "every session but the one with a packet 31 s ago");
        assertNotNull(relay.session("c1"));
        assertEquals(2, relay.portsInUse());
        clock.advance(60_001);
        assertEquals(1, relay.sweep(60_000));
        assertEquals(0, relay.portsInUse());
        assertTrue(relay.sessions().isEmpty());
        assertNull(relay.session("c1"));
        for (int i = 0; i < 10; i++) {
            open("again" + i, false); // every port binds again
        }
        assertEquals(20, relay.portsInUse());
    }

    @Test
    void aPortTakenByAnotherProcessIsSkipped() throws Exception {
        DatagramSocket squatter = null;
        try {
            squatter = new DatagramSocket(new InetSocketAddress(LO, 41000));
        } catch (java.net.BindException takenAlready) {
            // 41000 is in the ephemeral range: another process may hold it already, which is the same case
        }
        try {
            MediaSession s = open("skip", false);
            assertTrue(s.leg(Zone.OUTSIDE).localRtp().getPort() != 41000);
        } finally {
            if (squatter != null) {
                squatter.close();
            }
        }
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile long millis = 1_800_000_000_000L;

        void advance(long ms) {
            millis += ms;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
