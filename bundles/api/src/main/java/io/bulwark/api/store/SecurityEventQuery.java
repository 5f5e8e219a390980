package io.bulwark.api.store;

import io.bulwark.api.decision.AddressBlock;
import io.bulwark.api.event.SecurityEvent;
import io.bulwark.api.event.Severity;
import io.bulwark.api.event.ThreatLevel;
import java.time.Instant;

/**
 * What to read from a {@link SecurityEventStore}: filters, all optional and combined with AND, a
 * page size and where to continue. Blank strings mean "no filter" and are turned into null.
 *
 * @param level only events detected at this level, or null for every level
 * @param kind only events of this kind ({@code sip.malformed}), or, when it ends with a dot, of
 *     every kind that starts with it ({@code sip.} matches {@code sip.malformed} and
 *     {@code sip.scanner}); null for every kind. See {@link #isValidKindFilter}.
 * @param minSeverity only events at least this severe, or null for every severity
 * @param source only events from this address, or null for every source (including events
 *     without one). An IPv4 or IPv6 literal in any spelling; the constructor turns it into the
 *     canonical text that {@link StoredSecurityEvent#source()} holds, and never resolves a name.
 * @param text only events whose evidence or target contains this text, ignoring case, or null;
 *     at most {@value #MAX_TEXT_LENGTH} characters, taken literally (no wildcards)
 * @param since only events detected at or after this time, or null
 * @param until only events detected before this time (exclusive), or null
 * @param limit how many events a page holds, 1 to {@value #MAX_LIMIT}; ignored by {@link
 *     SecurityEventStore#count}
 * @param after continue after this position (the {@link SecurityEventPage#next()} of the previous
 *     page), or null for the newest events; ignored by {@link SecurityEventStore#count}
 * @since 1.2
 */
public record SecurityEventQuery(
        ThreatLevel level,
        String kind,
        Severity minSeverity,
        String source,
        String text,
        Instant since,
        Instant until,
        int limit,
        SecurityEventCursor after) {

    /** The largest page. */
    public static final int MAX_LIMIT = 500;
    /** The longest text filter. */
    public static final int MAX_TEXT_LENGTH = 200;

    /**
     * Normalizes blank strings to null, canonicalizes the source and checks every field.
     *
     * @throws IllegalArgumentException whose message starts with the name of the bad field
     */
    public SecurityEventQuery {
        kind = blankToNull(kind);
        if (kind != null && !isValidKindFilter(kind)) {
            throw new IllegalArgumentException("kind must be a kind such as sip.malformed or a prefix ending"
                    + " with a dot such as sip., got '" + kind + "'");
        }
        source = blankToNull(source);
        if (source != null) {
            source = canonicalSource(source);
        }
        text = blankToNull(text);
        if (text != null && text.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("text must be at most " + MAX_TEXT_LENGTH + " characters, got "
                    + text.length());
        }
        if (since != null && until != null && until.isBefore(since)) {
            throw new IllegalArgumentException("until must not be before since, got since " + since + " and until "
                    + until);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", got " + limit);
        }
    }

    /**
     * @param limit how many, 1 to {@value #MAX_LIMIT}
     * @return a query for the newest events, without filters
     * @throws IllegalArgumentException when the limit is out of range
     */
    public static SecurityEventQuery newest(int limit) {
        return new SecurityEventQuery(null, null, null, null, null, null, null, limit, null);
    }

    /**
     * @param cursor where the next page starts, as the previous page returned it
     * @return the same query continuing after that position
     */
    public SecurityEventQuery startingAfter(SecurityEventCursor cursor) {
        return new SecurityEventQuery(level, kind, minSeverity, source, text, since, until, limit, cursor);
    }

    /** @return true when {@link #kind()} is a prefix (ends with a dot) rather than one kind */
    public boolean isKindPrefix() {
        return kind != null && kind.endsWith(".");
    }

    /**
     * @param kind a candidate kind filter
     * @return true for a valid {@link SecurityEvent#isValidKind kind}, or for a prefix: the start
     *     of a valid kind cut just after one of its dots ({@code sip.}, {@code sip.brute-force.})
     */
    public static boolean isValidKindFilter(String kind) {
        if (kind == null) {
            return false;
        }
        if (SecurityEvent.isValidKind(kind)) {
            return true;
        }
        if (!kind.endsWith(".") || kind.length() > SecurityEvent.MAX_KIND_LENGTH) {
            return false;
        }
        // A prefix is valid when some valid kind starts with it; completing it with one more
        // word gives the shortest such kind.
        return SecurityEvent.isValidKind(kind + "x");
    }

    /**
     * @param source an address literal
     * @return its canonical text ({@link AddressBlock#addressText})
     * @throws IllegalArgumentException naming the source when it is not a single address literal
     */
    private static String canonicalSource(String source) {
        AddressBlock block;
        try {
            block = AddressBlock.parse(source);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("source must be an IPv4 or IPv6 address, got '" + source + "'", e);
        }
        if (!block.isSingleAddress() || source.indexOf('/') >= 0) {
            throw new IllegalArgumentException("source must be one address, not a block, got '" + source + "'");
        }
        return AddressBlock.addressText(block.network());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
