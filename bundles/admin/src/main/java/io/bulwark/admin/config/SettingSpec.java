package io.bulwark.admin.config;

import java.util.List;
import java.util.Locale;
import org.osgi.service.metatype.AttributeDefinition;

/**
 * What one setting accepts: the parts of a metatype attribute definition that validation needs,
 * as a plain value so that the rules can be tested without a framework.
 *
 * @param id the configuration key
 * @param type a metatype type constant ({@link AttributeDefinition#INTEGER}, ...)
 * @param cardinality 0 for one value, n for at most n values, -n for a list of at most n
 * @param optionValues the allowed values, or null for any
 * @param min the lower bound (numbers) or shortest length (strings), or null
 * @param max the upper bound or longest length, or null
 */
public record SettingSpec(String id, int type, int cardinality, List<String> optionValues, String min, String max) {

    /** @return the metatype type name in upper case ({@code INTEGER}, {@code STRING}, ...) */
    public String typeName() {
        return switch (type) {
            case AttributeDefinition.LONG -> "LONG";
            case AttributeDefinition.INTEGER -> "INTEGER";
            case AttributeDefinition.SHORT -> "SHORT";
            case AttributeDefinition.CHARACTER -> "CHAR";
            case AttributeDefinition.BYTE -> "BYTE";
            case AttributeDefinition.DOUBLE -> "DOUBLE";
            case AttributeDefinition.FLOAT -> "FLOAT";
            case AttributeDefinition.BOOLEAN -> "BOOLEAN";
            case AttributeDefinition.PASSWORD -> "PASSWORD";
            default -> "STRING";
        };
    }

    /** @return true for the numeric types */
    public boolean numeric() {
        return switch (type) {
            case AttributeDefinition.LONG, AttributeDefinition.INTEGER, AttributeDefinition.SHORT,
                    AttributeDefinition.BYTE, AttributeDefinition.DOUBLE, AttributeDefinition.FLOAT -> true;
            default -> false;
        };
    }

    /** @return the type name in lower case, for messages */
    String typeWord() {
        return typeName().toLowerCase(Locale.ROOT);
    }
}
