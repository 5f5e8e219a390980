package io.bulwark.api.event;

/**
 * The {@link SecurityEvent#kind() kinds} raised by the bundles of the appliance, so that policies
 * (ban durations, cloud pushes) can name them without spelling mistakes. Other bundles may raise
 * kinds not listed here; a kind is just a dotted lower-case name.
 */
public final class EventKinds {

    /** One source sent more packets than the flood threshold (level NETWORK). */
    public static final String NETWORK_FLOOD = "network.flood";
    /**
     * Kernel enforcement of bans (nftables) failed; user-space dropping carries on. The event
     * is about the appliance itself, so its source is null (level NETWORK).
     */
    public static final String NETWORK_ENFORCEMENT_FAILED = "network.enforcement-failed";
    /** A SIP message could not be parsed or broke a hard limit (level APPLICATION). */
    public static final String SIP_MALFORMED = "sip.malformed";
    /** A known SIP scanner or an enumeration of extensions (level APPLICATION). */
    public static final String SIP_SCANNER = "sip.scanner";
    /** Repeated failed digest authentication from one source (level APPLICATION). */
    public static final String SIP_BRUTE_FORCE = "sip.brute-force";

    private EventKinds() {
    }
}
