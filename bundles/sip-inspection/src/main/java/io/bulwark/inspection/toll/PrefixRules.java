package io.bulwark.inspection.toll;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The destinations the PBX may dial, as E.164 prefixes without "+". The longest prefix that
 * matches decides: a denied one refuses the number; with an allowed list, a number must match an
 * allowed prefix longer than any denied one. So {@code denied = 882} with {@code allowed = 88216}
 * allows that one network alone, and {@code allowed = 49} with {@code denied = 49900} allows
 * national calls but not premium ones.
 *
 * @param denied the denied prefixes, in configured order
 * @param allowed the allowed prefixes, in configured order; empty allows whatever is not denied
 */
record PrefixRules(List<String> denied, List<String> allowed) {

    /** Longest prefix accepted: a full E.164 number. */
    static final int MAX_PREFIX = 15;

    PrefixRules {
        denied = List.copyOf(denied);
        allowed = List.copyOf(allowed);
        for (String a : allowed) {
            if (denied.contains(a)) {
                throw new IllegalArgumentException("allowed.prefixes: " + a + " is denied too (denied.prefixes)");
            }
        }
    }

    /**
     * @param key the configuration key, for the message
     * @param list comma-separated E.164 prefixes; a leading "+" and visual separators
     *     ({@code - . ( )} and spaces) are ignored; null is empty
     * @return the prefixes, without repeats, in order
     * @throws IllegalArgumentException naming the key for an item that is not 1 to 15 digits
     */
    static List<String> parse(String key, String list) {
        Set<String> out = new LinkedHashSet<>();
        if (list == null) {
            return List.of();
        }
        for (String item : list.split(",")) {
            String t = item.trim();
            if (t.isEmpty()) {
                continue;
            }
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < t.length(); i++) {
                char c = t.charAt(i);
                if (c >= '0' && c <= '9') {
                    b.append(c);
                } else if (!(c == '+' && i == 0) && " -.()".indexOf(c) < 0) {
                    b.setLength(0);
                    break;
                }
            }
            if (b.length() == 0 || b.length() > MAX_PREFIX) {
                throw new IllegalArgumentException(key + ": '" + t + "' is not an E.164 prefix (1 to " + MAX_PREFIX
                        + " digits, without the international prefix)");
            }
            out.add(b.toString());
        }
        return List.copyOf(out);
    }

    /**
     * @param e164 a number in E.164 form without "+"
     * @return why it may not be dialed ("matches denied prefix 882"), or null when it may
     */
    String refusal(String e164) {
        String deniedMatch = longest(denied, e164);
        String allowedMatch = longest(allowed, e164);
        if (deniedMatch != null && (allowedMatch == null || allowedMatch.length() < deniedMatch.length())) {
            return "matches denied prefix " + deniedMatch;
        }
        if (!allowed.isEmpty() && allowedMatch == null) {
            return "matches no allowed prefix (" + shortList(allowed) + ")";
        }
        return null;
    }

    private static String longest(List<String> prefixes, String number) {
        String best = null;
        for (int i = 0; i < prefixes.size(); i++) {
            String p = prefixes.get(i);
            if (number.startsWith(p) && (best == null || p.length() > best.length())) {
                best = p;
            }
        }
        return best;
    }

    private static String shortList(List<String> prefixes) {
        List<String> sorted = new ArrayList<>(prefixes);
        sorted.sort(Comparator.naturalOrder());
        return sorted.size() <= 6 ? String.join(", ", sorted)
                : String.join(", ", sorted.subList(0, 6)) + " and " + (sorted.size() - 6) + " more";
    }
}
