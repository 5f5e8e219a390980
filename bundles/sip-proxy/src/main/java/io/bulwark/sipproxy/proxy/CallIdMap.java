package io.bulwark.sipproxy.proxy;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Replaces Call-IDs made inside (which often carry the PBX's address) with random ones on the
 * outside, and maps them back. Call-IDs of dialogs made outside are registered as identity
 * mappings and passed through unchanged. Responses never go through here: they take the Call-ID
 * of the request their transaction holds.
 */
final class CallIdMap {

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Mapping> byInside = new ConcurrentHashMap<>();
    private final Map<String, Mapping> byOutside = new ConcurrentHashMap<>();

    private static final class Mapping {
        final String inside;
        final String outside;
        volatile long lastUsedMillis;

        Mapping(String inside, String outside, long now) {
            this.inside = inside;
            this.outside = outside;
            this.lastUsedMillis = now;
        }
    }

    /** @return the outside Call-ID for an inside one, creating a mapping */
    String toOutside(String insideCallId, long now) {
        Mapping m = byInside.computeIfAbsent(insideCallId, k -> {
            byte[] b = new byte[16];
            random.nextBytes(b);
            Mapping n = new Mapping(k, "bw" + HexFormat.of().formatHex(b), now);
            byOutside.put(n.outside, n);
            return n;
        });
        m.lastUsedMillis = now;
        return m.outside;
    }

    /** @return the inside Call-ID for an outside one: mapped back, or the same when not mapped */
    String toInside(String outsideCallId, long now) {
        Mapping m = byOutside.get(outsideCallId);
        if (m == null) {
            return outsideCallId;
        }
        m.lastUsedMillis = now;
        return m.inside;
    }

    /**
     * Marks a Call-ID made outside (a dialog the trunk opened) so requests the PBX sends in that
     * dialog keep it unchanged.
     */
    void registerOutsideOrigin(String outsideCallId, long now) {
        Mapping m = byInside.computeIfAbsent(outsideCallId, k -> {
            Mapping n = new Mapping(k, k, now);
            byOutside.put(k, n);
            return n;
        });
        m.lastUsedMillis = now;
    }

    /** @return the outside Call-ID an inside one is mapped to, or null; creates nothing */
    String outsideOf(String insideCallId) {
        Mapping m = byInside.get(insideCallId);
        return m == null ? null : m.outside;
    }

    void removeByOutside(String outsideCallId) {
        Mapping m = byOutside.remove(outsideCallId);
        if (m != null) {
            byInside.remove(m.inside, m);
        }
    }

    int expire(long cutoffMillis) {
        int removed = 0;
        for (Mapping m : byInside.values()) {
            if (m.lastUsedMillis < cutoffMillis && byInside.remove(m.inside, m)) {
                byOutside.remove(m.outside, m);
                removed++;
            }
        }
        return removed;
    }

    int size() {
        return byInside.size();
    }
}
