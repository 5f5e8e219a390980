package io.bulwark.sipproxy.inspect;

import io.bulwark.api.inspect.InspectionState;
import io.bulwark.api.inspect.RegistrationBinding;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The inspectors' state, bounded: at most {@code maxTables} tables, each with at most
 * {@code maxKeys} keys (least recently used first out), each set with at most {@code maxMembers}
 * members. Each table has its own lock; a call holds it for a few map operations.
 */
public final class BoundedInspectionState implements InspectionState {

    private final int maxTables;
    private final int maxKeys;
    private final int maxMembers;
    private final Map<String, Table> tables = new ConcurrentHashMap<>();
    private final Map<String, RegistrationBinding> bindings;

    /**
     * @param maxTables distinct table names accepted (a further one is refused with an exception)
     * @param maxKeys keys per table
     * @param maxMembers members per set
     */
    public BoundedInspectionState(int maxTables, int maxKeys, int maxMembers) {
        if (maxTables < 1 || maxKeys < 1 || maxMembers < 1) {
            throw new IllegalArgumentException("state bounds must be at least 1: tables " + maxTables + ", keys "
                    + maxKeys + ", members " + maxMembers);
        }
        this.maxTables = maxTables;
        this.maxKeys = maxKeys;
        this.maxMembers = maxMembers;
        this.bindings = lru(maxKeys);
    }

    private static <V> Map<String, V> lru(int max) {
        return new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        };
    }

    /** Everything remembered for one key of a table. */
    private static final class Entry {
        SlidingWindow window;
        LinkedHashMap<String, Long> members;
        String value;
        long valueExpires;
    }

    private final class Table {
        final Map<String, Entry> entries = lru(maxKeys);

        Entry entry(String key) {
            return entries.computeIfAbsent(key, k -> new Entry());
        }
    }

    private Table table(String name) {
        Objects.requireNonNull(name, "table");
        Table t = tables.get(name);
        if (t == null) {
            if (tables.size() >= maxTables) {
                throw new IllegalStateException("inspection state holds " + maxTables + " tables; refused " + name);
            }
            t = tables.computeIfAbsent(name, n -> new Table());
        }
        return t;
    }

    private static void checkWindow(long windowMillis) {
        if (windowMillis < 1) {
            throw new IllegalArgumentException("windowMillis must be at least 1, got " + windowMillis);
        }
    }

    @Override
    public long hit(String table, String key, long nowMillis, long windowMillis) {
        checkWindow(windowMillis);
        Table t = table(table);
        synchronized (t) {
            Entry e = t.entry(Objects.requireNonNull(key, "key"));
            if (e.window == null) {
                e.window = new SlidingWindow();
            }
            return e.window.hit(nowMillis, windowMillis, 1);
        }
    }

    @Override
    public long count(String table, String key, long nowMillis, long windowMillis) {
        checkWindow(windowMillis);
        Table t = table(table);
        synchronized (t) {
            Entry e = t.entries.get(key);
            return e == null || e.window == null ? 0 : e.window.count(nowMillis, windowMillis);
        }
    }

    @Override
    public int distinct(String table, String key, String member, long nowMillis, long windowMillis) {
        checkWindow(windowMillis);
        Objects.requireNonNull(member, "member");
        Table t = table(table);
        synchronized (t) {
            Entry e = t.entry(Objects.requireNonNull(key, "key"));
            if (e.members == null) {
                e.members = new LinkedHashMap<>(16, 0.75f, true);
            }
            e.members.put(member, nowMillis);
            prune(e.members, nowMillis, windowMillis);
            return e.members.size();
        }
    }

    @Override
    public Collection<String> members(String table, String key, long nowMillis, long windowMillis) {
        checkWindow(windowMillis);
        Table t = table(table);
        synchronized (t) {
            Entry e = t.entries.get(key);
            if (e == null || e.members == null) {
                return List.of();
            }
            prune(e.members, nowMillis, windowMillis);
            return new ArrayList<>(e.members.keySet());
        }
    }

    /** Drops members last seen before the window, and the least recent beyond the bound. */
    private void prune(LinkedHashMap<String, Long> members, long now, long window) {
        Iterator<Map.Entry<String, Long>> it = members.entrySet().iterator();
        int excess = members.size() - maxMembers;
        while (it.hasNext()) {
            Map.Entry<String, Long> m = it.next();
            if (excess > 0 || m.getValue() <= now - window) {
                it.remove();
                excess--;
            } else {
                break; // access order is time order: the rest are newer
            }
        }
    }

    @Override
    public void forget(String table, String key) {
        Table t = tables.get(table);
        if (t != null) {
            synchronized (t) {
                t.entries.remove(key);
            }
        }
    }

    @Override
    public void put(String table, String key, String value, long expiresAtMillis) {
        Table t = table(table);
        synchronized (t) {
            if (value == null) {
                Entry e = t.entries.get(key);
                if (e != null) {
                    e.value = null;
                }
                return;
            }
            Entry e = t.entry(Objects.requireNonNull(key, "key"));
            e.value = value;
            e.valueExpires = expiresAtMillis;
        }
    }

    @Override
    public String get(String table, String key, long nowMillis) {
        Table t = tables.get(table);
        if (t == null) {
            return null;
        }
        synchronized (t) {
            Entry e = t.entries.get(key);
            if (e == null || e.value == null) {
                return null;
            }
            if (e.valueExpires <= nowMillis) {
                e.value = null;
                return null;
            }
            return e.value;
        }
    }

    @Override
    public RegistrationBinding binding(String aor, long nowMillis) {
        synchronized (bindings) {
            RegistrationBinding b = bindings.get(aor);
            if (b != null && b.expires().toEpochMilli() <= nowMillis) {
                bindings.remove(aor);
                return null;
            }
            return b;
        }
    }

    @Override
    public void bind(RegistrationBinding binding) {
        synchronized (bindings) {
            bindings.put(binding.aor(), binding);
        }
    }

    @Override
    public void unbind(String aor) {
        synchronized (bindings) {
            bindings.remove(aor);
        }
    }

    /** @return keys held per table, and bindings, for status pages */
    public Map<String, Integer> sizes() {
        Map<String, Integer> s = new java.util.TreeMap<>();
        tables.forEach((name, t) -> {
            synchronized (t) {
                s.put(name, t.entries.size());
            }
        });
        synchronized (bindings) {
            s.put("registration.bindings", bindings.size());
        }
        return s;
    }
}
