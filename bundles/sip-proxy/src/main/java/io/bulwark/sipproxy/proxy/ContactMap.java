package io.bulwark.sipproxy.proxy;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens that stand in for real Contact URIs when a Contact crosses from one zone to the other
 * (topology hiding). Requests addressed to {@code sip:<token>@appliance} are sent on to the real
 * Contact. The same Contact learned on the same flow always gets the same token, so registration
 * refreshes do not pile up bindings at the registrar.
 */
final class ContactMap {

    /** Every token starts with this so a Request-URI can be recognised cheaply. */
    static final String PREFIX = "bw-";

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Entry> byToken = new ConcurrentHashMap<>();
    private final Map<String, String> tokenByOrigin = new ConcurrentHashMap<>();

    private static final class Entry {
        volatile ContactTarget target;
        volatile long lastUsedMillis;
        final String originKey;

        Entry(ContactTarget target, String originKey, long now) {
            this.target = target;
            this.originKey = originKey;
            this.lastUsedMillis = now;
        }
    }

    /** @return the token for this Contact learned on this flow, creating it if needed */
    String tokenFor(Flow flow, String contactUri, List<String> routeSet, long now) {
        String origin = flow.zone() + "|" + flow.protocol() + "|" + flow.remote() + "|" + contactUri;
        String token = tokenByOrigin.computeIfAbsent(origin, k -> {
            byte[] b = new byte[9];
            random.nextBytes(b);
            String t = PREFIX + HexFormat.of().formatHex(b);
            byToken.put(t, new Entry(new ContactTarget(t, flow, contactUri, List.copyOf(routeSet)), k, now));
            return t;
        });
        Entry e = byToken.get(token);
        if (e != null) {
            e.lastUsedMillis = now;
            if (!routeSet.isEmpty() && !routeSet.equals(e.target.routeSet())
                    || e.target.flow().connectionId() != flow.connectionId()) {
                e.target = new ContactTarget(token, flow, contactUri, List.copyOf(routeSet));
            }
        }
        return token;
    }

    /** @return the target of a token, or null */
    ContactTarget resolve(String token, long now) {
        Entry e = byToken.get(token);
        if (e == null) {
            return null;
        }
        e.lastUsedMillis = now;
        return e.target;
    }

    /** Drops tokens unused since {@code cutoffMillis}. */
    int expire(long cutoffMillis) {
        int removed = 0;
        for (Map.Entry<String, Entry> me : byToken.entrySet()) {
            Entry e = me.getValue();
            if (e.lastUsedMillis < cutoffMillis && byToken.remove(me.getKey(), e)) {
                tokenByOrigin.remove(e.originKey, me.getKey());
                removed++;
            }
        }
        return removed;
    }

    int size() {
        return byToken.size();
    }
}
