package io.bulwark.benchmarks.srtp;

import io.bulwark.media.srtp.SrtpPolicy;
import io.bulwark.media.srtp.SrtpSession;
import io.bulwark.media.srtp.SrtpStatus;
import io.bulwark.media.srtp.SrtpSuite;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * SRTP packets per second on one core, per suite: one operation protects a fresh copy of an RTP
 * packet (12-octet header, 160-octet G.711 payload: 20 ms of audio) with the next sequence number
 * and unprotects it on a second session of the same master key, the two halves of a relayed call
 * leg. The sequence number keeps increasing (wrapping into the ROC), since the sender refuses to
 * encrypt an index twice. {@code benchmarks/srtp/srtp_bench.c} runs the same loop on libsrtp2 and
 * {@code benchmarks/srtp/run-srtp-bench.sh} runs both and prints them side by side.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SrtpBenchmark {

    private static final int HEADER = 12;
    private static final int PAYLOAD = 160;

    @Param({"AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32", "AES_256_CM_HMAC_SHA1_80",
            "AES_256_CM_HMAC_SHA1_32", "AEAD_AES_128_GCM", "AEAD_AES_256_GCM"})
    public String suite;

    private SrtpSession sender;
    private SrtpSession receiver;
    private byte[] template;
    private byte[] buf;
    private int seq;

    @Setup
    public void setUp() {
        SrtpSuite s = SrtpSuite.valueOf(suite);
        Random random = new Random(3711);
        byte[] key = new byte[s.keyLength()];
        byte[] salt = new byte[s.saltLength()];
        random.nextBytes(key);
        random.nextBytes(salt);
        SrtpPolicy policy = SrtpPolicy.of(s);
        sender = new SrtpSession(policy, key, salt);
        receiver = new SrtpSession(policy, key, salt);
        template = new byte[HEADER + PAYLOAD];
        random.nextBytes(template);
        template[0] = (byte) 0x80; // V=2, no padding, extension or CSRCs
        template[1] = 0; // PCMU
        template[8] = 0x0b;
        template[9] = 0x0b;
        template[10] = 0x1c;
        template[11] = 0x0d; // SSRC 0x0b0b1c0d
        buf = new byte[HEADER + PAYLOAD + policy.rtpOverhead()];
        seq = 1;
    }

    /** Protect then unprotect one packet: the score is packets per second through both. */
    @Benchmark
    public int protectAndUnprotect() {
        System.arraycopy(template, 0, buf, 0, template.length);
        int s = seq++;
        buf[2] = (byte) (s >>> 8);
        buf[3] = (byte) s;
        int len = sender.protectRtp(buf, 0, template.length);
        if (len < 0) {
            throw new IllegalStateException("protect: " + SrtpStatus.of(len));
        }
        int plain = receiver.unprotectRtp(buf, 0, len);
        if (plain != template.length) {
            throw new IllegalStateException("unprotect: " + SrtpStatus.of(plain));
        }
        return plain;
    }
}
