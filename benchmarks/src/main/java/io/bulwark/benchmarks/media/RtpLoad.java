package io.bulwark.benchmarks.media;

import io.bulwark.media.srtp.SrtpSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The load generator: RTP streams of 20 ms G.711 packets (12-octet header, 160-octet payload, 50 a
 * second per stream), paced by a few sender threads and received by a few selector threads, however
 * many streams there are. Each packet carries its send time ({@link System#nanoTime}) and stream
 * number in the first 12 payload octets; the receiver reads the clock right after the datagram
 * arrives, before it decrypts anything, so one-way delays hold no receiver-side SRTP work.
 *
 * <p>The streams' send instants are spread evenly over the 20 ms period (stream i of M at
 * i × 20 ms / M) and kept on an absolute schedule, so a late wake-up never drifts the rate. Only
 * packets sent inside the measurement window count, on both ends (by the send time they carry), so
 * sent minus received is exact loss; a packet still arriving up to {@link #DRAIN_NANOS} after the
 * window is counted.
 */
final class RtpLoad {

    static final int HEADER = 12;
    static final int PAYLOAD = 160;
    static final int PACKET = HEADER + PAYLOAD;
    static final long PERIOD_NANOS = 20_000_000L;
    static final int PACKETS_PER_SECOND = 50;
    /** Senders go on this long after the window, so the relay is under the same load when its meters are read. */
    static final long TRAIL_NANOS = 300_000_000L;
    /** Receivers go on this long after the window, for packets still under way. */
    static final long DRAIN_NANOS = 1_000_000_000L;
    private static final int SAMPLES_PER_PACKET = 160;
    private static final byte PCMU_SILENCE = (byte) 0xFF;
    private static final long SETTLE_NANOS = 100_000_000L;

    /** One direction of one call: sent on one channel, received on another. */
    static final class Stream {
        final int call;
        final int direction;
        final int ssrc;
        final DatagramChannel from;
        final DatagramChannel to;
        final SrtpSession protect;
        final SrtpSession unprotect;
        private int seq;
        private int timestamp;
        private boolean first = true;

        /**
         * @param from connected to where the stream goes (the relay, or straight to {@code to})
         * @param to connected to where the stream comes from, so the kernel drops anything else
         * @param protect the sender's SRTP context, null for plain RTP
         * @param unprotect the receiver's SRTP context, null for plain RTP
         */
        Stream(int call, int direction, int ssrc, int firstSeq, DatagramChannel from, DatagramChannel to,
                SrtpSession protect, SrtpSession unprotect) {
            this.call = call;
            this.direction = direction;
            this.ssrc = ssrc;
            this.seq = firstSeq;
            this.timestamp = firstSeq * SAMPLES_PER_PACKET;
            this.from = from;
            this.to = to;
            this.protect = protect;
            this.unprotect = unprotect;
        }
    }

    /** What one direction saw in the window. */
    static final class DirectionResult {
        long sent;
        long received;
        long srtpFailures;
        long malformed;
        final LatencyHistogram latency = new LatencyHistogram();
    }

    private final List<Stream> streams;
    private final int senderThreads;
    private final int receiverThreads;
    private final int directions;
    private final long warmupNanos;
    private final long measureNanos;
    private final List<Sender> senders = new ArrayList<>();
    private final List<Receiver> receivers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private long start;
    private long from;
    private long to;

    RtpLoad(List<Stream> streams, int directions, int senderThreads, int receiverThreads, long warmupNanos,
            long measureNanos) {
        this.streams = streams;
        this.directions = directions;
        this.senderThreads = senderThreads;
        this.receiverThreads = receiverThreads;
        this.warmupNanos = warmupNanos;
        this.measureNanos = measureNanos;
    }

    /** Registers the receiving channels and starts every thread; the schedule begins shortly after. */
    void start() throws IOException {
        start = System.nanoTime() + SETTLE_NANOS;
        from = start + warmupNanos;
        to = from + measureNanos;
        for (int r = 0; r < receiverThreads; r++) {
            receivers.add(new Receiver(Selector.open()));
        }
        for (int i = 0; i < streams.size(); i++) {
            Stream s = streams.get(i);
            s.to.configureBlocking(false);
            s.from.configureBlocking(false);
            s.to.register(receivers.get(i % receiverThreads).selector, SelectionKey.OP_READ, s);
        }
        for (int t = 0; t < senderThreads; t++) {
            senders.add(new Sender(t));
        }
        for (int t = 0; t < senderThreads; t++) {
            threads.add(new Thread(senders.get(t), "load-send-" + t));
        }
        for (int r = 0; r < receiverThreads; r++) {
            threads.add(new Thread(receivers.get(r), "load-recv-" + r));
        }
        threads.forEach(Thread::start);
    }

    /** @return when the measurement window opens ({@link System#nanoTime}) */
    long windowStart() {
        return from;
    }

    /** @return when it closes */
    long windowEnd() {
        return to;
    }

    /** @return the generator's own threads, for their CPU time */
    List<Thread> threads() {
        return threads;
    }

    /** Waits for every thread to finish and adds up what they counted. */
    DirectionResult[] finish() throws InterruptedException {
        for (Thread t : threads) {
            t.join();
        }
        DirectionResult[] out = new DirectionResult[directions];
        for (int d = 0; d < directions; d++) {
            out[d] = new DirectionResult();
            for (Sender s : senders) {
                out[d].sent += s.sent[d];
            }
            for (Receiver r : receivers) {
                out[d].received += r.received[d];
                out[d].srtpFailures += r.failures[d];
                out[d].malformed += r.malformed[d];
                out[d].latency.add(r.latency[d]);
            }
        }
        return out;
    }

    /** @return packets a sender could not hand to the kernel (socket buffer full, an error) */
    long sendErrors() {
        return senders.stream().mapToLong(s -> s.errors).sum();
    }

    /** @return receive errors (an ICMP error reported on a connected socket, for one) */
    long receiveErrors() {
        return receivers.stream().mapToLong(r -> r.errors).sum();
    }

    /** @return how late after its scheduled instant packets in the window left */
    LatencyHistogram lateness() {
        LatencyHistogram h = new LatencyHistogram();
        senders.forEach(s -> h.add(s.lateness));
        return h;
    }

    private final class Sender implements Runnable {

        private final Stream[] mine;
        private final long[] offsets;
        private final byte[] buf = new byte[PACKET + 64];
        private final ByteBuffer out = ByteBuffer.wrap(buf);
        final long[] sent = new long[directions];
        final LatencyHistogram lateness = new LatencyHistogram();
        long errors;

        Sender(int index) {
            int total = streams.size();
            int count = (total - index + senderThreads - 1) / senderThreads;
            mine = new Stream[count];
            offsets = new long[count];
            for (int k = 0, i = index; i < total; k++, i += senderThreads) {
                mine[k] = streams.get(i);
                offsets[k] = i * PERIOD_NANOS / total;
            }
        }

        @Override
        public void run() {
            if (mine.length == 0) {
                return;
            }
            long stop = to + TRAIL_NANOS;
            long round = 0;
            int i = 0;
            while (true) {
                long due = start + round * PERIOD_NANOS + offsets[i];
                if (due >= stop) {
                    return;
                }
                long now = System.nanoTime();
                if (due > now) {
                    LockSupport.parkNanos(due - now);
                    continue;
                }
                send(mine[i], due);
                if (++i == mine.length) {
                    i = 0;
                    round++;
                }
            }
        }

        private void send(Stream s, long due) {
            out.clear();
            out.put(0, (byte) 0x80).put(1, (byte) (s.first ? 0x80 : 0)) // V=2; marker on the first; PT 0 (PCMU)
                    .putShort(2, (short) s.seq).putInt(4, s.timestamp).putInt(8, s.ssrc);
            java.util.Arrays.fill(buf, HEADER + 12, PACKET, PCMU_SILENCE); // protect encrypted the last one in place
            s.seq++;
            s.timestamp += SAMPLES_PER_PACKET;
            s.first = false;
            long now = System.nanoTime();
            out.putLong(HEADER, now).putInt(HEADER + 8, s.call);
            int n = s.protect == null ? PACKET : s.protect.protectRtp(buf, 0, PACKET);
            if (n < 0) {
                errors++;
                return;
            }
            out.limit(n);
            try {
                if (s.from.write(out) == 0) {
                    errors++;
                    return;
                }
            } catch (IOException e) {
                errors++;
                return;
            }
            if (now >= from && now < to) {
                sent[s.direction]++;
                lateness.record(now - due);
            }
        }
    }

    private final class Receiver implements Runnable {

        final Selector selector;
        private final byte[] buf = new byte[2048];
        private final ByteBuffer in = ByteBuffer.wrap(buf);
        private final Consumer<SelectionKey> onReadable = this::drain;
        final long[] received = new long[directions];
        final long[] failures = new long[directions];
        final long[] malformed = new long[directions];
        final LatencyHistogram[] latency = new LatencyHistogram[directions];
        long errors;

        Receiver(Selector selector) {
            this.selector = selector;
            for (int d = 0; d < directions; d++) {
                latency[d] = new LatencyHistogram();
            }
        }

        @Override
        public void run() {
            long stop = to + DRAIN_NANOS;
            try (selector) {
                while (System.nanoTime() < stop) {
                    selector.select(onReadable, 20);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void drain(SelectionKey key) {
            DatagramChannel channel = (DatagramChannel) key.channel();
            Stream s = (Stream) key.attachment();
            while (true) {
                in.clear();
                int n;
                try {
                    n = channel.read(in);
                } catch (IOException e) {
                    errors++;
                    return;
                }
                if (n <= 0) {
                    return;
                }
                accept(s, n, System.nanoTime());
            }
        }

        private void accept(Stream s, int length, long arrived) {
            int d = s.direction;
            int n = length;
            if (s.unprotect != null) {
                n = s.unprotect.unprotectRtp(buf, 0, length);
                if (n < 0) {
                    failures[d]++;
                    return;
                }
            }
            if (n != PACKET || in.getInt(8) != s.ssrc || in.getInt(HEADER + 8) != s.call
                    || buf[PACKET - 1] != PCMU_SILENCE) {
                malformed[d]++;
                return;
            }
            long sentAt = in.getLong(HEADER);
            if (sentAt >= from && sentAt < to) {
                received[d]++;
                latency[d].record(arrived - sentAt);
            }
        }
    }
}
