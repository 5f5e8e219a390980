package io.bulwark.dos.testing;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds instances of component configuration annotations for tests, the way DS does: every
 * attribute has its default unless overridden by method name ({@code "source_rate", 5}).
 */
public final class Configs {

    private Configs() {
    }

    /**
     * @param type the configuration annotation
     * @param overrides method name, value pairs
     * @param <A> the annotation type
     * @return an instance
     */
    public static <A> A of(Class<A> type, Object... overrides) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < overrides.length; i += 2) {
            values.put((String) overrides[i], overrides[i + 1]);
        }
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            if (m.getName().equals("annotationType")) {
                return type;
            }
            if (m.getName().equals("toString")) {
                return type.getSimpleName() + values;
            }
            if (m.getName().equals("hashCode")) {
                return System.identityHashCode(p);
            }
            if (m.getName().equals("equals")) {
                return p == args[0];
            }
            return values.containsKey(m.getName()) ? convert(values.get(m.getName()), m) : m.getDefaultValue();
        });
        return type.cast(proxy);
    }

    private static Object convert(Object v, Method m) {
        Class<?> t = m.getReturnType();
        if ((t == double.class) && v instanceof Number n) {
            return n.doubleValue();
        }
        if ((t == int.class) && v instanceof Number n) {
            return n.intValue();
        }
        if ((t == long.class) && v instanceof Number n) {
            return n.longValue();
        }
        return v;
    }
}
