package io.bulwark.api.store;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Durable security events, for the events page, the console and later for joining an event to
 * the SIP ladder of its call.
 *
 * <p>Events arrive through the {@link io.bulwark.api.event.SecurityEventSink} whiteboard: the
 * implementation is usually a sink too, queues what it is given and commits it in batches off
 * the detectors' threads. A query therefore sees an event once it has been committed, which is
 * normally within a second of the detection. Old events are removed by a retention policy of the
 * implementation (a maximum number of rows and a maximum age), so a query never promises that an
 * event seen once is still there.
 *
 * @since 1.2
 */
@ProviderType
public interface SecurityEventStore {

    /**
     * Pages through the events that match a query, newest first (by detection time, then by id).
     *
     * @param query the filters, the page size and where to continue
     * @return up to {@link SecurityEventQuery#limit()} events, and the cursor of the next page
     * @throws IllegalStateException when the store is closed or the database fails
     */
    SecurityEventPage page(SecurityEventQuery query);

    /**
     * The events of one page without the cursor, for callers that only want the newest few.
     *
     * @param query the filters and the page size
     * @return as {@link #page}, without the cursor
     * @throws IllegalStateException when the store is closed or the database fails
     */
    default List<StoredSecurityEvent> list(SecurityEventQuery query) {
        return page(query).items();
    }

    /**
     * @param id the id the store gave the event
     * @return the event, or empty when there is none with that id (never stored, or pruned)
     * @throws IllegalStateException when the store is closed or the database fails
     */
    Optional<StoredSecurityEvent> find(long id);

    /**
     * Counts the events that match a query's filters; its limit and cursor are ignored.
     *
     * @param query the filters
     * @return how many stored events match
     * @throws IllegalStateException when the store is closed or the database fails
     */
    long count(SecurityEventQuery query);
}
