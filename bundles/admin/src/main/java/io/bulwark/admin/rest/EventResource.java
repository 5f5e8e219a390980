package io.bulwark.admin.rest;

import io.bulwark.admin.events.EventHistory;
import io.bulwark.admin.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

/** Attacks at a glance: events per level over time, top offending sources, latest events. */
@Path("/events")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "events", description = "Security events of every level, as the detectors report them")
public final class EventResource {

    private final EventHistory history;

    /** @param history the event history */
    public EventResource(EventHistory history) {
        this.history = history;
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
        if (m < 1 || m > 1440) {
            throw ProblemException.invalid("minutes", "range", "must be a whole number from 1 to 1440");
        }
        return new EventSummary(60, history.perMinute(m), history.topSources(10), history.recent(50));
    }
}
