package io.bulwark.sipproxy.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.api.inspect.RegistrationBinding;
import io.bulwark.api.transport.TransportProtocol;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedInspectionStateTest {

    private final BoundedInspectionState state = new BoundedInspectionState(4, 100, 5);

    @Test
    void hitsWithinTheWindowAreAllCountedAndOlderOnesAgeOut() {
        long t = 1_000_000;
        for (int i = 0; i < 10; i++) {
            state.hit("c", "k", t + i * 5_000, 60_000);
        }
        assertEquals(10, state.count("c", "k", t + 45_000, 60_000));
        // half-way: the first hits have gone, the last ones remain
        long mid = state.count("c", "k", t + 90_000, 60_000);
        assertTrue(mid >= 4 && mid <= 5, "hits left after 90 s: " + mid);
        // a window and an eighth after the last hit, nothing is left
        assertEquals(0, state.count("c", "k", t + 45_000 + 67_500, 60_000));
    }

    @Test
    void distinctMembersCountOnceAndSaturateAtTheBound() {
        long t = 5_000;
        assertEquals(1, state.distinct("d", "src", "100", t, 60_000));
        assertEquals(1, state.distinct("d", "src", "100", t + 1, 60_000));
        assertEquals(2, state.distinct("d", "src", "101", t + 2, 60_000));
        for (int i = 0; i < 10; i++) {
            state.distinct("d", "src", "x" + i, t + 3 + i, 60_000);
        }
        assertEquals(5, state.members("d", "src", t + 20, 60_000).size());
        assertEquals(List.of("x5", "x6", "x7", "x8", "x9"), List.copyOf(state.members("d", "src", t + 20, 60_000)));
        assertEquals(0, state.members("d", "src", t + 70_000, 60_000).size());
    }

    @Test
    void tablesKeepTheirMostRecentKeys() {
        for (int i = 0; i < 250; i++) {
            state.hit("c", "k" + i, 1, 1000);
        }
        assertEquals(100, state.sizes().get("c"));
        assertEquals(0, state.count("c", "k0", 1, 1000));
        assertEquals(1, state.count("c", "k249", 1, 1000));
    }

    @Test
    void valuesExpireAndTheTableCountIsBounded() {
        state.put("v", "a", "x", 100);
        assertEquals("x", state.get("v", "a", 99));
        assertNull(state.get("v", "a", 100));
        assertNull(state.get("nothing-here", "a", 0));
        state.hit("t2", "k", 0, 1);
        state.hit("t3", "k", 0, 1);
        state.hit("t4", "k", 0, 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> state.hit("t5", "k", 0, 1));
        assertTrue(e.getMessage().contains("4 tables"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> state.hit("v", "k", 0, 0));
    }

    @Test
    void bindingsExpire() throws Exception {
        RegistrationBinding b = new RegistrationBinding("sip:1001@pbx", InetAddress.getByName("192.0.2.7"),
                TransportProtocol.UDP, null, "Phone/1", "<sip:1001@192.0.2.7>", Instant.ofEpochMilli(10_000));
        state.bind(b);
        assertEquals(b, state.binding("sip:1001@pbx", 9_999));
        assertNull(state.binding("sip:1001@pbx", 10_000));
        state.bind(b);
        state.unbind("sip:1001@pbx");
        assertNull(state.binding("sip:1001@pbx", 0));
    }
}
