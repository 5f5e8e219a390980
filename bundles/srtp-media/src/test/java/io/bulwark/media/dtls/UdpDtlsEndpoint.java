package io.bulwark.media.dtls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Our side of a handshake over real UDP on 127.0.0.1, wired as the relay will wire it: one reader
 * thread plays the relay's I/O thread (latches onto the first source, sorts datagrams by RFC 7983
 * and hands DTLS to {@link DtlsSrtpHandshake#deliver}, keeps the rest as media), the sink sends
 * from the same socket. Public for the media tests elsewhere (the anchor's, and the integration
 * tests', through this module's test jar).
 */
public final class UdpDtlsEndpoint implements AutoCloseable {

    private final DatagramSocket socket;
    private final AtomicReference<InetSocketAddress> peer = new AtomicReference<>();
    private final AtomicReference<DtlsSrtpHandshake> handshake = new AtomicReference<>();
    private final AtomicInteger notDtls = new AtomicInteger();
    /** What the peer sent that was not DTLS (its media), in arrival order. */
    private final java.util.concurrent.BlockingQueue<byte[]> media = new java.util.concurrent.LinkedBlockingQueue<>();
    private final Thread reader;

    private UdpDtlsEndpoint(DatagramSocket socket) {
        this.socket = socket;
        this.reader = new Thread(this::read, "udp-dtls-endpoint");
        reader.setDaemon(true);
        reader.start();
    }

    /** A socket on an ephemeral port of 127.0.0.1. */
    public static UdpDtlsEndpoint open() throws SocketException {
        return new UdpDtlsEndpoint(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
    }

    /** A socket on an ephemeral port of that local address (an end-to-end test's own endpoint). */
    public static UdpDtlsEndpoint open(String address) throws SocketException {
        return new UdpDtlsEndpoint(new DatagramSocket(new InetSocketAddress(address, 0)));
    }

    /** The local port. */
    public int port() {
        return socket.getLocalPort();
    }

    /**
     * Starts the handshake. @param knownPeer where the peer is (as the SDP says), or null to latch
     * onto the first source that sends (a server waiting for its client)
     */
    public DtlsSrtpHandshake start(DtlsRole role, DtlsCertificate certificate, List<CertificateFingerprint> fingerprints,
            DtlsSrtpSettings settings, InetSocketAddress knownPeer, Executor executor) {
        peer.set(knownPeer);
        DtlsSrtpHandshake h = DtlsSrtpHandshake.create(role, certificate, fingerprints, settings, this::send);
        handshake.set(h); // reachable from the reader before the first datagram goes out
        h.start(executor);
        return h;
    }

    /** Datagrams from the peer that were not DTLS. */
    public int notDtls() {
        return notDtls.get();
    }

    /** Sends a media packet (SRTP) to the peer from the endpoint's socket, the one its DTLS runs on. */
    public void sendMedia(byte[] packet, int length, InetSocketAddress to) throws IOException {
        socket.send(new DatagramPacket(packet, length, to));
    }

    /** @return the next media packet the peer sent, or null after {@code millis} */
    public byte[] receiveMedia(long millis) throws InterruptedException {
        return media.poll(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void send(byte[] datagram) {
        InetSocketAddress to = peer.get();
        if (to == null) {
            return; // nobody to answer yet
        }
        try {
            socket.send(new DatagramPacket(datagram, datagram.length, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void read() {
        byte[] buf = new byte[2048];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                return; // closed
            }
            InetSocketAddress from = (InetSocketAddress) packet.getSocketAddress();
            if (!peer.compareAndSet(null, from) && !from.equals(peer.get())) {
                continue; // not the latched peer
            }
            DtlsSrtpHandshake h = handshake.get();
            if (MediaPacketKind.of(buf, 0, packet.getLength()) != MediaPacketKind.DTLS) {
                notDtls.incrementAndGet();
                media.add(java.util.Arrays.copyOf(buf, packet.getLength()));
            } else if (h != null) {
                h.deliver(buf, 0, packet.getLength());
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        DtlsSrtpHandshake h = handshake.get();
        if (h != null) {
            h.close();
        }
        socket.close();
        reader.join(5000);
    }
}
