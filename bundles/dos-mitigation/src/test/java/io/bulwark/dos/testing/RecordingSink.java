package io.bulwark.dos.testing;

import io.bulwark.api.event.SecurityEvent;
import io.bulwark.api.event.SecurityEventSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A sink that keeps every event. */
public final class RecordingSink implements SecurityEventSink {

    /** Every event raised, in order. */
    public final List<SecurityEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void raise(SecurityEvent event) {
        events.add(event);
    }
}
