package io.bulwark.media.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.TlsTimeoutException;

/**
 * The datagram transport Bouncy Castle's DTLS runs on, fed by the relay instead of a socket: the
 * relay's I/O thread {@link #offer}s what arrived (a copy, into a bounded queue, never waiting),
 * the handshake thread blocks in {@link #receive} for it, and what the handshake sends goes to a
 * {@link DatagramSink}. This is what keeps the blocking protocol off the event loop.
 *
 * <p>While the handshake runs, {@link #receive} also enforces its overall deadline, so a silent
 * peer or a stalled executor cannot hold a thread past it; {@link #close} wakes a waiting
 * receiver at once.
 */
final class QueuedDatagramTransport implements DatagramTransport {

    /**
     * Largest datagram taken from the peer: more than a DTLS flight on any real path (Netty's
     * datagram channels read 2048 octets by default), and Bouncy Castle sizes its record buffer by it.
     */
    static final int RECEIVE_LIMIT = 4096;

    /** Put in the queue by {@link #close} to wake the receiver; never a real datagram (those are never empty). */
    private static final byte[] WAKE_UP = new byte[0];

    private final BlockingQueue<byte[]> inbound;
    private final DatagramSink sink;
    private final int sendLimit;
    private volatile long deadlineNanos;
    private volatile boolean deadlineActive;
    private volatile boolean closed;

    QueuedDatagramTransport(int capacity, int sendLimit, DatagramSink sink) {
        this.inbound = new ArrayBlockingQueue<>(capacity + 1); // + 1: room for the wake-up
        this.sendLimit = sendLimit;
        this.sink = sink;
    }

    /** The handshake starts: from now on {@link #receive} gives up at {@code nanoTime} (System.nanoTime). */
    void armDeadline(long nanoTime) {
        deadlineNanos = nanoTime;
        deadlineActive = true;
    }

    /**
     * Hands over a datagram from the peer; called on the I/O thread. @return false when it was
     * dropped: empty, larger than {@link #RECEIVE_LIMIT}, the queue full, or the transport closed
     */
    boolean offer(byte[] buf, int off, int len) {
        if (closed || len <= 0 || len > RECEIVE_LIMIT || inbound.remainingCapacity() <= 1) {
            return false;
        }
        return inbound.offer(Arrays.copyOfRange(buf, off, off + len));
    }

    /** Whether datagrams are waiting to be read; never once closed. */
    boolean hasPending() {
        return !closed && !inbound.isEmpty();
    }

    /** The handshake is over: {@link #receive} no longer enforces its deadline. */
    void handshakeFinished() {
        deadlineActive = false;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public int getReceiveLimit() {
        return RECEIVE_LIMIT;
    }

    @Override
    public int getSendLimit() {
        return sendLimit;
    }

    /**
     * Waits up to {@code waitMillis} (0: no limit but the deadline) for a datagram. @return its
     * length, or -1 when none came in time (Bouncy Castle then retransmits)
     *
     * @throws TlsTimeoutException when the handshake's deadline has passed
     * @throws IOException when the transport was closed
     */
    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        long wait = waitMillis <= 0 ? Long.MAX_VALUE : TimeUnit.MILLISECONDS.toNanos(waitMillis);
        if (deadlineActive) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                throw new TlsTimeoutException("DTLS handshake timed out");
            }
            wait = Math.min(wait, left);
        }
        byte[] datagram;
        try {
            datagram = inbound.poll(wait, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the DTLS peer");
        }
        if (closed || datagram == WAKE_UP) {
            throw new IOException("DTLS transport closed");
        }
        if (datagram == null) {
            if (deadlineActive && deadlineNanos - System.nanoTime() <= 0) {
                throw new TlsTimeoutException("DTLS handshake timed out");
            }
            return -1;
        }
        if (datagram.length > len) {
            return -1; // cannot happen with len >= RECEIVE_LIMIT; a truncated record would be dropped anyway
        }
        System.arraycopy(datagram, 0, buf, off, datagram.length);
        return datagram.length;
    }

    /** Sends through the sink; after {@link #close} (an alert on the way out of a closed leg) nothing is sent. */
    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            return;
        }
        try {
            sink.send(Arrays.copyOfRange(buf, off, off + len));
        } catch (RuntimeException e) {
            throw new IOException("the datagram sink failed: " + e, e);
        }
    }

    /** Closes: drops what waits, wakes a waiting receiver, sends nothing more. */
    @Override
    public void close() {
        closed = true;
        inbound.clear();
        boolean woken = inbound.offer(WAKE_UP); // room is certain: offer() always leaves one slot free
        assert woken;
    }
}
