package io.bulwark.admin.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bulwark.admin.problem.FieldError;
import io.bulwark.admin.problem.ProblemException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.service.metatype.AttributeDefinition;

class ConfigValidatorTest {

    private static final Map<String, SettingSpec> SPECS = Map.of(
            "udp.port", new SettingSpec("udp.port", AttributeDefinition.INTEGER, 0, null, "0", "65535"),
            "zone", new SettingSpec("zone", AttributeDefinition.STRING, 0, List.of("outside", "inside"), null, null),
            "bind.addresses", new SettingSpec("bind.addresses", AttributeDefinition.STRING, Integer.MAX_VALUE, null,
                    null, null),
            "tls.verify.peer", new SettingSpec("tls.verify.peer", AttributeDefinition.BOOLEAN, 0, null, null, null),
            "name", new SettingSpec("name", AttributeDefinition.STRING, 0, null, "1", "8"),
            "rate", new SettingSpec("rate", AttributeDefinition.DOUBLE, 0, null, "0.5", null),
            "big", new SettingSpec("big", AttributeDefinition.LONG, 0, null, null, null));

    private static List<FieldError> errors(Map<String, List<String>> values) {
        ProblemException e = assertThrows(ProblemException.class, () -> ConfigValidator.validate(SPECS, values));
        assertEquals(400, e.problem().status());
        return e.problem().errors();
    }

    private static FieldError only(String key, String... values) {
        List<FieldError> es = errors(Map.of(key, List.of(values)));
        assertEquals(1, es.size());
        assertEquals(key, es.get(0).field());
        return es.get(0);
    }

    @Test
    void goodValuesComeBackAsCfgStrings() {
        Map<String, List<String>> in = new LinkedHashMap<>();
        in.put("udp.port", List.of(" 5062 "));
        in.put("zone", List.of("inside"));
        in.put("bind.addresses", List.of("127.0.0.1", "::1"));
        in.put("tls.verify.peer", List.of("TRUE"));
        in.put("rate", List.of("1.5"));
        Map<String, Object> out = ConfigValidator.validate(SPECS, in);
        assertEquals("5062", out.get("udp.port"));
        assertArrayEquals(new String[] {"127.0.0.1", "::1"}, (String[]) out.get("bind.addresses"));
    }

    @Test
    void eachRuleIsNamed() {
        assertEquals("max", only("udp.port", "70000").rule());
        assertEquals("min", only("udp.port", "-1").rule());
        assertEquals("type", only("udp.port", "fifty").rule());
        assertEquals("type", only("udp.port", "5060.5").rule());
        assertEquals("type", only("udp.port", "99999999999").rule());
        assertEquals("options", only("zone", "dmz").rule());
        assertEquals("type", only("tls.verify.peer", "yes").rule());
        assertEquals("min", only("name", "").rule());
        assertEquals("max", only("name", "ninechars").rule());
        assertEquals("pattern", only("name", "a\nb").rule());
        assertEquals("min", only("rate", "0.25").rule());
        assertEquals("type", only("big", "1e3").rule());
        assertEquals("cardinality", only("udp.port", "1", "2").rule());
        assertEquals("cardinality", errors(Map.of("udp.port", List.of())).get(0).rule());
    }

    @Test
    void everyBadFieldIsReportedAtOnceAndUnknownKeysAreRefused() {
        Map<String, List<String>> in = new LinkedHashMap<>();
        in.put("udp.port", List.of("70000"));
        in.put("zone", List.of("outside"));
        in.put("no.such.key", List.of("1"));
        List<FieldError> es = errors(in);
        assertEquals(2, es.size());
        assertEquals("unknown", es.stream().filter(e -> e.field().equals("no.such.key")).findFirst().orElseThrow().rule());
        assertEquals("required", errors(Map.of()).get(0).rule());
    }
}
