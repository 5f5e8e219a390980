package io.bulwark.inspection.toll;

/**
 * The limits of one period (office hours or off-hours), checked. A limit is the most allowed: the
 * call that goes beyond it fires the rule; 0 allows none.
 *
 * @param key the configuration prefix of the period ({@code office} or {@code off.hours}), for
 *     messages
 * @param callsPerMinute most calls one extension may place within 60 s
 * @param concurrentCalls most calls of one extension at once
 * @param internationalPerHour most international calls one extension may place within 3600 s
 * @param maxCallSeconds longest a call placed in this period may last
 * @param trunkCallsPerMinute most calls of all extensions together within 60 s
 * @param trunkConcurrentCalls most calls of all extensions together at once
 * @param trunkInternationalPerHour most international calls of all extensions together within
 *     3600 s
 */
record PeriodLimits(String key, int callsPerMinute, int concurrentCalls, int internationalPerHour,
        int maxCallSeconds, int trunkCallsPerMinute, int trunkConcurrentCalls, int trunkInternationalPerHour) {

    /** Bounds of the limits. */
    static final int MAX_LIMIT = 100_000;
    static final int MIN_CALL_SECONDS = 60;
    static final int MAX_CALL_SECONDS = 86_400;

    PeriodLimits {
        check(key + ".calls.per.minute", callsPerMinute);
        check(key + ".concurrent.calls", concurrentCalls);
        check(key + ".international.per.hour", internationalPerHour);
        check(key + ".trunk.calls.per.minute", trunkCallsPerMinute);
        check(key + ".trunk.concurrent.calls", trunkConcurrentCalls);
        check(key + ".trunk.international.per.hour", trunkInternationalPerHour);
        if (maxCallSeconds < MIN_CALL_SECONDS || maxCallSeconds > MAX_CALL_SECONDS) {
            throw new IllegalArgumentException(key + ".max.call.seconds must be " + MIN_CALL_SECONDS + " to "
                    + MAX_CALL_SECONDS + ", got " + maxCallSeconds);
        }
    }

    private static void check(String key, int value) {
        if (value < 0 || value > MAX_LIMIT) {
            throw new IllegalArgumentException(key + " must be 0 to " + MAX_LIMIT + ", got " + value);
        }
    }

    /** @return the longest a call placed in this period may last, in milliseconds */
    long maxCallMillis() {
        return maxCallSeconds * 1000L;
    }
}
