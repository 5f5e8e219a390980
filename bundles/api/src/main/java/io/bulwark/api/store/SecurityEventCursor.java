package io.bulwark.api.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A position in the newest-first order of stored security events: a page continues with the
 * events after the one detected at {@code time} with id {@code id}. As with {@link
 * CallRecordCursor}, keyset paging keeps a deep page as cheap as the first one, and events
 * stored while someone pages never shift what the next page shows.
 *
 * @param time the detection time of the last event of the previous page
 * @param id its id, which makes the order total when several events share a time
 * @since 1.2
 */
public record SecurityEventCursor(Instant time, long id) {

    /** Checks that the time is present. */
    public SecurityEventCursor {
        Objects.requireNonNull(time, "time");
    }
}
