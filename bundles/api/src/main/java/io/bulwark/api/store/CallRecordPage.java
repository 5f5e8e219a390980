package io.bulwark.api.store;

import java.util.List;

/**
 * One page of call records, newest first.
 *
 * @param items the records of this page
 * @param next where the next (older) page starts, or null when this is the last page
 */
public record CallRecordPage(List<CallRecord> items, CallRecordCursor next) {
}
