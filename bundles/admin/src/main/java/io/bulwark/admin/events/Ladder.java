package io.bulwark.admin.events;

import io.bulwark.api.sip.TracedMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The ladder diagram of a security event: the messages of the dialog or transaction its evidence
 * belongs to (from the proxy's message trace), as arrows between the parties. Outside peers stand
 * left of the appliance, inside peers right of it, each in the order it first appears. The message
 * the event quotes is marked. When the trace no longer holds the Call-ID (the appliance restarted,
 * or newer Call-IDs pushed it out), the ladder is the evidence message alone and says it is
 * incomplete.
 */
public final class Ladder {

    /** The appliance's own column. */
    public static final String APPLIANCE = "bulwark";

    private Ladder() {
    }

    /**
     * @param id the column's identifier: {@code ip:port} or {@link #APPLIANCE}
     * @param label what the column is headed with
     * @param zone outside or inside; null for the appliance
     */
    public record Party(String id, String label, String zone) {
    }

    /**
     * @param time when the appliance received or sent it (ISO-8601)
     * @param from the sending party's id
     * @param to the receiving party's id
     * @param transport UDP, TCP or TLS, or null
     * @param summary the start line
     * @param cseq the CSeq value, or null
     * @param evidence true for the message the event quotes
     */
    public record Arrow(String time, String from, String to, String transport, String summary, String cseq,
            boolean evidence) {
    }

    /**
     * @param eventId the event
     * @param callId the Call-ID of the evidence message, or null
     * @param complete false when only the evidence message could be shown
     * @param parties columns, left to right
     * @param messages arrows, oldest first
     */
    public record View(long eventId, String callId, boolean complete, List<Party> parties, List<Arrow> messages) {
    }

    /**
     * @param eventId the event's id
     * @param time when the event was detected
     * @param source the event's source address, or null
     * @param sourcePort its port, 0 when unknown
     * @param zone the source's zone, or null
     * @param transport the source's transport, or null
     * @param evidence the (redacted) message the event quotes, or null
     * @param callId the evidence's Call-ID, or null
     * @param trace what the proxy holds for that Call-ID
     * @return the ladder
     */
    public static View of(long eventId, Instant time, String source, int sourcePort, String zone, String transport,
            String evidence, String callId, List<TracedMessage> trace) {
        String evidenceLine = firstLine(evidence);
        String sourcePeer = source == null ? null : peer(source, sourcePort);
        int marked = -1;
        for (int i = 0; i < trace.size() && evidenceLine != null; i++) {
            TracedMessage m = trace.get(i);
            if (m.inbound() && m.startLine().equals(evidenceLine) && fromSource(m.peer(), sourcePeer, sourcePort)) {
                marked = i; // the last match: retransmissions and repeats come before the detection
                if (!m.time().isBefore(time)) {
                    break;
                }
            }
        }
        if (trace.isEmpty() || marked < 0) {
            return evidenceOnly(eventId, time, sourcePeer, zone, transport, evidenceLine, callId);
        }
        Set<String> outside = new LinkedHashSet<>();
        Set<String> inside = new LinkedHashSet<>();
        List<Arrow> arrows = new ArrayList<>(trace.size());
        for (int i = 0; i < trace.size(); i++) {
            TracedMessage m = trace.get(i);
            ("inside".equals(m.zone()) ? inside : outside).add(m.peer());
            arrows.add(new Arrow(m.time().toString(), m.inbound() ? m.peer() : APPLIANCE,
                    m.inbound() ? APPLIANCE : m.peer(), m.transport(), m.startLine(), m.cseq(), i == marked));
        }
        List<Party> parties = new ArrayList<>();
        outside.forEach(p -> parties.add(new Party(p, p, "outside")));
        parties.add(new Party(APPLIANCE, "Bulwark", null));
        inside.forEach(p -> parties.add(new Party(p, p, "inside")));
        return new View(eventId, callId, true, parties, arrows);
    }

    private static View evidenceOnly(long eventId, Instant time, String sourcePeer, String zone, String transport,
            String evidenceLine, String callId) {
        if (sourcePeer == null || evidenceLine == null) {
            return new View(eventId, callId, false, List.of(new Party(APPLIANCE, "Bulwark", null)), List.of());
        }
        String z = zone == null ? "outside" : zone;
        Party src = new Party(sourcePeer, sourcePeer, z);
        Party self = new Party(APPLIANCE, "Bulwark", null);
        List<Party> parties = "inside".equals(z) ? List.of(self, src) : List.of(src, self);
        return new View(eventId, callId, false, parties, List.of(new Arrow(time.toString(), sourcePeer, APPLIANCE,
                transport, evidenceLine, null, true)));
    }

    private static boolean fromSource(String peer, String sourcePeer, int sourcePort) {
        if (sourcePeer == null) {
            return true;
        }
        return sourcePort > 0 ? peer.equals(sourcePeer)
                : peer.startsWith(sourcePeer.substring(0, sourcePeer.lastIndexOf(':') + 1));
    }

    static String peer(String address, int port) {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }

    /**
     * @return the start line of the SIP message an evidence quotes (inspectors put their finding on
     *         the first line and the message after it), else the evidence's first line
     */
    static String firstLine(String evidence) {
        if (evidence == null || evidence.isBlank()) {
            return null;
        }
        String first = null;
        for (String line : (Iterable<String>) evidence.lines()::iterator) {
            String l = line.strip();
            if (first == null) {
                first = l;
            }
            if (l.startsWith("SIP/2.0 ") || l.endsWith(" SIP/2.0")) {
                return cut(l);
            }
            if (l.isEmpty()) {
                break; // the body: no start line in the header section
            }
        }
        return cut(first);
    }

    private static String cut(String line) {
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
