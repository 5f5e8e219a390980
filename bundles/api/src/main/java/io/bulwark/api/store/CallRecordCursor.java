package io.bulwark.api.store;

import java.time.Instant;

/**
 * A position in the newest-first order of call records: pages continue after the record that
 * started at {@code started} with Call-ID {@code callId}. Keyset paging keeps every page as cheap
 * as the first, however many records are stored.
 *
 * @param started the start time of the last record of the previous page
 * @param callId its Call-ID, which makes the order total
 */
public record CallRecordCursor(Instant started, String callId) {
}
