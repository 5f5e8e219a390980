package io.bulwark.admin.problem;

/**
 * One invalid field of a request.
 *
 * @param field the JSON field or configuration key
 * @param rule the rule it broke ({@code type}, {@code min}, {@code max}, {@code options},
 *     {@code required}, {@code cardinality}, {@code unknown}, {@code pattern}, {@code length})
 * @param message what is wrong, for people
 */
public record FieldError(String field, String rule, String message) {
}
