package io.bulwark.admin.rest;

import io.bulwark.admin.problem.ProblemException;
import io.bulwark.api.sip.DialogInfo;
import io.bulwark.api.sip.DialogRegistry;
import io.bulwark.api.store.CallRecord;
import io.bulwark.api.store.CallRecordCursor;
import io.bulwark.api.store.CallRecordPage;
import io.bulwark.api.store.CallRecordStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

/** Live calls and call records. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "calls", description = "Live calls and call records")
public final class CallResource {

    private static final int MAX_LIMIT = 500;
    private static final int MAX_QUERY = 200;

    private final RuntimeView runtime;

    /** @param runtime the other bundles' services */
    public CallResource(RuntimeView runtime) {
        this.runtime = runtime;
    }

    /**
     * @param callId the Call-ID seen outside
     * @param callerZone where the call came from
     * @param state EARLY, CONFIRMED or TERMINATED
     * @param peer the outside peer address:port
     * @param transport the outside transport
     * @param createdAt when the INVITE arrived
     */
    public record LiveCallView(String callId, String callerZone, String state, String peer, String transport,
            String createdAt) {
    }

    /**
     * @param callId the Call-ID
     * @param direction inbound or outbound
     * @param caller From as seen outside
     * @param callee To as seen outside
     * @param outsideTransport transport of the trunk leg
     * @param insideTransport transport of the PBX leg
     * @param startedAt when it started
     * @param answeredAt when answered, or null
     * @param endedAt when ended, or null
     * @param endReason why it ended, or null
     * @param outsideMedia how the trunk leg's media travelled: the SRTP suite ({@code AES_CM_128_HMAC_SHA1_80}),
     *     {@code RTP} for clear text, several comma-separated when the media lines differ; null when the
     *     appliance did not anchor the media
     * @param insideMedia the same for the PBX leg
     */
    public record CallRecordView(String callId, String direction, String caller, String callee,
            String outsideTransport, String insideTransport, String startedAt, String answeredAt, String endedAt,
            String endReason, String outsideMedia, String insideMedia) {
        static CallRecordView of(CallRecord r) {
            return new CallRecordView(r.callId(), r.direction(), r.caller(), r.callee(), r.outsideTransport(),
                    r.insideTransport(), str(r.started()), str(r.answered()), str(r.ended()), r.endReason(),
                    r.outsideMedia(), r.insideMedia());
        }
    }

    /**
     * @param items this page
     * @param nextCursor pass as {@code before} for the next page, or null
     * @param total records matching the query
     */
    public record CallRecordPageView(List<CallRecordView> items, String nextCursor, long total) {
    }

    /** @return the live calls, newest first */
    @GET
    @Path("calls")
    @Operation(summary = "Calls up now (dialogs the proxy tracks), newest first")
    public List<LiveCallView> live() {
        DialogRegistry d = runtime.dialogs();
        if (d == null) {
            throw ProblemException.unavailable("the SIP proxy is not running");
        }
        return d.activeDialogs().stream().sorted(Comparator.comparing(DialogInfo::created).reversed())
                .map(i -> new LiveCallView(i.outsideCallId(), i.callerZone().name().toLowerCase(Locale.ROOT),
                        i.state(), i.outsidePeer() == null ? null
                                : i.outsidePeer().getHostString() + ":" + i.outsidePeer().getPort(),
                        i.outsideTransport() == null ? null : i.outsideTransport().name(), str(i.created())))
                .toList();
    }

    /** @return one page of records */
    @GET
    @Path("call-records")
    @Operation(summary = "Call records, newest first, with keyset paging and a text filter")
    public CallRecordPageView records(@QueryParam("limit") @DefaultValue("50") String limit,
            @QueryParam("before") String before, @QueryParam("q") String q) {
        CallRecordStore s = runtime.callRecords();
        if (s == null) {
            throw ProblemException.unavailable("the call record store is not running");
        }
        int n = parseLimit(limit);
        if (q != null && q.length() > MAX_QUERY) {
            throw ProblemException.invalid("q", "max", "must be at most " + MAX_QUERY + " characters");
        }
        CallRecordPage page = s.page(q, decode(before), n);
        String next = page.next() == null ? null : encode(page.next());
        return new CallRecordPageView(page.items().stream().map(CallRecordView::of).toList(), next, s.count(q));
    }

    private static int parseLimit(String limit) {
        try {
            int n = Integer.parseInt(limit.trim());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ProblemException.invalid("limit", "range", "must be a whole number from 1 to " + MAX_LIMIT);
    }

    static String encode(CallRecordCursor c) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                (c.started() + "|" + c.callId()).getBytes(StandardCharsets.UTF_8));
    }

    static CallRecordCursor decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
            int bar = s.indexOf('|');
            if (bar > 0) {
                return new CallRecordCursor(Instant.parse(s.substring(0, bar)), s.substring(bar + 1));
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            // reported below
        }
        throw ProblemException.invalid("before", "pattern", "not a cursor this API returned");
    }

    private static String str(Instant i) {
        return i == null ? null : i.toString();
    }
}
