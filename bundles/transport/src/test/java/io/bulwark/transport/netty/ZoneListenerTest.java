package io.bulwark.transport.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.api.transport.MessageContext;
import io.bulwark.api.transport.SipFrameHandler;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import io.bulwark.transport.framing.FramingLimits;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real sockets on loopback against real listeners. */
class ZoneListenerTest {

    private static final String MSG = "OPTIONS sip:a@b SIP/2.0\r\nCall-ID: t1\r\nContent-Length: 0\r\n\r\n";
    private static EventLoops loops;
    private static final BlockingQueue<Object[]> FRAMES = new LinkedBlockingQueue<>();
    private static InboundDispatcher dispatcher;

    @TempDir
    static Path etc;

    @BeforeAll
    static void setUp() {
        loops = new EventLoops(2, true);
        dispatcher = new InboundDispatcher();
        dispatcher.setHandler(new SipFrameHandler() {
            @Override
            public void onFrame(byte[] frame, MessageContext context) {
                FRAMES.add(new Object[] {new String(frame, StandardCharsets.ISO_8859_1), context});
            }

            @Override
            public void onFramingError(String reason, byte[] partial, MessageContext context) {
                FRAMES.add(new Object[] {"ERROR " + reason, context});
            }
        });
    }

    @AfterAll
    static void tearDown() {
        loops.close();
    }

