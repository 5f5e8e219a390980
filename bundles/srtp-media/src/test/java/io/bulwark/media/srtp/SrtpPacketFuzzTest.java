package io.bulwark.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Arbitrary packets against every SRTP path of every suite: unprotect of SRTP and SRTCP (an
 * attacker's packets) must return a status, never throw, and leave a refused packet as it came;
 * protect of arbitrary RTP and RTCP must either refuse it with a status or give a packet the other
 * side unprotects back to the same bytes.
 */
public class SrtpPacketFuzzTest {

    private static final int ROOM = 256;

    @FuzzTest(maxDuration = "10s")
    void everyPathOfEverySuite(FuzzedDataProvider data) {
        SrtpSuite suite = data.pickValue(SrtpSuite.values());
        boolean mki = data.consumeBoolean();
        byte[] key = data.consumeBytes(suite.keyLength());
        byte[] salt = data.consumeBytes(suite.saltLength());
        if (key.length < suite.keyLength() || salt.length < suite.saltLength()) {
            return;
        }
        SrtpPolicy policy = SrtpPolicy.of(suite);
        if (mki) {
            policy = policy.withMki(new byte[] {1, 2, 3, 4});
        }
        SrtpSession sender = new SrtpSession(policy, key, salt);
        SrtpSession receiver = new SrtpSession(policy, key, salt);
        int path = data.consumeInt(0, 3);
        byte[] packet = data.consumeRemainingAsBytes();
        byte[] buf = Arrays.copyOf(packet, packet.length + ROOM);
        switch (path) {
            case 0 -> refusedUnchanged(packet, buf, receiver.unprotectRtp(buf, 0, packet.length));
            case 1 -> refusedUnchanged(packet, buf, receiver.unprotectRtcp(buf, 0, packet.length));
            case 2 -> {
                int n = sender.protectRtp(buf, 0, packet.length);
                if (n > 0) {
                    assertEquals(packet.length, receiver.unprotectRtp(buf, 0, n));
                    assertArrayEquals(packet, Arrays.copyOf(buf, packet.length));
                }
            }
            default -> {
                int n = sender.protectRtcp(buf, 0, packet.length);
                if (n > 0) {
                    assertEquals(packet.length, receiver.unprotectRtcp(buf, 0, n));
                    assertArrayEquals(packet, Arrays.copyOf(buf, packet.length));
                }
            }
        }
    }

    private static void refusedUnchanged(byte[] packet, byte[] buf, int result) {
        assertTrue(result < packet.length || packet.length == 0, "unprotect never grows a packet: " + result);
        if (result < 0) {
            assertArrayEquals(packet, Arrays.copyOf(buf, packet.length), "a refused packet is left as it came");
        }
    }
}
