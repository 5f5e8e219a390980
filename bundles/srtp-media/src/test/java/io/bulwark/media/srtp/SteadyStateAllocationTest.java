package io.bulwark.media.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Protect plus unprotect of a 172-octet RTP packet (12 header, 160 payload: 20 ms of G.711) and
 * of a 52-octet RTCP packet, 100,000 times after warm-up, on one thread, measured with the JVM's
 * count of bytes the thread allocated. The bound leaves room for the JIT's own bookkeeping only:
 * one allocation per packet would be several megabytes.
 */
class SteadyStateAllocationTest {

    private static final int ITERATIONS = 100_000;
    private static final long BOUND = 1024;
    private static final int SSRC = 0x5eed5eed;

    @Test
    void aesCm128HmacSha1_80AllocatesNothingPerPacket() {
        assertSteadyStateAllocationBelowBound(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
    }

    @Test
    void aeadAes128GcmAllocatesNothingPerPacket() {
        assertSteadyStateAllocationBelowBound(SrtpSuite.AEAD_AES_128_GCM);
    }

    @Test
    void aes256WithAnMkiAllocatesNothingPerPacket() {
        assertSteadyStateAllocationBelowBound(SrtpSuite.AES_256_CM_HMAC_SHA1_32);
    }

    private static void assertSteadyStateAllocationBelowBound(SrtpSuite suite) {
        SrtpPolicy policy = SrtpPolicy.of(suite).withMki(new byte[] {1, 2, 3, 4});
        SrtpSession sender = Packets.session(policy, 99);
        SrtpSession receiver = Packets.session(policy, 99);
        Random random = new Random(160);
        byte[] rtp = Packets.rtp(0, SSRC, 160, random);
        byte[] rtcp = Packets.rtcp(SSRC, 52, random);
        int[] seq = {0};
        run(sender, receiver, rtp, rtcp, seq, 30_000); // warm-up: the JIT compiles the path
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        long failures = run(sender, receiver, rtp, rtcp, seq, ITERATIONS);
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertEquals(0, failures, "every packet made the round trip");
        System.out.printf("%s: %d bytes allocated over %d RTP and %d RTCP round trips%n", suite, allocated,
                ITERATIONS, ITERATIONS / 10);
        assertTrue(allocated < BOUND, suite + " allocated " + allocated + " bytes in steady state");
    }

    /** Round trips; every tenth also an RTCP round trip. Returns how many failed. */
    private static long run(SrtpSession sender, SrtpSession receiver, byte[] rtp, byte[] rtcp, int[] seq, int n) {
        long failures = 0;
        for (int i = 0; i < n; i++) {
            Bytes.SHORT_BE.set(rtp, 2, (short) seq[0]++);
            int len = sender.protectRtp(rtp, 0, 172);
            if (len < 0 || receiver.unprotectRtp(rtp, 0, len) != 172) {
                failures++;
            }
            if (i % 10 == 0) {
                int rtcpLen = sender.protectRtcp(rtcp, 0, 52);
                if (rtcpLen < 0 || receiver.unprotectRtcp(rtcp, 0, rtcpLen) != 52) {
                    failures++;
                }
            }
        }
        return failures;
    }
}
