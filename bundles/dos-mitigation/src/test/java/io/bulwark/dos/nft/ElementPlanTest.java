package io.bulwark.dos.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.api.decision.AddressBlock;
import io.bulwark.api.decision.Ban;
import io.bulwark.api.decision.BanOrigin;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ElementPlanTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final long NOW_S = NOW.getEpochSecond();

    private static Ban ban(String cidr, long seconds) {
        return new Ban(AddressBlock.parse(cidr), BanOrigin.ADMIN, "t", "t", NOW.minusSeconds(1), NOW.plusSeconds(seconds), 1);
    }

    @Test
    void bansCoveredByABroaderBanAreLeftOut() {
        Map<AddressBlock, Long> d = ElementPlan.desired(List.of(ban("10.0.0.5", 100), ban("10.0.0.0/24", 50),
                ban("10.0.1.5", 100), ban("2001:db8::1", 100), ban("2001:db8::/32", 10), ban("10.0.0.9", 0)), NOW);
        assertEquals(Map.of(AddressBlock.parse("10.0.0.0/24"), NOW_S + 50, AddressBlock.parse("10.0.1.5/32"), NOW_S + 100,
                AddressBlock.parse("2001:db8::/32"), NOW_S + 10), d);
        // once the /24 is gone, the address inside comes back with its own time
        d = ElementPlan.desired(List.of(ban("10.0.0.5", 100)), NOW);
        assertEquals(Map.of(AddressBlock.parse("10.0.0.5/32"), NOW_S + 100), d);
    }

    @Test
    void diffAddsDeletesAndReplaces() {
        Map<AddressBlock, Long> desired = Map.of(
                AddressBlock.parse("10.0.0.1/32"), NOW_S + 100, // new
                AddressBlock.parse("10.0.0.2/32"), NOW_S + 100, // held, same expiry
                AddressBlock.parse("10.0.0.3/32"), NOW_S + 900); // held, extended
        Map<AddressBlock, Long> current = Map.of(
                AddressBlock.parse("10.0.0.2/32"), NOW_S + 99,
                AddressBlock.parse("10.0.0.3/32"), NOW_S + 100,
                AddressBlock.parse("10.0.0.4/32"), NOW_S + 100, // unbanned
                AddressBlock.parse("10.0.0.5/32"), NOW_S - 1); // expired in the kernel already
        ElementPlan.Changes c = ElementPlan.diff(desired, current,
                List.of(new KernelView.Stray("banned4", Map.of("range", List.of("1.1.1.1", "1.1.1.9")))), NOW_S);
        assertEquals(Map.of(AddressBlock.parse("10.0.0.1/32"), 100L, AddressBlock.parse("10.0.0.3/32"), 900L),
                c.adds().get("banned4"));
        List<Object> deletes = c.deletes().get("banned4");
        assertEquals(3, deletes.size());
        assertTrue(deletes.containsAll(List.of("10.0.0.3", "10.0.0.4")));
        assertEquals(5, c.size());
        assertTrue(ElementPlan.diff(desired, desired, List.of(), NOW_S).isEmpty());
    }

    @Test
    void commandsDeleteBeforeTheyAdd() {
        NftRuleset r = new NftRuleset(NftSettingsTest.defaults());
        ElementPlan.Changes c = ElementPlan.diff(Map.of(AddressBlock.parse("10.0.0.3/32"), NOW_S + 900),
                Map.of(AddressBlock.parse("10.0.0.3/32"), NOW_S + 100), List.of(), NOW_S);
        String batch = NftRuleset.batch(ElementPlan.commands(c, r));
        assertTrue(batch.indexOf("\"delete\"") < batch.indexOf("\"add\""), batch);
        assertTrue(batch.contains("{\"elem\":{\"val\":\"10.0.0.3\",\"timeout\":900}}"), batch);
    }
}
