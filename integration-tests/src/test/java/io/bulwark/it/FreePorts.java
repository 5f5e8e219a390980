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

    /** @return a port free for TCP on 127.0.0.1 */
    public static int tcp() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
