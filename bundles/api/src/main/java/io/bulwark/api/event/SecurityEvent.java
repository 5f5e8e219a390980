package io.bulwark.api.event;

import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * One detection, as raised by a detector to the {@link SecurityEventSink}s.
 *
 * @param level the level at which the threat was detected
 * @param kind what was detected: a dotted lower-case name such as {@code network.flood} or
 *     {@code sip.malformed} (see {@link EventKinds}); letters, digits, {@code -} and at least one
 *     {@code .}
 * @param severity how urgent it is
 * @param source the offending address, or null for an event about the appliance itself (such as
 *     {@link EventKinds#NETWORK_ENFORCEMENT_FAILED}); never a name, never resolved
 * @param sourcePort the offending port, 0 when unknown or not applicable
 * @param transport the transport it came over, or null when not applicable
 * @param zone the zone it came from, or null when not applicable
 * @param target what was attacked (a request URI, an extension, a listener), or null; no inside
 *     address may appear here
 * @param time when it was detected
 * @param evidence a short human-readable account, already redacted (no passwords, no digest
 *     responses, no inside addresses); cut to {@link #MAX_EVIDENCE_LENGTH} characters
 */
public record SecurityEvent(
        ThreatLevel level,
        String kind,
        Severity severity,
        InetAddress source,
        int sourcePort,
        TransportProtocol transport,
        Zone zone,
        String target,
        Instant time,
        String evidence) {

    /** Evidence longer than this is cut, so one event cannot fill a queue or a log line. */
    public static final int MAX_EVIDENCE_LENGTH = 1024;
    /** Longest kind accepted. */
    public static final int MAX_KIND_LENGTH = 64;

    /**
     * Checks every field.
     *
     * @throws NullPointerException naming a missing required field
     * @throws IllegalArgumentException naming a malformed kind or port
     */
    public SecurityEvent {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(evidence, "evidence");
        if (!isValidKind(kind)) {
            throw new IllegalArgumentException("kind must be dotted lower-case words, got '" + kind + "'");
        }
        if (sourcePort < 0 || sourcePort > 65_535) {
            throw new IllegalArgumentException("sourcePort must be 0 to 65535, got " + sourcePort);
        }
        if (evidence.length() > MAX_EVIDENCE_LENGTH) {
            evidence = evidence.substring(0, MAX_EVIDENCE_LENGTH);
        }
    }

    /**
     * @param kind a candidate kind
     * @return true when it is 1 to {@value #MAX_KIND_LENGTH} characters of {@code a-z 0-9 - .},
     *     starts with a letter, contains a dot, and has no empty part
     */
    public static boolean isValidKind(String kind) {
        if (kind == null || kind.isEmpty() || kind.length() > MAX_KIND_LENGTH
                || kind.charAt(0) < 'a' || kind.charAt(0) > 'z' || kind.endsWith(".")) {
            return false;
        }
        boolean dot = false;
        char previous = 0;
        for (int i = 0; i < kind.length(); i++) {
            char c = kind.charAt(i);
            boolean word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
            if (c == '.') {
                if (previous == '.') {
                    return false;
                }
                dot = true;
            } else if (!word) {
                return false;
            }
            previous = c;
        }
        return dot;
    }
}
