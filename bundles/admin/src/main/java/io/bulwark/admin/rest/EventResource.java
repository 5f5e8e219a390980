package io.bulwark.admin.rest;

import io.bulwark.admin.events.EventHistory;
import io.bulwark.admin.events.Ladder;
import io.bulwark.admin.problem.ProblemException;
import io.bulwark.api.decision.AddressBlock;
import io.bulwark.api.event.Severity;
import io.bulwark.api.event.ThreatLevel;
import io.bulwark.api.sip.MessageTrace;
import io.bulwark.api.sip.TracedMessage;
import io.bulwark.api.store.SecurityEventCursor;
import io.bulwark.api.store.SecurityEventPage;
import io.bulwark.api.store.SecurityEventQuery;
import io.bulwark.api.store.SecurityEventStore;
import io.bulwark.api.store.StoredSecurityEvent;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

/**
 * Security events: attacks at a glance (events per level over time, top offending sources, latest
 * events, from the in-memory {@link EventHistory}), and the stored events with filters and paging
 * (from the store's {@link SecurityEventStore}). Any role may read them.
 */
@Path("/events")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "events", description = "Security events of every level, as the detectors report them")
public final class EventResource {

    private static final int MAX_MINUTES = 1440;

    private final EventHistory history;
    private final RuntimeView runtime;

    /**
     * @param history the in-memory event history of the dashboard
     * @param runtime the other bundles' services (the event store among them)
     */
    public EventResource(EventHistory history, RuntimeView runtime) {
        this.history = history;
        this.runtime = runtime;
    }

    /**
     * @param bucketSeconds seconds per point
     * @param points oldest first
     * @param topSources the sources with the most events
     * @param recent the latest events, newest first
     */
    public record EventSummary(int bucketSeconds, List<EventHistory.Point> points, List<EventHistory.Offender> topSources,
            List<EventHistory.EventView> recent) {
    }

    /**
     * One stored event.
     *
     * @param id the store's identifier, for {@code GET /events/{id}}
     * @param time when it was detected
     * @param level NETWORK, APPLICATION or CONTENT
     * @param kind what was detected, e.g. sip.malformed
     * @param severity INFO, LOW, MEDIUM, HIGH or CRITICAL
     * @param source the offending address, or null for an event about the appliance itself
     * @param sourcePort the offending port, 0 when unknown
     * @param transport UDP, TCP or TLS, or null
     * @param zone outside or inside, or null
     * @param target what was attacked, or null
     * @param evidence what was seen, already redacted
     * @param callId the Call-ID of the SIP message the evidence quotes, or null
     */
    public record StoredEventView(long id, String time, String level, String kind, String severity, String source,
            int sourcePort, String transport, String zone, String target, String evidence, String callId) {
        static StoredEventView of(StoredSecurityEvent e) {
            return new StoredEventView(e.id(), e.time().toString(), e.level().name(), e.kind(), e.severity().name(),
                    e.source(), e.sourcePort(), e.transport() == null ? null : e.transport().name(),
                    e.zone() == null ? null : e.zone().configName(), e.target(), e.evidence(), e.callId());
        }
    }

    /**
     * @param items this page, newest first
     * @param nextCursor pass as {@code before} for the next (older) page, or null
     * @param total events matching the filters
     */
    public record StoredEventPageView(List<StoredEventView> items, String nextCursor, long total) {
    }

    /** @return the summary */
    @GET
    @Path("summary")
    @Operation(summary = "Events per minute by level (NETWORK, APPLICATION, CONTENT), top sources, latest events")
    public EventSummary summary(@QueryParam("minutes") @DefaultValue("60") String minutes) {
        int m;
        try {
            m = Integer.parseInt(minutes.trim());
        } catch (NumberFormatException e) {
            m = -1;
        }
        if (m < 1 || m > MAX_MINUTES) {
            throw ProblemException.invalid("minutes", "range", "must be a whole number from 1 to " + MAX_MINUTES);
        }
        return new EventSummary(60, history.perMinute(m), history.topSources(10), history.recent(50));
    }

    /** @return one page of stored events, newest first */
    @GET
    @Operation(summary = "Stored security events, newest first, with filters and keyset paging")
    public StoredEventPageView events(
            @Parameter(description = "Only this level: NETWORK, APPLICATION or CONTENT")
            @QueryParam("level") String level,
            @Parameter(description = "Only this kind (sip.malformed), or every kind starting with a prefix that"
                    + " ends with a dot (sip.)")
            @QueryParam("kind") String kind,
            @Parameter(description = "Only events at least this severe: INFO, LOW, MEDIUM, HIGH or CRITICAL")
            @QueryParam("severity") String severity,
            @Parameter(description = "Only events from this IPv4 or IPv6 address")
            @QueryParam("source") String source,
            @Parameter(description = "Only events whose evidence or target contains this text (any case),"
                    + " at most 200 characters")
            @QueryParam("q") String q,
            @Parameter(description = "Only events detected at or after this ISO-8601 time")
            @QueryParam("since") String since,
            @Parameter(description = "Only events detected before this ISO-8601 time")
            @QueryParam("until") String until,
            @Parameter(description = "Events per page, 1 to 500") @QueryParam("limit") @DefaultValue("50") String limit,
            @Parameter(description = "The nextCursor of the previous page") @QueryParam("before") String before) {
        SecurityEventStore store = store();
        SecurityEventQuery query = parseQuery(level, kind, severity, source, q, since, until, limit, before);
        SecurityEventPage page = store.page(query);
        String next = page.next() == null ? null : encode(page.next());
        return new StoredEventPageView(page.items().stream().map(StoredEventView::of).toList(), next,
                store.count(query));
    }

