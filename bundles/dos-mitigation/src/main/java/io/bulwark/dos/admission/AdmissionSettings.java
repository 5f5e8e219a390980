package io.bulwark.dos.admission;

import io.bulwark.dos.table.RateLimit;
import io.bulwark.dos.table.SlotTable;

/**
 * The validated settings of the admission gate. A bad value fails with an {@link
 * IllegalArgumentException} that names the configuration key.
 *
 * @param source limit per source address (datagrams)
 * @param prefix limit per source prefix
 * @param prefixV4Length prefix length that groups IPv4 sources (8 to 32)
 * @param prefixV6Length prefix length that groups IPv6 sources (16 to 128)
 * @param zoneOutside limit of the outside zone
 * @param zoneInside limit of the inside zone
 * @param global limit of the whole appliance
 * @param allowed default limit per allow-listed source
 * @param connection new stream connections per source
 * @param maxConnectionsPerSource open stream connections per source
 * @param connectionHalfLifeNanos how fast an unreported connection stops counting
 * @param methods limit per source for INVITE, REGISTER, OPTIONS and other requests
 * @param sourceSlots slots of the per-source table
 * @param prefixSlots slots of the per-prefix table
 * @param allowedSlots slots of the allow-listed source table
 * @param connectionSlots slots of the connection table
 * @param methodSlots slots of each per-method table
 */
record AdmissionSettings(RateLimit source, RateLimit prefix, int prefixV4Length, int prefixV6Length,
        RateLimit zoneOutside, RateLimit zoneInside, RateLimit global, RateLimit allowed,
        RateLimit connection, int maxConnectionsPerSource, long connectionHalfLifeNanos,
        RateLimit[] methods, int sourceSlots, int prefixSlots, int allowedSlots, int connectionSlots,
        int methodSlots) {

    /**
     * The shared bucket for sources that find no slot in a saturated table allows this many
     * times one source's limit.
     */
    static final int OVERFLOW_FACTOR = 10;

    /**
     * @param c the component configuration
     * @return the settings
     * @throws IllegalArgumentException naming the key of a bad value
     */
    static AdmissionSettings from(AdmissionConfig c) {
        RateLimit[] methods = {
            limit("method.invite.rate", c.method_invite_rate(), burstOf(c.method_invite_rate(), c)),
            limit("method.register.rate", c.method_register_rate(), burstOf(c.method_register_rate(), c)),
            limit("method.options.rate", c.method_options_rate(), burstOf(c.method_options_rate(), c)),
            limit("method.other.rate", c.method_other_rate(), burstOf(c.method_other_rate(), c)),
        };
        return new AdmissionSettings(
                limit("source.rate", c.source_rate(), c.source_burst()),
                limit("prefix.rate", c.prefix_rate(), c.prefix_burst()),
                range("prefix.v4.length", c.prefix_v4_length(), 8, 32),
                range("prefix.v6.length", c.prefix_v6_length(), 16, 128),
                limit("zone.outside.rate", c.zone_outside_rate(), c.zone_outside_burst()),
                limit("zone.inside.rate", c.zone_inside_rate(), c.zone_inside_burst()),
                limit("global.rate", c.global_rate(), c.global_burst()),
                limit("allowed.rate", c.allowed_rate(), c.allowed_burst()),
                limit("connection.rate", c.connection_rate(), c.connection_burst()),
                range("connection.max.per.source", c.connection_max_per_source(), 1, 1_000_000),
                range("connection.half.life.seconds", c.connection_half_life_seconds(), 1, 86_400) * 1_000_000_000L,
                methods,
                slots("source.table.slots", c.source_table_slots()),
                slots("prefix.table.slots", c.prefix_table_slots()),
                slots("allowed.table.slots", c.allowed_table_slots()),
                slots("connection.table.slots", c.connection_table_slots()),
                slots("method.table.slots", c.method_table_slots()));
    }

    /** @return the upper bound of the gate's table memory in bytes */
    long memoryBound() {
        long gcra = SlotTable.KEY_BYTES_PER_SLOT + Long.BYTES;
        return gcra * (sourceSlots + prefixSlots + allowedSlots + (long) methodSlots * SipMethodClass.COUNT)
                + (SlotTable.KEY_BYTES_PER_SLOT + 24L) * connectionSlots;
    }

    /**
     * @param limit a per-key limit
     * @return the limit of the shared bucket used when a table has no slot for a key
     */
    static RateLimit overflowOf(RateLimit limit) {
        long burst = limit.toleranceNanos() / limit.intervalNanos() + 1;
        long interval = Math.max(1, limit.intervalNanos() / OVERFLOW_FACTOR);
        return new RateLimit(interval, (burst * OVERFLOW_FACTOR - 1) * interval);
    }

    private static int burstOf(double rate, AdmissionConfig c) {
        int seconds = range("method.burst.seconds", c.method_burst_seconds(), 1, 3600);
        return (int) Math.max(1, Math.min(RateLimit.MAX_BURST, Math.ceil(rate * seconds)));
    }

    private static RateLimit limit(String key, double rate, int burst) {
        try {
            return RateLimit.perSecond(rate, burst);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    private static int range(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be " + min + " to " + max + ", got " + value);
        }
        return value;
    }

    private static int slots(String key, int value) {
        if (value < SlotTable.MIN_SLOTS || value > SlotTable.MAX_SLOTS || Integer.bitCount(value) != 1) {
            throw new IllegalArgumentException(key + " must be a power of two from " + SlotTable.MIN_SLOTS
                    + " to " + SlotTable.MAX_SLOTS + ", got " + value);
        }
        return value;
    }
}
