package io.bulwark.inspection.limits;

/**
 * The message limits inspector's limits, checked.
 *
 * @param enabled whether it inspects at all
 * @param viaMax most Via entries in a message
 * @param routeMax most Route entries in a request
 * @param recordRouteMax most Record-Route entries in a message
 * @param valueLengthMax longest single header value, in characters
 * @param headerValuesMax most header values in all (each entry of a list header counts one)
 * @param contentLengthCheck whether a Content-Length that differs from the body's length is refused
 * @param inspectResponses whether responses coming back from the outside zone are checked too
 * @param banViolations nonconformant requests from one source within the window that get it
 *     banned; 0 never bans
 * @param windowMillis the window of {@code banViolations}, and how long the source stays banned
 */
record LimitsSettings(boolean enabled, int viaMax, int routeMax, int recordRouteMax, int valueLengthMax,
        int headerValuesMax, boolean contentLengthCheck, boolean inspectResponses, int banViolations,
        long windowMillis) {

    LimitsSettings {
        atLeast("via.max", viaMax, 1);
        atLeast("route.max", routeMax, 1);
        atLeast("record.route.max", recordRouteMax, 1);
        atLeast("value.length.max", valueLengthMax, 128);
        atLeast("header.values.max", headerValuesMax, 16);
        atLeast("ban.violations", banViolations, 0);
        if (windowMillis < 1000) {
            throw new IllegalArgumentException("window.seconds must be at least 1, got " + windowMillis / 1000.0);
        }
    }

    static LimitsSettings of(MessageLimitsInspector.Config c) {
        return new LimitsSettings(c.enabled(), c.via_max(), c.route_max(), c.record_route_max(), c.value_length_max(),
                c.header_values_max(), c.content_length_check(), c.inspect_responses(), c.ban_violations(),
                c.window_seconds() * 1000L);
    }

    /** @return the defaults of the configuration */
    static LimitsSettings defaults() {
        return new LimitsSettings(true, 70, 10, 10, 1024, 100, true, true, 5, 60_000);
    }

    private static void atLeast(String key, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(key + " must be at least " + min + ", got " + value);
        }
    }
}
