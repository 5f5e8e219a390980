package io.bulwark.api.store;

import io.bulwark.api.decision.AddressBlock;
import io.bulwark.api.event.SecurityEvent;
import io.bulwark.api.event.Severity;
import io.bulwark.api.event.ThreatLevel;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import java.time.Instant;
import java.util.Objects;

/**
 * A {@link SecurityEvent} as a {@link SecurityEventStore} keeps it: the event's fields, the id the
 * store gave it, and the Call-ID found in its evidence.
 *
 * @param id the store's identifier, positive, increasing in the order events were stored
 * @param level the level at which the threat was detected
 * @param kind what was detected ({@code sip.malformed}, ...)
 * @param severity how urgent it is
 * @param source the offending address as canonical text (dotted quad, or RFC 5952 compressed
 *     lower-case IPv6; see {@link AddressBlock#addressText}), or null for an event about the
 *     appliance itself
 * @param sourcePort the offending port, 0 when unknown
 * @param transport the transport it came over, or null
 * @param zone the zone it came from, or null
 * @param target what was attacked, or null
 * @param time when it was detected
 * @param evidence the redacted account of what was seen
 * @param callId the Call-ID of the SIP message the evidence quotes (see {@link #callIdIn}), or
 *     null when the evidence quotes none; it joins the event to its call
 * @since 1.2
 */
public record StoredSecurityEvent(
        long id,
        ThreatLevel level,
        String kind,
        Severity severity,
        String source,
        int sourcePort,
        TransportProtocol transport,
        Zone zone,
        String target,
        Instant time,
        String evidence,
        String callId) {

    /** A longer Call-ID header value is taken as junk rather than as a Call-ID. */
    public static final int MAX_CALL_ID_LENGTH = 256;

    /**
     * Checks the required fields.
     *
     * @throws NullPointerException naming a missing required field
     */
    public StoredSecurityEvent {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(evidence, "evidence");
    }

    /**
     * @param id the id the store gave it
     * @param event the event as raised
     * @return the event as stored: source as canonical text, Call-ID taken from the evidence
     */
    public static StoredSecurityEvent of(long id, SecurityEvent event) {
        return new StoredSecurityEvent(id, event.level(), event.kind(), event.severity(),
                event.source() == null ? null : AddressBlock.addressText(event.source()), event.sourcePort(),
                event.transport(), event.zone(), event.target(), event.time(), event.evidence(),
                callIdIn(event.evidence()));
    }

    /** @return the position of this event, to continue a page after it */
    public SecurityEventCursor cursor() {
        return new SecurityEventCursor(time, id);
    }

    /**
     * Finds the Call-ID of the SIP message an evidence text quotes. Detectors that quote a message
     * put it after a first line of explanation, as it is on the wire; so this looks, up to the
     * first empty line (the end of a message's headers), for a line that is a {@code Call-ID}
     * header or its compact form {@code i} (RFC 3261 sections 7.3.3 and 20.8): the name in any
     * case, optional blanks before the colon. The first such line wins. A line the evidence was
     * cut in the middle of ({@link SecurityEvent#MAX_EVIDENCE_LENGTH}) does not count, since its
     * value may be incomplete, nor does a value that is empty, has blanks or control characters
     * inside, or is longer than {@value #MAX_CALL_ID_LENGTH} characters.
     *
     * @param evidence an event's evidence, or null
     * @return the Call-ID, or null when the evidence quotes none
     */
    public static String callIdIn(String evidence) {
        if (evidence == null) {
            return null;
        }
        boolean cut = evidence.length() >= SecurityEvent.MAX_EVIDENCE_LENGTH;
        int start = 0;
        boolean seenText = false;
        while (start < evidence.length()) {
            int nl = evidence.indexOf('\n', start);
            int end = nl < 0 ? evidence.length() : nl;
            String line = evidence.substring(start, end);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isBlank()) {
                if (seenText) {
                    return null; // the headers end here; a body may quote other messages
                }
            } else {
                seenText = true;
                String value = headerValue(line);
                if (value != null) {
                    return nl < 0 && cut ? null : acceptable(value);
                }
            }
            if (nl < 0) {
                break;
            }
            start = nl + 1;
        }
        return null;
    }

    /** @return the value when the line is a Call-ID header (long or compact name), else null */
    private static String headerValue(String line) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String name = line.substring(0, colon).stripTrailing();
        if (!name.equalsIgnoreCase("Call-ID") && !name.equalsIgnoreCase("i")) {
            return null;
        }
        return line.substring(colon + 1).strip();
    }

    private static String acceptable(String value) {
        if (value.isEmpty() || value.length() > MAX_CALL_ID_LENGTH) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c == 0x7f) {
                return null;
            }
        }
        return value;
    }
}
