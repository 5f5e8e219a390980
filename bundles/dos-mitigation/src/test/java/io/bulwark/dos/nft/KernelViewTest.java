package io.bulwark.dos.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.api.decision.AddressBlock;
import io.bulwark.dos.testing.Configs;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reads a listing nft 1.0.6 printed for the table the enforcer builds, plus a hand-added range. */
class KernelViewTest {

    /** The listing was captured with media ports 10000-20000 (the default then). */
    private final NftRuleset ruleset = new NftRuleset(NftSettings.from(Configs.of(NftablesEnforcer.Config.class,
            "media_ports", "10000-20000")));

    private static String listing() throws Exception {
        try (InputStream in = KernelViewTest.class.getResourceAsStream("listing.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsElementsStraysAndCounters() throws Exception {
        KernelView v = KernelView.parse(listing(), ruleset);
        assertTrue(v.intact(), v.problems.toString());
        assertEquals(3, v.elements.size());
        assertTrue(v.elements.get(AddressBlock.parse("192.0.2.7")) > 500);
        assertTrue(v.elements.get(AddressBlock.parse("198.51.100.0/24")) <= 30);
        assertTrue(v.elements.containsKey(AddressBlock.parse("2001:db8::/64")));
        assertEquals(1, v.strays.size(), "the hand-added range");
        assertEquals("banned4", v.strays.get(0).set());
        assertEquals(Map.of("banned4", 0L, "banned6", 0L), v.dropPackets);
    }

    @Test
    void noticesAlteredRulesAndStructure() throws Exception {
        String l = listing();
        assertFalse(KernelView.parse(l.replace("{\"drop\": null}", "{\"accept\": null}"), ruleset).intact());
        assertFalse(KernelView.parse(l.replace("10000", "10001"), ruleset).intact(), "ports changed");
        assertFalse(KernelView.parse(l.replace("\"prio\": -300", "\"prio\": 0"), ruleset).intact());
        assertFalse(KernelView.parse(l.replace("\"name\": \"banned6\"", "\"name\": \"other\""), ruleset).intact());
        assertFalse(KernelView.parse(l.replace("bulwark:banned6", "bulwark:banned4"), ruleset).intact(), "a duplicate");
        NftRuleset otherPorts = new NftRuleset(NftSettings.from(Configs.of(NftablesEnforcer.Config.class,
                "media_ports", "30000-40000")));
        assertFalse(KernelView.parse(l, otherPorts).intact(), "a configuration change shows as a difference");
        assertEquals(List.of("table inet bulwark missing"),
                KernelView.parse("{\"nftables\": [{\"metainfo\": {}}]}", ruleset).problems);
    }
}
