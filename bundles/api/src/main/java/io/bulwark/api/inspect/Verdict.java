package io.bulwark.api.inspect;

import java.util.Objects;

/**
 * An inspector's answer about one message.
 *
 * <ul>
 *   <li>{@link Action#PASS}: relay it. With a finding, it is an alert: the event is raised and the
 *       message still goes on, and so does the chain.
 *   <li>{@link Action#REJECT}: answer a request with {@link #status()} instead of relaying it; for a
 *       response on its way back, send a response with that status in its place (a 401 or 407 gets
 *       a fresh digest challenge), so that the sender learns nothing from the difference.
 *   <li>{@link Action#DROP}: discard it silently.
 *   <li>{@link Action#BAN}: discard it silently and ask for the source to be banned. The ban is
 *       made by the decision store through its policy, which maps the finding's kind to a
 *       duration (and refuses allow-listed sources).
 * </ul>
 * Every action but PASS carries a finding. The first verdict other than PASS ends the chain.
 *
 * @param action what the proxy does
 * @param status the SIP status of a REJECT (400 to 699), otherwise 0
 * @param finding what was detected, or null for a plain PASS
 */
public record Verdict(Action action, int status, Finding finding) {

    /** Relay, nothing found. */
    public static final Verdict PASS = new Verdict(Action.PASS, 0, null);

    /** What the proxy does with the message. */
    public enum Action {
        /** Relay it (raising the finding, if any, as an alert). */
        PASS,
        /** Answer with an error status instead. */
        REJECT,
        /** Discard silently. */
        DROP,
        /** Discard silently and ban the source. */
        BAN
    }

    /**
     * @throws NullPointerException when the action is missing, or a finding for an action other
     *     than PASS
     * @throws IllegalArgumentException for a REJECT status outside 400 to 699, or a status on
     *     another action
     */
    public Verdict {
        Objects.requireNonNull(action, "action");
        if (action != Action.PASS) {
            Objects.requireNonNull(finding, "finding");
        }
        if (action == Action.REJECT ? status < 400 || status > 699 : status != 0) {
            throw new IllegalArgumentException("status must be 400 to 699 for REJECT and 0 otherwise, got " + status
                    + " for " + action);
        }
    }

    /**
     * @param finding what was seen
     * @return relay the message and raise the finding
     */
    public static Verdict alert(Finding finding) {
        return new Verdict(Action.PASS, 0, Objects.requireNonNull(finding, "finding"));
    }

    /**
     * @param status the SIP status to answer with, 400 to 699
     * @param finding what was seen
     * @return answer with that status instead of relaying
     */
    public static Verdict reject(int status, Finding finding) {
        return new Verdict(Action.REJECT, status, finding);
    }

    /**
     * @param finding what was seen
     * @return discard silently
     */
    public static Verdict drop(Finding finding) {
        return new Verdict(Action.DROP, 0, finding);
    }

    /**
     * @param finding what was seen; its kind decides the ban's duration under the ban policy
     * @return discard silently and ban the source
     */
    public static Verdict ban(Finding finding) {
        return new Verdict(Action.BAN, 0, finding);
    }

    /** @return true when the message goes on */
    public boolean passes() {
        return action == Action.PASS;
    }
}
