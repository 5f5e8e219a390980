package io.bulwark.dos.nft;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads one listed drop rule and tells whether it is exactly the one the enforcer builds. */
final class RuleCheck {

    private RuleCheck() {
    }

    /**
     * @param rule the rule as listed
     * @param set the set it must match sources against
     * @param protocol {@code ip} or {@code ip6}
     * @param ports the port ranges it must cover, merged
     * @return its drop counter when the rule is as built, else null
     */
    static Long dropPackets(Map<String, Object> rule, String set, String protocol, List<int[]> ports) {
        if (!(rule.get("expr") instanceof List<?> expr) || expr.size() != 5) {
            return null;
        }
        boolean source = false;
        boolean l4 = false;
        boolean dport = false;
        boolean drop = false;
        Long packets = null;
        for (Object e : expr) {
            if (!(e instanceof Map<?, ?> m)) {
                return null;
            }
            if (m.get("match") instanceof Map<?, ?> match && "==".equals(match.get("op"))) {
                Object left = match.get("left");
                Object right = match.get("right");
                source |= isPayload(left, protocol, "saddr") && ("@" + set).equals(right);
                l4 |= isL4proto(left) && right instanceof Map<?, ?> r && r.get("set") instanceof List<?> l
                        && l.size() == 2 && l.contains("tcp") && l.contains("udp");
                dport |= isPayload(left, "th", "dport") && samePorts(ranges(right), ports);
            } else if (m.containsKey("counter")) {
                packets = m.get("counter") instanceof Map<?, ?> c && c.get("packets") instanceof Long p ? p : 0L;
            } else if (m.containsKey("drop")) {
                drop = true;
            }
        }
        boolean asBuilt = source && l4 && dport && drop && packets != null;
        return asBuilt ? packets : null;
    }

    private static boolean isPayload(Object left, String protocol, String field) {
        return left instanceof Map<?, ?> l && l.get("payload") instanceof Map<?, ?> p
                && protocol.equals(p.get("protocol")) && field.equals(p.get("field"));
    }

    private static boolean isL4proto(Object left) {
        return left instanceof Map<?, ?> l && l.get("meta") instanceof Map<?, ?> m && "l4proto".equals(m.get("key"));
    }

    /** @return the ports a listed right-hand side covers, merged, or null when it is not ports */
    private static List<int[]> ranges(Object right) {
        List<int[]> out = new ArrayList<>();
        List<?> items = right instanceof Map<?, ?> m && m.get("set") instanceof List<?> l ? l : List.of(right);
        for (Object item : items) {
            if (item instanceof Long p) {
                out.add(new int[] {p.intValue(), p.intValue()});
            } else if (item instanceof Map<?, ?> m && m.get("range") instanceof List<?> r && r.size() == 2
                    && r.get(0) instanceof Long lo && r.get(1) instanceof Long hi) {
                out.add(new int[] {lo.intValue(), hi.intValue()});
            } else {
                return null;
            }
        }
        return NftSettings.merge(out);
    }

    private static boolean samePorts(List<int[]> listed, List<int[]> expected) {
        if (listed == null || listed.size() != expected.size()) {
            return false;
        }
        for (int i = 0; i < listed.size(); i++) {
            if (listed.get(i)[0] != expected.get(i)[0] || listed.get(i)[1] != expected.get(i)[1]) {
                return false;
            }
        }
        return true;
    }
}
