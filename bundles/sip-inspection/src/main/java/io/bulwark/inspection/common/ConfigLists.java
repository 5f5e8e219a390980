package io.bulwark.inspection.common;

import io.bulwark.api.transport.Zone;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the comma-separated lists of the inspectors' configurations (status codes, zones, SIP
 * methods). Empty items are left out; a bad item is refused with an exception naming the
 * configuration key, so a typo cannot silently switch a rule off.
 */
public final class ConfigLists {

    private ConfigLists() {
    }

    /**
     * @param key the configuration key, for the message
     * @param list e.g. {@code "404, 401,403"}; null is empty
     * @return the status codes, in order, without repeats (range checks are the caller's)
     * @throws IllegalArgumentException naming the key when an item is not a three-digit number
     */
    public static Set<Integer> statuses(String key, String list) {
        Set<Integer> out = new LinkedHashSet<>();
        for (String item : items(list)) {
            if (item.length() != 3 || !item.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException(key + " must list SIP status codes, got '" + item + "'");
            }
            out.add(Integer.parseInt(item));
        }
        return Set.copyOf(out);
    }

    /**
     * @param key the configuration key, for the message
     * @param list e.g. {@code "outside"} or {@code "outside,inside"}; null is empty
     * @return the zones named
     * @throws IllegalArgumentException naming the key when an item is not a zone
     */
    public static Set<Zone> zones(String key, String list) {
        Set<Zone> out = EnumSet.noneOf(Zone.class);
        for (String item : items(list)) {
            try {
                out.add(Zone.fromConfigName(item));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + " must list 'outside' and/or 'inside', got '" + item + "'",
                        e);
            }
        }
        return Set.copyOf(out);
    }

    /**
     * @param key the configuration key, for the message
     * @param list e.g. {@code "REGISTER, invite"}; null is empty
     * @return the methods, upper case
     * @throws IllegalArgumentException naming the key when an item is not a method token
     */
    public static Set<String> methods(String key, String list) {
        Set<String> out = new LinkedHashSet<>();
        for (String item : items(list)) {
            if (!item.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '-' || c == '_')) {
                throw new IllegalArgumentException(key + " must list SIP methods, got '" + item + "'");
            }
            out.add(item.toUpperCase(Locale.ROOT));
        }
        return Set.copyOf(out);
    }

    private static String[] items(String list) {
        if (list == null || list.isBlank()) {
            return new String[0];
        }
        return java.util.Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toArray(String[]::new);
    }
}
