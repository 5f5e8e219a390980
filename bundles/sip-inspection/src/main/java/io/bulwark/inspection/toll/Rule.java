package io.bulwark.inspection.toll;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The families of toll-fraud rules, each with its configured {@link Response}. */
enum Rule {
    /** A denied destination, or one outside the allowed list. */
    DESTINATION,
    /** Too many calls per minute. */
    RATE,
    /** Too many calls at once. */
    CONCURRENT,
    /** Too many international calls per hour. */
    INTERNATIONAL;

    /** @return the name used in configuration, e.g. {@code concurrent} */
    String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param key the configuration key, for the message
     * @param list comma-separated rule names, any case; null is empty
     * @return the rules named
     * @throws IllegalArgumentException naming the key for an unknown name
     */
    static Set<Rule> parseList(String key, String list) {
        Set<Rule> out = EnumSet.noneOf(Rule.class);
        if (list == null) {
            return out;
        }
        for (String item : list.split(",")) {
            String t = item.trim();
            if (t.isEmpty()) {
                continue;
            }
            Rule found = null;
            for (Rule r : values()) {
                if (r.name().equalsIgnoreCase(t)) {
                    found = r;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException(key + ": '" + t + "' is not a rule (destination, rate, concurrent, "
                        + "international)");
            }
            out.add(found);
        }
        return out;
    }
}
