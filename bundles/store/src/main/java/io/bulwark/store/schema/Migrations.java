package io.bulwark.store.schema;

import java.util.List;

/**
 * The schema history of the store, oldest first.
 *
 * <p>To add a version: define {@code V2_...} below as a new {@link SqlMigration} (or another
 * {@link Migration}) with the next number and append it to {@link #ALL}. Never edit a migration
 * that has shipped; databases in the field already ran it.
 */
public final class Migrations {

    /**
     * V1: call records. Strings are unbounded {@code VARCHAR} on purpose: a batch fails as a
     * whole when one value is too long, and the SIP layer already bounds message sizes.
     * Timestamps are {@code TIMESTAMP(9) WITH TIME ZONE} so that {@link java.time.Instant}
     * round-trips exactly and the table stays readable from an SQL console.
     */
    public static final Migration V1_CALL_RECORD = new SqlMigration(1, "call records", List.of(
            "CREATE TABLE IF NOT EXISTS call_record ("
                    + " call_id VARCHAR NOT NULL PRIMARY KEY,"
                    + " direction VARCHAR,"
                    + " caller VARCHAR,"
                    + " callee VARCHAR,"
                    + " outside_transport VARCHAR,"
                    + " inside_transport VARCHAR,"
                    + " started TIMESTAMP(9) WITH TIME ZONE NOT NULL,"
                    + " answered TIMESTAMP(9) WITH TIME ZONE,"
                    + " ended TIMESTAMP(9) WITH TIME ZONE,"
                    + " end_reason VARCHAR)",
            // recent() orders by (started, call_id) and stops after the limit; retention
            // purges will range-scan started. call_id in the index makes the order complete.
            "CREATE INDEX IF NOT EXISTS call_record_started_idx"
                    + " ON call_record (started, call_id)"));

    /** Every migration in version order; the last one is the version this code expects. */
    public static final List<Migration> ALL = List.of(V1_CALL_RECORD);

    private Migrations() {
    }
}
