package io.bulwark.media.dtls;

/**
 * Where a handshake's datagrams go: the relay sends each to the peer from the leg's port. Called
 * on the handshake's executor thread, never on an event loop, with an array the callee may keep;
 * it must not block for long (a Netty {@code writeAndFlush} from another thread is the intended
 * use) and should not throw: an exception ends the handshake as an internal error.
 */
@FunctionalInterface
public interface DatagramSink {

    /** Sends one datagram to the peer. */
    void send(byte[] datagram);
}
