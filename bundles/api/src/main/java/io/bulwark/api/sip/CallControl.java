package io.bulwark.api.sip;

import java.time.Instant;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Ends calls from the appliance itself: a BYE to each party, the call record closed with the
 * reason. Operators use it from the admin plane; policies use the deadline (the toll-fraud
 * inspector's maximum call duration). Provided by the proxy, which keeps the deadlines, so they
 * outlive an update of the bundle that set them.
 *
 * @since 1.1
 */
@ProviderType
public interface CallControl {

    /**
     * @param callId the call's Call-ID as seen on either leg
     * @param reason why, e.g. {@code "ended by operator alice"}; goes into the call record and
     *     the BYEs' Reason header, so it must not name anything of the inside
     * @return true when the call was up (answered) and has been ended
     */
    boolean end(String callId, String reason);

    /**
     * Makes a call end at a given time, once answered. Setting it again moves the deadline.
     *
     * @param callId the call's Call-ID as seen on either leg; the call may still be being set up
     * @param deadline when it must end
     * @param reason why, as for {@link #end}
     * @param eventKind the kind of the security event (level APPLICATION) raised when the deadline
     *     ends the call, e.g. {@code sip.toll-fraud}; null raises none
     * @return false when the proxy holds too many deadlines already (none is set)
     */
    boolean endAt(String callId, Instant deadline, String reason, String eventKind);
}
