package io.bulwark.api.inspect;

import io.bulwark.api.event.SecurityEvent;
import io.bulwark.api.event.Severity;
import java.util.Objects;

/**
 * What an inspector detected. The proxy turns it into a {@link SecurityEvent} of level
 * APPLICATION, with the source, transport and time of the message and the message itself
 * (credentials redacted) as evidence.
 *
 * @param kind the event kind, e.g. {@code sip.scanner} (see {@link SecurityEvent#isValidKind})
 * @param severity how urgent it is
 * @param target what was attacked: a user, an extension, a dialed number, a Request-URI; or null
 * @param reason one line naming the rule that fired and the figures that made it fire, e.g.
 *     {@code "41 distinct users answered 404 within 60 s (limit 20)"}
 */
public record Finding(String kind, Severity severity, String target, String reason) {

    /**
     * @throws NullPointerException naming a missing field
     * @throws IllegalArgumentException when the kind is not a valid event kind
     */
    public Finding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(reason, "reason");
        if (!SecurityEvent.isValidKind(kind)) {
            throw new IllegalArgumentException("kind must be dotted lower-case words, got '" + kind + "'");
        }
    }
}
