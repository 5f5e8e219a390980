package io.bulwark.admin.rest;

import io.bulwark.admin.problem.ProblemException;
import io.bulwark.api.media.MediaAnchoring;
import io.bulwark.api.media.MediaLegView;
import io.bulwark.api.media.MediaSessionView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Comparator;
import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

/** The media lines the relay anchors, with the protection and packet figures of each leg. Any role. */
@Path("/media")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "media", description = "Anchored media sessions (RTP/SRTP per leg)")
public final class MediaResource {

    private final RuntimeView runtime;

    /** @param runtime the other bundles' services (the media relay among them) */
    public MediaResource(RuntimeView runtime) {
        this.runtime = runtime;
    }

    /**
     * One leg of a media line.
     *
     * @param zone outside or inside
     * @param local the appliance's address and port on this side
     * @param peer the party it latched onto, or null before its first packet
     * @param encryption the SRTP suite on this side, or "RTP" when plain
     * @param packetsIn packets from the party (authenticated, for SRTP)
     * @param packetsOut packets to the party
     * @param lost packets of the party's stream that never arrived
     * @param foreignDropped packets from other sources, dropped
     * @param srtpFailures SRTP packets failing authentication or replay checks, dropped
     */
    public record LegView(String zone, String local, String peer, String encryption, long packetsIn,
            long packetsOut, long lost, long foreignDropped, long srtpFailures) {
        static LegView of(MediaLegView l) {
            return new LegView(l.zone(), l.local(), l.peer(), l.suite() == null ? "RTP" : l.suite(), l.packetsIn(),
                    l.packetsOut(), l.lost(), l.foreign(), l.srtpFailures());
        }
    }

    /**
     * @param id the dialog and media line
     * @param createdAt when it was opened
     * @param lastActivity when either party last sent a packet
     * @param outside the trunk side
     * @param inside the PBX side
     */
    public record SessionView(String id, String createdAt, String lastActivity, LegView outside, LegView inside) {
    }

    /** @return the open media sessions, newest first */
    @GET
    @Path("sessions")
    @Operation(summary = "Open media sessions with each leg's encryption and packet figures")
    public List<SessionView> sessions() {
        MediaAnchoring m = runtime.media();
        if (m == null) {
            throw ProblemException.unavailable("the media relay is not running");
        }
        return m.sessions().stream().sorted(Comparator.comparing(MediaSessionView::created).reversed())
                .map(s -> new SessionView(s.id(), s.created().toString(), s.lastActivity().toString(),
                        LegView.of(s.outside()), LegView.of(s.inside())))
                .toList();
    }
}
