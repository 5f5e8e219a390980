package io.bulwark.api.event;

/**
 * The three levels at which the appliance detects threats. Every {@link SecurityEvent} names the
 * level of the detection, which need not be the level at which it is acted on.
 */
public enum ThreatLevel {
    /** Packets and connections: floods, scans of ports, abuse of the transport. */
    NETWORK,
    /** SIP signalling: malformed messages, scanners, brute force, hijacking, toll fraud. */
    APPLICATION,
    /** What the signalling carries: SDP, media, message bodies. */
    CONTENT
}
