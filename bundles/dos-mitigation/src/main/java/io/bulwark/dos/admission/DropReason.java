package io.bulwark.dos.admission;

/** Why the admission gate refused a packet, connection or request; each has a counter. */
public enum DropReason {
    /** The source is banned. */
    BANNED,
    /** The source is over its own rate. */
    SOURCE_RATE,
    /** The source's prefix ({@code /24}, {@code /64}) is over its rate. */
    PREFIX_RATE,
    /** The zone is over its rate. */
    ZONE_RATE,
    /** The appliance as a whole is over its rate. */
    GLOBAL_RATE,
    /** An allow-listed source is over its (higher) rate; it is throttled, never banned. */
    ALLOWED_RATE,
    /** The source holds its maximum of open connections. */
    CONNECTION_CAP,
    /** The source opens connections too fast. */
    CONNECTION_RATE,
    /** The source sends one request method too fast. */
    METHOD_RATE,
    /** A table was saturated and the shared overflow bucket was empty. */
    OVERFLOW,
    /** No source address (never from a socket). */
    NO_ADDRESS
}
