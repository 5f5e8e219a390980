package io.bulwark.dos.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.dos.testing.Configs;
import java.util.List;
import org.junit.jupiter.api.Test;

class NftSettingsTest {

    static NftSettings defaults() {
        return NftSettings.from(Configs.of(NftablesEnforcer.Config.class));
    }

    @Test
    void portsAreMergedAsNftListsThem() {
        NftSettings s = defaults();
        assertEquals(2, s.ports().size());
        assertEquals(List.of(5060, 5061), List.of(s.ports().get(0)[0], s.ports().get(0)[1]));
        List<int[]> merged = NftSettings.merge(NftSettings.parsePorts("p", "7000-7010, 5060,5061,7005-7020,5062"));
        assertEquals(2, merged.size());
        assertEquals(5062, merged.get(0)[1]);
        assertEquals(7020, merged.get(1)[1]);
    }

    @Test
    void badValuesNameTheirKey() {
        assertMessage("sip.ports", "sip_ports", "5060,70000");
        assertMessage("media.ports", "media_ports", "20000-10000");
        assertMessage("hook", "hook", "forward");
        assertMessage("coalesce.ms", "coalesce_ms", 5000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NftSettings.from(
                Configs.of(NftablesEnforcer.Config.class, "sip_ports", "", "media_ports", "")));
        assertTrue(e.getMessage().contains("no port"), e.getMessage());
    }

    @Test
    void theCommandPrefixIsSplitIntoWords() {
        NftSettings s = NftSettings.from(Configs.of(NftablesEnforcer.Config.class, "command_prefix",
                " ip  netns exec bwdos-x "));
        assertEquals(List.of("ip", "netns", "exec", "bwdos-x"), s.commandPrefix());
    }

    private static void assertMessage(String key, String attribute, Object value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NftSettings.from(Configs.of(NftablesEnforcer.Config.class, attribute, value)));
        assertTrue(e.getMessage().startsWith(key), e.getMessage());
    }
}
