package io.bulwark.admin.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One setting of a component, as the API shows it.
 *
 * @param id the configuration key
 * @param name a label
 * @param description what it does
 * @param type {@code STRING}, {@code INTEGER}, ... (metatype type names)
 * @param cardinality 0 for one value, else the most values (negative: a list)
 * @param required whether a value must be given
 * @param defaultValue the default, as strings
 * @param options allowed values with labels, or null
 * @param min the lower bound (numbers) or shortest length (strings), or null
 * @param max the upper bound or longest length, or null
 * @param value the current value, as strings (never shown for passwords)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PropertyView(String id, String name, String description, String type, int cardinality,
        boolean required, List<String> defaultValue, List<Option> options, String min, String max,
        List<String> value) {

    /**
     * An allowed value.
     *
     * @param label what people read
     * @param value what is stored
     */
    public record Option(String label, String value) {
    }
}
