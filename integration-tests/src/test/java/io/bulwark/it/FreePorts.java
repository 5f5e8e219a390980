package io.bulwark.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Finds ports free on loopback, so tests never depend on fixed ports. */
public final class FreePorts {

    private FreePorts() {
    }

    /** @return a port free for both UDP and TCP on 127.0.0.1 */
    public static int udpAndTcp() {
        for (int i = 0; i < 100; i++) {
            int port = tcp();
            try (DatagramSocket d = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                return port;
            } catch (IOException e) {
                // taken for UDP: try another
            }
        }
        throw new IllegalStateException("no free UDP+TCP port");
    }

    /**
     * The appliance's default media relay ranges (io.bulwark.media.cfg), which the kernel's ban rule
     * also covers: a test port in them could be taken by the relay, and a banned test address (the
     * attacker shares the host side's address in some tests) would lose it too. The kernel hands
     * out ephemeral ports from 32768 up, so some fall in here.
     */
    static final int MEDIA_FIRST = 30000;
    static final int MEDIA_LAST = 33999;

    /** @return a port free for TCP on 127.0.0.1, outside the appliance's media ranges */
    public static int tcp() {
        for (int i = 0; i < 100; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = s.getLocalPort();
                if (port < MEDIA_FIRST || port > MEDIA_LAST) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free TCP port outside the media ranges");
    }
}
