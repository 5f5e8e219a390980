package io.bulwark.api.decision;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether bans are being enforced in the kernel, for the status page and health checks.
 *
 * @param state the state
 * @param mechanism what enforces ({@code nftables inet bulwark})
 * @param detail a human-readable account of the state, naming the last error when failing
 * @param since when the state began
 * @param lastSync when the kernel was last known to match the decision store, or null
 * @param kernelElements how many elements the kernel sets held at the last sync
 */
public record EnforcementHealth(State state, String mechanism, String detail, Instant since,
        Instant lastSync, int kernelElements) {

    /** The states of kernel enforcement. */
    public enum State {
        /** Not yet synced since start. */
        STARTING,
        /** The kernel drops banned sources. */
        ENFORCING,
        /**
         * Kernel enforcement fails (no nftables, no permission, a failing command): banned
         * sources are still dropped in user space by the admission gate, at a higher cost.
         */
        DEGRADED
    }

    /**
     * Checks the required fields.
     *
     * @throws NullPointerException naming a missing field
     */
    public EnforcementHealth {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(mechanism, "mechanism");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(since, "since");
    }
}
