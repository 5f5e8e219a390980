package io.bulwark.api.decision;

/**
 * A {@link DecisionStore} did not record a ban. Not a failure of the store: the request
 * conflicts with policy, and the caller (a REST handler, the ban policy) reports the reason.
 */
public final class BanRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a ban was refused. */
    public enum Reason {
        /** The scope overlaps an allow-list entry; allow-listed sources are never banned. */
        ALLOW_LISTED,
        /** The store holds its configured maximum of bans; only admins may add more. */
        STORE_FULL
    }

    private final Reason reason;

    /**
     * @param reason why
     * @param message what, naming the scope
     */
    public BanRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** @return why the ban was refused */
    public Reason reason() {
        return reason;
    }
}
