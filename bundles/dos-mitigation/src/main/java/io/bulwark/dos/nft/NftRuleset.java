package io.bulwark.dos.nft;

import io.bulwark.api.decision.AddressBlock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The nftables objects the enforcer owns, as libnftables-json(5) commands:
 *
 * <pre>
 * table inet bulwark {
 *   set banned4 { type ipv4_addr; flags interval, timeout; }
 *   set banned6 { type ipv6_addr; flags interval, timeout; }
 *   chain prerouting {
 *     type filter hook prerouting priority -300; policy accept;
 *     ip saddr @banned4 meta l4proto { tcp, udp } th dport { 5060-5061, 10000-20000 } counter drop comment "bulwark:banned4"
 *     ip6 saddr @banned6 meta l4proto { tcp, udp } th dport { ... } counter drop comment "bulwark:banned6"
 *   }
 * }
 * </pre>
 *
 * Priority -300 (raw) runs before connection tracking, so a flood from a banned source costs
 * the kernel no conntrack entries.
 */
final class NftRuleset {

    static final String FAMILY = "inet";
    static final String TABLE = "bulwark";
    static final String SET4 = "banned4";
    static final String SET6 = "banned6";
    /** Rules carry this comment prefix plus their set's name. */
    static final String COMMENT_PREFIX = "bulwark:";

    private final NftSettings settings;

    NftRuleset(NftSettings settings) {
        this.settings = settings;
    }

    /** @return the chain's name (the hook's) */
    String chain() {
        return settings.hook();
    }

    /** @return the chain's priority */
    int priority() {
        return settings.priority();
    }

    /** @return the port ranges the rules must cover */
    List<int[]> ports() {
        return settings.ports();
    }

    /**
     * The commands that replace the whole table in one transaction: adding it first makes the
     * delete succeed whether or not it existed, and the kernel applies all or nothing.
     *
     * @return the commands
     */
    List<Object> rebuildCommands() {
        List<Object> c = new ArrayList<>();
        c.add(cmd("add", "table", table()));
        c.add(cmd("delete", "table", table()));
        c.add(cmd("add", "table", table()));
        c.add(cmd("add", "set", set(SET4, "ipv4_addr")));
        c.add(cmd("add", "set", set(SET6, "ipv6_addr")));
        Map<String, Object> chain = obj("family", FAMILY, "table", TABLE, "name", chain());
        chain.putAll(obj("type", "filter", "hook", settings.hook(), "prio", settings.priority(), "policy", "accept"));
        c.add(cmd("add", "chain", chain));
        c.add(cmd("add", "rule", rule(SET4, "ip")));
        c.add(cmd("add", "rule", rule(SET6, "ip6")));
        return c;
    }

    /**
     * @param set {@link #SET4} or {@link #SET6}
     * @param elements blocks and their timeouts in seconds
     * @return the command adding them
     */
    Object addElements(String set, Map<AddressBlock, Long> elements) {
        List<Object> elems = new ArrayList<>(elements.size());
        for (Map.Entry<AddressBlock, Long> e : elements.entrySet()) {
            elems.add(obj("elem", obj("val", value(e.getKey()), "timeout", e.getValue())));
        }
        return cmd("add", "element", obj("family", FAMILY, "table", TABLE, "name", set, "elem", elems));
    }

    /**
     * @param set {@link #SET4} or {@link #SET6}
     * @param values element values as nft writes them ({@link #value})
     * @return the command deleting them
     */
    Object deleteElements(String set, List<Object> values) {
        return cmd("delete", "element", obj("family", FAMILY, "table", TABLE, "name", set, "elem", values));
    }

    /**
     * @param commands commands
     * @return the batch text for {@code nft -j -f -}
     */
    static String batch(List<Object> commands) {
        return Json.write(obj("nftables", commands));
    }

    /**
     * @param block a block
     * @return its value in nft JSON: the address for a single one, else a prefix object
     */
    static Object value(AddressBlock block) {
        String addr = AddressBlock.addressText(block.network());
        return block.isSingleAddress() ? addr : obj("prefix", obj("addr", addr, "len", block.prefixLength()));
    }

    /**
     * @param block a block
     * @return the set it belongs in
     */
    static String setOf(AddressBlock block) {
        return block.isIpv4() ? SET4 : SET6;
    }

    private Map<String, Object> rule(String set, String protocol) {
        List<Object> ports = new ArrayList<>();
        for (int[] r : settings.ports()) {
            ports.add(r[0] == r[1] ? (Object) r[0] : obj("range", List.of(r[0], r[1])));
        }
        List<Object> expr = List.of(
                match(obj("payload", obj("protocol", protocol, "field", "saddr")), "@" + set),
                match(obj("meta", obj("key", "l4proto")), obj("set", List.of("tcp", "udp"))),
                match(obj("payload", obj("protocol", "th", "field", "dport")), obj("set", ports)),
                obj("counter", null),
                obj("drop", null));
        Map<String, Object> r = obj("family", FAMILY, "table", TABLE, "chain", chain());
        r.put("comment", COMMENT_PREFIX + set);
        r.put("expr", expr);
        return r;
    }

    private static Map<String, Object> match(Object left, Object right) {
        return obj("match", obj("op", "==", "left", left, "right", right));
    }

    private static Map<String, Object> table() {
        return obj("family", FAMILY, "name", TABLE);
    }

    private static Map<String, Object> set(String name, String type) {
        Map<String, Object> s = obj("family", FAMILY, "table", TABLE, "name", name);
        s.put("type", type);
        s.put("flags", List.of("interval", "timeout"));
        return s;
    }

    private static Map<String, Object> cmd(String verb, String kind, Object body) {
        return obj(verb, obj(kind, body));
    }

    /** @return a map of the given key, value pairs, in order (values may be null) */
    static Map<String, Object> obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