    static int freePort() throws Exception {
        for (int i = 0; i < 50; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                    DatagramSocket d = new DatagramSocket(s.getLocalPort(), InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (java.net.BindException e) {
                // try again
            }
        }
        throw new IllegalStateException("no port");
    }

    private ListenerSettings settings(int port, int tlsPort) {
        return new ListenerSettings(Zone.OUTSIDE, List.of("127.0.0.1"), port, port, tlsPort, "", FramingLimits.DEFAULTS,
                30, 100, etc.resolve("t.crt"), etc.resolve("t.key"), false);
    }

    private static Object[] nextFrame() throws InterruptedException {
        Object[] f = FRAMES.poll(5, TimeUnit.SECONDS);
        assertNotNull(f, "no frame arrived");
        return f;
    }

    @Test
    void udpDatagramReachesTheHandlerAndAnswersGoBack() throws Exception {
        int port = freePort();
        ZoneListener z = new ZoneListener(loops, dispatcher, settings(port, 0));
        NettySipTransport t = new NettySipTransport();
        t.addZone(z);
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            s.setSoTimeout(5000);
            byte[] b = MSG.getBytes(StandardCharsets.US_ASCII);
            s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), port));
            Object[] f = nextFrame();
            assertEquals(MSG, f[0]);
            MessageContext ctx = (MessageContext) f[1];
            assertEquals(TransportProtocol.UDP, ctx.protocol());
            assertEquals(s.getLocalPort(), ctx.remote().getPort());
            assertTrue(t.send(Zone.OUTSIDE, TransportProtocol.UDP, ctx.remote(), 0, "SIP/2.0 200 OK\r\n\r\n".getBytes()));
            DatagramPacket p = new DatagramPacket(new byte[100], 100);
            s.receive(p);
            assertEquals(port, p.getPort(), "answers leave from the listening port");
            assertFalse(t.send(Zone.INSIDE, TransportProtocol.UDP, ctx.remote(), 0, new byte[1]), "no inside zone");
        } finally {
            z.close();
        }
    }

    @Test
    void listensOnIpv6AndIpv4AtOnce() throws Exception {
        int port = freePort();
        ListenerSettings dual = new ListenerSettings(Zone.OUTSIDE, List.of("127.0.0.1", "::1"), port, 0, 0, "",
                FramingLimits.DEFAULTS, 30, 100, etc.resolve("t.crt"), etc.resolve("t.key"), false);
        ZoneListener z = new ZoneListener(loops, dispatcher, dual);
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("::1"))) {
            byte[] b = MSG.getBytes(StandardCharsets.US_ASCII);
            s.send(new DatagramPacket(b, b.length, InetAddress.getByName("::1"), port));
            Object[] f = nextFrame();
            MessageContext ctx = (MessageContext) f[1];
            assertTrue(ctx.remote().getAddress() instanceof java.net.Inet6Address, ctx.toString());
            assertTrue(z.send(TransportProtocol.UDP, ctx.remote(), 0, "OK".getBytes(StandardCharsets.US_ASCII)));
            s.setSoTimeout(5000);
            DatagramPacket p = new DatagramPacket(new byte[10], 10);
            s.receive(p);
            assertEquals("OK", new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII),
                    "answered from the IPv6 listener");
            assertEquals(2, z.info().size());
        } finally {
            z.close();
        }
    }

    @Test
    void tcpFramesPipelinedMessagesAndReusesTheConnection() throws Exception {
        int port = freePort();
        ZoneListener z = new ZoneListener(loops, dispatcher, settings(port, 0));
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = s.getOutputStream();
            out.write((MSG + MSG).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals(MSG, nextFrame()[0]);
            MessageContext ctx = (MessageContext) nextFrame()[1];
            assertTrue(ctx.connectionId() > 0);
            assertTrue(z.send(TransportProtocol.TCP, ctx.remote(), ctx.connectionId(), "PONG".getBytes()));
            InputStream in = s.getInputStream();
            byte[] got = in.readNBytes(4);
            assertEquals("PONG", new String(got, StandardCharsets.US_ASCII));
            assertEquals(1, z.info().stream().filter(i -> i.protocol() == TransportProtocol.TCP).findFirst()
                    .orElseThrow().connections());
        } finally {
            z.close();
        }
    }

    @Test
    void tlsListenerUsesAGeneratedCertificateAndTls12Plus() throws Exception {
        int port = freePort();
        int tls = freePort();
        ZoneListener z = new ZoneListener(loops, dispatcher, settings(port, tls));
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new TrustAll()}, null);
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), tls)) {
                s.startHandshake();
                assertTrue(s.getSession().getProtocol().matches("TLSv1\\.[23]"), s.getSession().getProtocol());
                s.getOutputStream().write(MSG.getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                Object[] f = nextFrame();
                assertEquals(MSG, f[0]);
                assertEquals(TransportProtocol.TLS, ((MessageContext) f[1]).protocol());
            }
            SSLContext old = SSLContext.getInstance("TLS");
            old.init(null, new TrustManager[] {new TrustAll()}, null);
            try (SSLSocket s = (SSLSocket) old.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), tls)) {
                s.setEnabledProtocols(new String[] {"TLSv1.1"});
                s.setSoTimeout(3000);
                boolean refused;
                try {
                    s.startHandshake();
                    refused = false;
                } catch (java.io.IOException e) {
                    refused = true;
                }
                assertTrue(refused, "TLS 1.1 must be refused");
            } catch (IllegalArgumentException e) {
                // the JDK itself no longer offers TLS 1.1: nothing to check
            }
        } finally {
            z.close();
        }
    }

    @Test
    void rebindsToANewPortWithoutARestart() throws Exception {
        int first = freePort();
        ZoneListener z = new ZoneListener(loops, dispatcher, settings(first, 0));
        try {
            int second = freePort();
            z.modifiedSettings(settings(second, 0));
            assertEquals(second, z.advertised(TransportProtocol.UDP).getPort());
            try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                byte[] b = MSG.getBytes(StandardCharsets.US_ASCII);
                s.send(new DatagramPacket(b, b.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), second)));
                assertEquals(MSG, nextFrame()[0]);
            }
            try (DatagramSocket free = new DatagramSocket(first, InetAddress.getLoopbackAddress())) {
                assertTrue(free.isBound(), "old port released");
            }
        } finally {
            z.close();
        }
    }

    @Test
    void admissionGateDropsBeforeDecoding() throws Exception {
        int port = freePort();
        InboundDispatcher gated = new InboundDispatcher();
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        gated.setHandler(new SipFrameHandler() {
            @Override
            public void onFrame(byte[] frame, MessageContext context) {
                seen.add("frame");
            }

            @Override
            public void onFramingError(String reason, byte[] partial, MessageContext context) {
            }
        });
        gated.setGate((zone, protocol, source, length) -> false);
        ZoneListener z = new ZoneListener(loops, gated, settings(port, 0));
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            byte[] b = MSG.getBytes(StandardCharsets.US_ASCII);
            s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), port));
            assertNull(seen.poll(500, TimeUnit.MILLISECONDS));
            assertEquals(1, gated.refusedCount());
        } finally {
            z.close();
        }
    }

    @Test
    void badSettingsNameTheField() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new ListenerSettings(Zone.OUTSIDE, List.of("not-an-ip"), 5060, 5060, 5061, "",
                        FramingLimits.DEFAULTS, 30, 100, etc, etc, false));
        assertTrue(e.getMessage().contains("bind.addresses"));
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> settings(70000, 0));
        assertTrue(e.getMessage().contains("udp.port"));
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
        }

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
        }
    }
}
