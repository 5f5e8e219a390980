package io.bulwark.api.store;

import java.util.List;

/**
 * One page of stored security events, newest first.
 *
 * @param items the events of this page, at most the query's limit
 * @param next where the next (older) page starts, or null when this page is the last
 * @since 1.2
 */
public record SecurityEventPage(List<StoredSecurityEvent> items, SecurityEventCursor next) {

    /** Copies the list, so a page cannot change after it was handed out. */
    public SecurityEventPage {
        items = List.copyOf(items);
    }
}
