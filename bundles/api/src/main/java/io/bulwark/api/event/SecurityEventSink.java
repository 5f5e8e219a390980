package io.bulwark.api.event;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Receives {@link SecurityEvent}s. A whiteboard: several sinks may be registered (the ban policy
 * of dos-mitigation, the event store, cloud-push), and a detector hands every event to each of
 * them, typically through a dynamic reference of multiple cardinality.
 *
 * <p>Detectors call this on their own hot threads (a transport event loop, a SIP worker), so an
 * implementation never blocks and never throws: it queues the event on a bounded queue and
 * drops (and counts) what does not fit.
 */
@ProviderType
public interface SecurityEventSink {

    /**
     * Accepts one event. Returns at once.
     *
     * @param event the event; its evidence is already redacted
     */
    void raise(SecurityEvent event);
}
