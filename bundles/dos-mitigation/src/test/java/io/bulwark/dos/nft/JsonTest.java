package io.bulwark.dos.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesWhatNftPrints() {
        Object v = Json.parse(" {\"a\": [1, -2, 3.5, \"x\\\"y\\u0041\", true, false, null], \"b\": {}} ");
        Map<?, ?> m = (Map<?, ?>) v;
        List<?> a = (List<?>) m.get("a");
        assertEquals(1L, a.get(0));
        assertEquals(-2L, a.get(1));
        assertEquals(3.5, a.get(2));
        assertEquals("x\"yA", a.get(3));
        assertEquals(Boolean.TRUE, a.get(4));
        assertNull(a.get(6));
        assertEquals(Map.of(), m.get("b"));
    }

    @Test
    void writesWhatItParses() {
        Map<String, Object> m = NftRuleset.obj("counter", null, "s", "a\"b\\c\n", "n", List.of(1L, 2L, Map.of()));
        String text = Json.write(m);
        assertEquals("{\"counter\":null,\"s\":\"a\\\"b\\\\c\\u000a\",\"n\":[1,2,{}]}", text);
        assertEquals(m, Json.parse(text));
    }

    @Test
    void refusesBrokenText() {
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": }"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1, 2"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("\"open"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{} x"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[".repeat(100)));
    }
}
