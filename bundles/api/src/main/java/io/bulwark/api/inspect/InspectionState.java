package io.bulwark.api.inspect;

import java.util.Collection;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The counters and remembered facts of the inspectors, kept by the proxy so that they outlive an
 * update of the inspection bundle. Every method is thread-safe, answers in microseconds, never
 * blocks and never throws for a valid argument. Memory is bounded: each table holds at most a
 * configured number of keys, and the least recently used key goes first when it is full.
 *
 * <p>Tables are named by the caller (e.g. {@code scanner.targets}); keys are addresses, prefixes,
 * users or dialog ids as strings. Times are milliseconds of the caller's clock, so tests can run
 * an inspector at any date.
 */
@ProviderType
public interface InspectionState {

    /**
     * Counts one occurrence in a sliding window.
     *
     * @param table the counter's name
     * @param key what is counted, e.g. a source address
     * @param nowMillis the caller's clock
     * @param windowMillis the window, at least 1
     * @return occurrences within the last {@code windowMillis}, this one included
     */
    long hit(String table, String key, long nowMillis, long windowMillis);

    /**
     * @return occurrences within the window, without counting one
     * @see #hit
     */
    long count(String table, String key, long nowMillis, long windowMillis);

    /**
     * Notes a member of a set in a sliding window, such as a user a source has tried.
     *
     * @param table the set's name
     * @param key whose set it is, e.g. a source address
     * @param member what was seen, e.g. a target user
     * @param nowMillis the caller's clock
     * @param windowMillis the window, at least 1
     * @return distinct members seen within the window, this one included (a set remembers at
     *     most a bounded number of members, so the answer saturates there)
     */
    int distinct(String table, String key, String member, long nowMillis, long windowMillis);

    /**
     * @return the members seen within the window, most recent last
     * @see #distinct
     */
    Collection<String> members(String table, String key, long nowMillis, long windowMillis);

    /** Forgets a key of a table (counters, sets and values alike). */
    void forget(String table, String key);

    /**
     * Remembers a value until it expires.
     *
     * @param table the table's name
     * @param key the key
     * @param value the value; null removes it
     * @param expiresAtMillis when it is forgotten, on the caller's clock
     */
    void put(String table, String key, String value, long expiresAtMillis);

    /**
     * @return the value, or null when absent or expired at {@code nowMillis}
     * @see #put
     */
    String get(String table, String key, long nowMillis);

    /** @return the binding of an address-of-record, or null (expired bindings are gone) */
    RegistrationBinding binding(String aor, long nowMillis);

    /** Stores or replaces the binding of its address-of-record. */
    void bind(RegistrationBinding binding);

    /** Removes the binding of an address-of-record. */
    void unbind(String aor);
}
