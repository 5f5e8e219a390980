package io.bulwark.media.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SrtpStatusTest {

    @Test
    void everyCodeMapsBackToItsStatus() {
        for (SrtpStatus status : SrtpStatus.values()) {
            assertEquals(status, SrtpStatus.of(status.code()));
            assertTrue(status == SrtpStatus.OK ? status.code() == 0 : status.code() < 0);
        }
    }

    @Test
    void lengthsAreOk() {
        assertEquals(SrtpStatus.OK, SrtpStatus.of(172));
        assertEquals(SrtpStatus.OK, SrtpStatus.of(0));
    }

    @Test
    void otherNegativesAreNoStatus() {
        assertThrows(IllegalArgumentException.class, () -> SrtpStatus.of(-SrtpStatus.values().length));
        assertThrows(IllegalArgumentException.class, () -> SrtpStatus.of(Integer.MIN_VALUE));
    }
}
