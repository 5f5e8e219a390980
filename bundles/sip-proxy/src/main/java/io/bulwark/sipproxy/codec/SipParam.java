package io.bulwark.sipproxy.codec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A {@code ;name[=value]} parameter of a URI or a header value. The value is kept as written
 * (quoted strings keep their quotes, %-escapes are not decoded); it is null for a flag parameter.
 *
 * @param name the parameter name as written
 * @param value the value as written, or null when the parameter has no value
 */
public record SipParam(String name, String value) {

    /** Validates the name. */
    public SipParam {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("parameter name must not be empty");
        }
    }

    @Override
    public String toString() {
        return value == null ? name : name + "=" + value;
    }

    /** @return the first parameter with that name (any case), or null */
    static SipParam find(List<SipParam> params, String name) {
        for (SipParam p : params) {
            if (p.name.equalsIgnoreCase(name)) {
                return p;
            }
        }
        return null;
    }

    /** @return a copy of params with name set to value: replaced in place if present, else appended */
    static List<SipParam> with(List<SipParam> params, String name, String value) {
        List<SipParam> out = new ArrayList<>(params.size() + 1);
        boolean replaced = false;
        for (SipParam p : params) {
            if (!replaced && p.name.equalsIgnoreCase(name)) {
                out.add(new SipParam(name, value));
                replaced = true;
            } else if (!p.name.equalsIgnoreCase(name)) {
                out.add(p);
            }
        }
        if (!replaced) {
            out.add(new SipParam(name, value));
        }
        return Collections.unmodifiableList(out);
    }

    /** @return a copy of params without any parameter of that name */
    static List<SipParam> without(List<SipParam> params, String name) {
        List<SipParam> out = new ArrayList<>(params.size());
        for (SipParam p : params) {
            if (!p.name.equalsIgnoreCase(name)) {
                out.add(p);
            }
        }
        return Collections.unmodifiableList(out);
    }

    static void appendAll(StringBuilder sb, List<SipParam> params) {
        for (SipParam p : params) {
            sb.append(';').append(p.name);
            if (p.value != null) {
                sb.append('=').append(p.value);
            }
        }
    }
}
