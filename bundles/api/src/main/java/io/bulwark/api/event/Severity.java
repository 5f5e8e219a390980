package io.bulwark.api.event;

/** How urgently a network admin should look at a {@link SecurityEvent}. */
public enum Severity {
    /** Worth recording; no action expected. */
    INFO,
    /** Suspicious, handled automatically. */
    LOW,
    /** An attack the appliance handled automatically. */
    MEDIUM,
    /** An attack in progress, or a protection that is not working as configured. */
    HIGH,
    /** Service is affected now. */
    CRITICAL
}
