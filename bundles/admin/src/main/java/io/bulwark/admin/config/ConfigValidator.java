package io.bulwark.admin.config;

import io.bulwark.admin.problem.FieldError;
import io.bulwark.admin.problem.ProblemException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.metatype.AttributeDefinition;

/**
 * Checks proposed configuration values against the metatype of a component: key known, type,
 * bounds, options and cardinality. It reports every bad field at once and changes nothing; only
 * when all fields pass does it return the values to store.
 */
public final class ConfigValidator {

    private ConfigValidator() {
    }

    /**
     * @param specs the component's settings by key
     * @param proposed new values by key (strings, one per value)
     * @return the values to store: a String per single-valued key (as in the {@code .cfg}
     *     files), a String array for lists
     * @throws ProblemException 400 naming every bad field and the rule it broke
     */
    public static Map<String, Object> validate(Map<String, SettingSpec> specs, Map<String, List<String>> proposed) {
        if (proposed == null || proposed.isEmpty()) {
            throw ProblemException.invalid("values", "required", "give at least one setting to change");
        }
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> out = new LinkedHashMap<>();
        proposed.forEach((key, values) -> {
            SettingSpec spec = specs.get(key);
            if (spec == null) {
                errors.add(new FieldError(key, "unknown", "this component has no setting " + key));
                return;
            }
            List<String> vs = values == null ? List.of() : values;
            FieldError e = check(spec, vs);
            if (e != null) {
                errors.add(e);
            } else {
                out.put(key, spec.cardinality() == 0 ? vs.get(0).trim()
                        : vs.stream().map(String::trim).toArray(String[]::new));
            }
        });
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors.size() == 1 ? "1 value is invalid; nothing was changed"
                    : errors.size() + " values are invalid; nothing was changed", errors);
        }
        return out;
    }

    private static FieldError check(SettingSpec spec, List<String> values) {
        int card = Math.abs(spec.cardinality());
        if (spec.cardinality() == 0 && values.size() != 1) {
            return new FieldError(spec.id(), "cardinality", "exactly one value is needed");
        }
        if (card > 0 && values.size() > card) {
            return new FieldError(spec.id(), "cardinality", "at most " + card + " values are allowed");
        }
        for (String raw : values) {
            if (raw == null) {
                return new FieldError(spec.id(), "required", "a value is needed");
            }
            FieldError e = checkOne(spec, raw.trim());
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    private static FieldError checkOne(SettingSpec spec, String v) {
        if (spec.optionValues() != null && !spec.optionValues().isEmpty() && !spec.optionValues().contains(v)) {
            return new FieldError(spec.id(), "options", "must be one of " + String.join(", ", spec.optionValues()));
        }
        if (spec.numeric()) {
            return checkNumber(spec, v);
        }
        if (spec.type() == AttributeDefinition.BOOLEAN) {
            return "true".equalsIgnoreCase(v) || "false".equalsIgnoreCase(v) ? null
                    : new FieldError(spec.id(), "type", "must be true or false");
        }
        if (spec.type() == AttributeDefinition.CHARACTER && v.length() != 1) {
            return new FieldError(spec.id(), "type", "must be a single character");
        }
        if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\0') >= 0) {
            return new FieldError(spec.id(), "pattern", "must not contain line breaks or NUL");
        }
        if (spec.min() != null && v.length() < Integer.parseInt(spec.min())) {
            return new FieldError(spec.id(), "min", "must be at least " + spec.min() + " characters");
        }
        if (spec.max() != null && v.length() > Integer.parseInt(spec.max())) {
            return new FieldError(spec.id(), "max", "must be at most " + spec.max() + " characters");
        }
        return null;
    }

    private static FieldError checkNumber(SettingSpec spec, String v) {
        BigDecimal n;
        try {
            n = new BigDecimal(v);
            switch (spec.type()) {
                case AttributeDefinition.LONG -> Long.parseLong(v);
                case AttributeDefinition.INTEGER -> Integer.parseInt(v);
                case AttributeDefinition.SHORT -> Short.parseShort(v);
                case AttributeDefinition.BYTE -> Byte.parseByte(v);
                default -> Double.parseDouble(v);
            }
        } catch (NumberFormatException e) {
            return new FieldError(spec.id(), "type", "must be " + article(spec) + " " + spec.typeWord()
                    + " number, got '" + abbreviate(v) + "'");
        }
        if (spec.min() != null && n.compareTo(new BigDecimal(spec.min())) < 0) {
            return new FieldError(spec.id(), "min", "must be at least " + spec.min());
        }
        if (spec.max() != null && n.compareTo(new BigDecimal(spec.max())) > 0) {
            return new FieldError(spec.id(), "max", "must be at most " + spec.max());
        }
        return null;
    }

    private static String article(SettingSpec spec) {
        return spec.type() == AttributeDefinition.INTEGER ? "an" : "a";
    }

    private static String abbreviate(String v) {
        return v.length() <= 40 ? v : v.substring(0, 40) + "...";
    }
}
