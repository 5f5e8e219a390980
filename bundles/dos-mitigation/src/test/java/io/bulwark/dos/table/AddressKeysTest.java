package io.bulwark.dos.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressKeysTest {

    @Test
    void ipv4IsKeyedAsItsMappedForm() throws Exception {
        Inet4Address a = (Inet4Address) InetAddress.getByName("203.0.113.7");
        assertEquals(0x0000_FFFF_CB00_7107L, AddressKeys.v4Lo(a));
        assertEquals(AddressKeys.v4Lo(a), AddressKeys.lo(a.getAddress()));
        assertEquals(0L, AddressKeys.hi(a.getAddress()));
        assertTrue(AddressKeys.isV4(0L, AddressKeys.v4Lo(a)));
    }

    @Test
    void ipv6KeepsItsBits() throws Exception {
        byte[] b = InetAddress.getByName("2001:db8::1").getAddress();
        assertEquals(0x2001_0DB8_0000_0000L, AddressKeys.hi(b));
        assertEquals(1L, AddressKeys.lo(b));
        assertFalse(AddressKeys.isV4(AddressKeys.hi(b), AddressKeys.lo(b)));
    }

    @Test
    void masksCountInThe128BitSpace() {
        long lo = 0x0000_FFFF_CB00_7107L;
        assertEquals(0x0000_FFFF_CB00_7100L, AddressKeys.maskLo(lo, AddressKeys.V4_OFFSET + 24));
        assertEquals(lo, AddressKeys.maskLo(lo, 128));
        assertEquals(0L, AddressKeys.maskLo(lo, 64));
        assertEquals(0x2001_0DB8_0000_0000L, AddressKeys.maskHi(0x2001_0DB8_1234_5678L, 32));
        assertEquals(0L, AddressKeys.maskHi(-1L, 0));
    }

    @Test
    void hashDependsOnTheSeed() {
        assertTrue(AddressKeys.hash(1, 2, 3) != AddressKeys.hash(1, 2, 4));
    }
}
