package io.bulwark.store;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Fits a leg's media value ({@code AES_CM_128_HMAC_SHA1_80}, {@code RTP}, several
 * comma-separated) into its column, so that an over-long value is cut instead of failing the
 * writer's batch.
 *
 * <p>A value that fits is stored as given. A longer one is cut at whole items, never inside a
 * suite name, which could read as another suite: repeated items are dropped first, then the items
 * that do not fit. {@code RTP} is kept before any suite, because losing it would make a leg that
 * carried clear text look encrypted. Only a single item longer than the column is cut inside, and
 * never between the two halves of a surrogate pair.
 */
final class CallMediaValue {

    /** What the API writes for clear text. */
    static final String CLEAR_TEXT = "RTP";

    private CallMediaValue() {
    }

    /**
     * @param value the value as written by {@code callMedia}, or null
     * @param max the column width in characters, at least 1
     * @return the value when it fits (or is null), else the most of it that fits as described above
     */
    static String fit(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        List<String> items = items(value);
        StringBuilder out = new StringBuilder(max);
        for (String item : items) {
            int needed = out.length() == 0 ? item.length() : out.length() + 1 + item.length();
            if (needed <= max) {
                if (out.length() > 0) {
                    out.append(',');
                }
                out.append(item);
            }
        }
        if (out.length() > 0) {
            return out.toString();
        }
        if (items.isEmpty()) {
            return ""; // nothing but commas and blanks
        }
        String first = items.get(0);
        int end = max;
        if (Character.isHighSurrogate(first.charAt(end - 1))) {
            end--;
        }
        return first.substring(0, end);
    }

    /** @return the distinct non-blank items, trimmed, clear text first, otherwise in their order */
    private static List<String> items(String value) {
        Set<String> distinct = new LinkedHashSet<>();
        boolean clear = false;
        for (String part : value.split(",")) {
            String item = part.trim();
            if (item.equalsIgnoreCase(CLEAR_TEXT)) {
                clear = true;
            } else if (!item.isEmpty()) {
                distinct.add(item);
            }
        }
        List<String> items = new ArrayList<>(distinct.size() + 1);
        if (clear) {
            items.add(CLEAR_TEXT);
        }
        items.addAll(distinct);
        return items;
    }
}
