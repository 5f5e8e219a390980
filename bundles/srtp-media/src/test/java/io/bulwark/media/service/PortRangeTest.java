package io.bulwark.media.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PortRangeTest {

    @Test
    void rangesAreReadAndCheckedNamingTheField() {
        assertEquals(new PortRange(30000, 31999), PortRange.parse("outside.ports", " 30000 - 31999 "));
        for (String bad : new String[] {"30000", "31999-30000", "80-90", "30000-70000", "a-b", "", "1-2-3"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PortRange.parse("inside.ports", bad), bad);
            assertTrue(e.getMessage().startsWith("inside.ports"), e.getMessage());
        }
        assertTrue(new PortRange(30000, 31999).overlaps(new PortRange(31999, 33000)));
        assertFalse(new PortRange(30000, 31999).overlaps(new PortRange(32000, 33000)));
    }
}