    /** @return one stored event */
    @GET
    @Path("{id}")
    @Operation(summary = "One stored security event")
    public StoredEventView event(@Parameter(description = "The event's id") @PathParam("id") String id) {
        SecurityEventStore store = store();
        long n = parseId(id);
        return store.find(n).map(StoredEventView::of).orElseThrow(() -> ProblemException.notFound(
                "no security event " + n + " (never stored, or removed by retention)"));
    }

    /** @return the ladder diagram of one stored event's dialog or transaction */
    @GET
    @Path("{id}/ladder")
    @Operation(summary = "The SIP ladder diagram of the dialog or transaction a stored event belongs to")
    public Ladder.View ladder(@Parameter(description = "The event's id") @PathParam("id") String id) {
        StoredSecurityEvent e = store().find(parseId(id)).orElseThrow(() -> ProblemException.notFound(
                "no security event " + id.trim() + " (never stored, or removed by retention)"));
        MessageTrace trace = runtime.messageTrace();
        List<TracedMessage> messages = trace == null || e.callId() == null ? List.of() : trace.messages(e.callId());
        return Ladder.of(e.id(), e.time(), e.source(), e.sourcePort(), e.zone() == null ? null : e.zone().configName(),
                e.transport() == null ? null : e.transport().name(), e.evidence(), e.callId(), messages);
    }

    private SecurityEventStore store() {
        SecurityEventStore s = runtime.securityEvents();
        if (s == null) {
            throw ProblemException.unavailable("the security event store is not running");
        }
        return s;
    }

    /**
     * Turns the query parameters into a query; blank values mean "no filter".
     *
     * @return the query
     * @throws ProblemException 400 naming the first bad parameter
     */
    static SecurityEventQuery parseQuery(String level, String kind, String severity, String source, String q,
            String since, String until, String limit, String before) {
        ThreatLevel lvl = parseEnum("level", level, ThreatLevel.class);
        String k = blankToNull(kind);
        if (k != null) {
            k = k.toLowerCase(Locale.ROOT);
            if (!SecurityEventQuery.isValidKindFilter(k)) {
                throw ProblemException.invalid("kind", "pattern",
                        "must be a kind such as sip.malformed, or a prefix ending with a dot such as sip.");
            }
        }
        Severity sev = parseEnum("severity", severity, Severity.class);
        String src = parseSource(source);
        String text = blankToNull(q);
        if (text != null && text.length() > SecurityEventQuery.MAX_TEXT_LENGTH) {
            throw ProblemException.invalid("q", "max", "must be at most " + SecurityEventQuery.MAX_TEXT_LENGTH
                    + " characters");
        }
        Instant from = parseTime("since", since);
        Instant to = parseTime("until", until);
        if (from != null && to != null && to.isBefore(from)) {
            throw ProblemException.invalid("until", "min", "must not be before since");
        }
        int n = parseLimit(limit);
        SecurityEventCursor cursor = decode(before);
        try {
            return new SecurityEventQuery(lvl, k, sev, src, text, from, to, n, cursor);
        } catch (IllegalArgumentException e) {
            // Everything was checked above; the query's own message starts with the field.
            String field = e.getMessage() == null ? "query" : e.getMessage().split(" ", 2)[0];
            throw ProblemException.invalid(field, "pattern", String.valueOf(e.getMessage()));
        }
    }

    static long parseId(String id) {
        try {
            long n = id == null ? 0 : Long.parseLong(id.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ProblemException.invalid("id", "type", "must be a positive whole number");
    }

    private static <E extends Enum<E>> E parseEnum(String field, String value, Class<E> type) {
        String v = blankToNull(value);
        if (v == null) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v)) {
                return e;
            }
        }
        throw ProblemException.invalid(field, "options", "must be one of " + Arrays.stream(type.getEnumConstants())
                .map(Enum::name).collect(Collectors.joining(", ")));
    }

    private static String parseSource(String source) {
        String s = blankToNull(source);
        if (s == null) {
            return null;
        }
        try {
            AddressBlock block = AddressBlock.parse(s); // literals only: never a DNS lookup
            if (s.indexOf('/') < 0) {
                return AddressBlock.addressText(block.network());
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw ProblemException.invalid("source", "pattern", "must be one IPv4 or IPv6 address");
    }

    private static Instant parseTime(String field, String value) {
        String v = blankToNull(value);
        if (v == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "type", "must be an ISO-8601 time with an offset, such as"
                    + " 2026-11-27T07:00:00Z");
        }
    }

    private static int parseLimit(String limit) {
        try {
            int n = limit == null ? 0 : Integer.parseInt(limit.trim());
            if (n >= 1 && n <= SecurityEventQuery.MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ProblemException.invalid("limit", "range", "must be a whole number from 1 to "
                + SecurityEventQuery.MAX_LIMIT);
    }

    /** @return the cursor as an opaque URL-safe token */
    static String encode(SecurityEventCursor c) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                (c.time() + "|" + c.id()).getBytes(StandardCharsets.UTF_8));
    }

    /** @return the cursor of a token {@link #encode} made, or null for none */
    static SecurityEventCursor decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
            int bar = s.indexOf('|');
            if (bar > 0) {
                long id = Long.parseLong(s.substring(bar + 1));
                if (id > 0) {
                    return new SecurityEventCursor(Instant.parse(s.substring(0, bar)), id);
                }
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            // reported below (NumberFormatException is an IllegalArgumentException)
        }
        throw ProblemException.invalid("before", "pattern", "not a cursor this API returned");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
