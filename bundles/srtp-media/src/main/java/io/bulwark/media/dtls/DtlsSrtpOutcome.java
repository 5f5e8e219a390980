package io.bulwark.media.dtls;

import io.bulwark.media.srtp.SrtpSuite;
import java.util.Objects;

/**
 * How a DTLS-SRTP handshake ended: {@link Established} with the keys for both directions, or
 * {@link Failed} with the reason. A value, so that the relay decides what a failure means
 * (drop the leg, raise an event) without an exception crossing threads.
 */
public sealed interface DtlsSrtpOutcome permits DtlsSrtpOutcome.Established, DtlsSrtpOutcome.Failed {

    /** Milliseconds from the start of the handshake to this outcome. */
    long elapsedMillis();

    /**
     * The handshake finished and both sides hold the same keys.
     *
     * @param role the role the appliance played
     * @param profile the protection profile the server chose
     * @param protect what the appliance protects packets to the peer with (its own write key)
     * @param unprotect what it unprotects the peer's packets with (the peer's write key)
     * @param elapsedMillis milliseconds from start to finish
     */
    record Established(DtlsRole role, SrtpProtectionProfile profile, SrtpMasterKey protect, SrtpMasterKey unprotect,
            long elapsedMillis) implements DtlsSrtpOutcome {

        public Established {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(protect, "protect");
            Objects.requireNonNull(unprotect, "unprotect");
        }

        /** The SRTP suite both directions use. */
        public SrtpSuite suite() {
            return profile.suite();
        }
    }

    /**
     * The handshake gave no keys.
     *
     * @param reason why
     * @param detail what happened, for the log and the security event; never key material
     * @param elapsedMillis milliseconds from start to failure
     */
    record Failed(DtlsFailure reason, String detail, long elapsedMillis) implements DtlsSrtpOutcome {

        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
