package io.bulwark.dos.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bulwark.api.decision.AddressBlock;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class BlockIndexTest {

    @Test
    void longestBlockWins() throws Exception {
        BlockIndex index = new BlockIndex.Builder()
                .add(AddressBlock.parse("10.0.0.0/8"), 1)
                .add(AddressBlock.parse("10.1.0.0/16"), 2)
                .add(AddressBlock.parse("10.1.2.3"), 3)
                .add(AddressBlock.parse("2001:db8::/32"), 4)
                .build();
        assertEquals(4, index.size());
        assertEquals(3, lookup(index, "10.1.2.3"));
        assertEquals(2, lookup(index, "10.1.2.4"));
        assertEquals(1, lookup(index, "10.200.0.1"));
        assertEquals(-1, lookup(index, "11.0.0.1"));
        assertEquals(4, lookup(index, "2001:db8:ffff::9"));
        assertEquals(-1, lookup(index, "2001:db9::1"));
    }

    @Test
    void ipv6BlocksNeverHoldIpv4Addresses() throws Exception {
        BlockIndex index = new BlockIndex.Builder().add(AddressBlock.parse("::/0"), 7).build();
        assertEquals(7, lookup(index, "2001:db8::1"));
        assertEquals(-1, lookup(index, "192.0.2.1"));
        BlockIndex all4 = new BlockIndex.Builder().add(AddressBlock.parse("0.0.0.0/0"), 5).build();
        assertEquals(5, lookup(all4, "192.0.2.1"));
        assertEquals(-1, lookup(all4, "::1"));
    }

    @Test
    void manyBlocksAreAllFound() throws Exception {
        BlockIndex.Builder b = new BlockIndex.Builder();
        for (int i = 0; i < 50_000; i++) {
            b.add(AddressBlock.parse("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255)), i);
        }
        BlockIndex index = b.build();
        for (int i = 0; i < 50_000; i += 97) {
            assertEquals(i, lookup(index, "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255)));
        }
        assertEquals(-1, lookup(index, "10.1.0.0"));
        assertEquals(-1, lookup(BlockIndex.EMPTY, "10.0.0.1"));
    }

    static int lookup(BlockIndex index, String address) throws Exception {
        byte[] b = InetAddress.getByName(address).getAddress();
        return index.lookup(AddressKeys.hi(b), AddressKeys.lo(b));
    }
}
