package io.bulwark.dos.nft;

import io.bulwark.api.decision.AddressBlock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the kernel holds in table {@code inet bulwark}, read from {@code nft -j list table}, and
 * how it differs from what the enforcer built: the structural problems (a missing or altered set,
 * chain or rule, an extra rule in the chain: tampering, or another tool's doing), the elements of
 * both sets with their remaining time, and the drop counters.
 */
final class KernelView {

    /**
     * An element the enforcer cannot read as an address block (a range someone added by hand).
     *
     * @param set the set holding it
     * @param value its value as nft wrote it, for deleting it
     */
    record Stray(String set, Object value) {
    }

    final List<String> problems;
    /** Remaining seconds by block; {@link Long#MAX_VALUE} for an element without a timeout. */
    final Map<AddressBlock, Long> elements;
    final List<Stray> strays;
    /** Packets dropped by each rule, by set name. */
    final Map<String, Long> dropPackets;

    private KernelView(List<String> problems, Map<AddressBlock, Long> elements, List<Stray> strays,
            Map<String, Long> dropPackets) {
        this.problems = Collections.unmodifiableList(problems);
        this.elements = Collections.unmodifiableMap(elements);
        this.strays = Collections.unmodifiableList(strays);
        this.dropPackets = Collections.unmodifiableMap(dropPackets);
    }

    /** @return the view of a kernel without the table */
    static KernelView missingTable() {
        return new KernelView(List.of("table inet bulwark missing"), Map.of(), List.of(), Map.of());
    }

    /** @return true when table, sets, chain and rules are as built */
    boolean intact() {
        return problems.isEmpty();
    }

    /**
     * @param json the output of {@code nft -j list table inet bulwark}
     * @param expected the ruleset the enforcer builds
     * @return the view
     * @throws IllegalArgumentException when the output is not nft JSON
     */
    static KernelView parse(String json, NftRuleset expected) {
        Object root = Json.parse(json);
        if (!(root instanceof Map<?, ?> r) || !(r.get("nftables") instanceof List<?> items)) {
            throw new IllegalArgumentException("not an nftables listing");
        }
        List<String> problems = new ArrayList<>();
        Map<AddressBlock, Long> elements = new HashMap<>();
        List<Stray> strays = new ArrayList<>();
        Map<String, Long> drops = new HashMap<>();
        Set<String> sets = new HashSet<>();
        boolean table = false;
        boolean chain = false;
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> m)) {
                continue;
            }
            Map<String, Object> body;
            if ((body = ours(m.get("table"), "name")) != null) {
                table = true;
            } else if ((body = ours(m.get("set"), "table")) != null) {
                readSet(body, problems, elements, strays, sets);
            } else if ((body = ours(m.get("chain"), "table")) != null && expected.chain().equals(body.get("name"))) {
                chain = true;
                checkChain(body, expected, problems);
            } else if ((body = ours(m.get("rule"), "table")) != null && expected.chain().equals(body.get("chain"))) {
                rules.add(body);
            }
        }
        if (!table) {
            return missingTable();
        }
        for (String s : List.of(NftRuleset.SET4, NftRuleset.SET6)) {
            if (!sets.contains(s)) {
                problems.add("set " + s + " missing");
            }
        }
        if (!chain) {
            problems.add("chain " + expected.chain() + " missing");
        }
        checkRules(rules, expected, problems, drops);
        return new KernelView(problems, elements, strays, drops);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ours(Object body, String tableKey) {
        if (body instanceof Map<?, ?> b && NftRuleset.FAMILY.equals(b.get("family"))
                && NftRuleset.TABLE.equals(b.get(tableKey))) {
            return (Map<String, Object>) b;
        }
        return null;
    }

    private static void readSet(Map<String, Object> set, List<String> problems, Map<AddressBlock, Long> elements,
            List<Stray> strays, Set<String> seen) {
        Object name = set.get("name");
        boolean v4 = NftRuleset.SET4.equals(name);
        if (!v4 && !NftRuleset.SET6.equals(name)) {
            return; // someone else's set in our table; it does no harm to the drop rules
        }
        seen.add((String) name);
        Object flags = set.get("flags");
        if (!(v4 ? "ipv4_addr" : "ipv6_addr").equals(set.get("type"))
                || !(flags instanceof List<?> f && f.contains("interval") && f.contains("timeout"))) {
            problems.add("set " + name + " has the wrong type or flags");
        }
        if (!(set.get("elem") instanceof List<?> elems)) {
            return;
        }
        for (Object e : elems) {
            Object value = e;
            long remaining = Long.MAX_VALUE;
            if (e instanceof Map<?, ?> wrapped && wrapped.get("elem") instanceof Map<?, ?> inner) {
                value = inner.get("val");
                if (inner.get("expires") instanceof Long ex) {
                    remaining = ex;
                }
            }
            AddressBlock block = block(value);
            if (block == null || block.isIpv4() != v4) {
                strays.add(new Stray((String) name, value));
            } else {
                elements.put(block, remaining);
            }
        }
    }

    private static AddressBlock block(Object value) {
        try {
            if (value instanceof String s) {
                return AddressBlock.parse(s);
            }
            if (value instanceof Map<?, ?> m && m.get("prefix") instanceof Map<?, ?> p) {
                return AddressBlock.parse(p.get("addr") + "/" + p.get("len"));
            }
        } catch (IllegalArgumentException e) {
            // not an address: a stray
        }
        return null;
    }

    private static void checkChain(Map<String, Object> chain, NftRuleset expected, List<String> problems) {
        if (!"filter".equals(chain.get("type")) || !expected.chain().equals(chain.get("hook"))
                || !(chain.get("prio") instanceof Long prio) || prio != expected.priority()
                || !"accept".equals(chain.get("policy"))) {
            problems.add("chain " + expected.chain() + " has the wrong type, hook, priority or policy");
        }
    }

    private static void checkRules(List<Map<String, Object>> rules, NftRuleset expected, List<String> problems,
            Map<String, Long> drops) {
        Set<String> good = new HashSet<>();
        for (Map<String, Object> rule : rules) {
            String comment = String.valueOf(rule.get("comment"));
            String set = comment.startsWith(NftRuleset.COMMENT_PREFIX)
                    ? comment.substring(NftRuleset.COMMENT_PREFIX.length()) : "";
            String protocol = NftRuleset.SET4.equals(set) ? "ip" : NftRuleset.SET6.equals(set) ? "ip6" : null;
            Long packets = protocol == null ? null : RuleCheck.dropPackets(rule, set, protocol, expected.ports());
            if (packets == null || !good.add(set)) {
                problems.add("unexpected or altered rule in chain " + expected.chain() + ": " + Json.write(rule));
            } else {
                drops.put(set, packets);
            }
        }
        for (String s : List.of(NftRuleset.SET4, NftRuleset.SET6)) {
            if (!good.contains(s)) {
                problems.add("drop rule for " + s + " missing");
            }
        }
    }
}
