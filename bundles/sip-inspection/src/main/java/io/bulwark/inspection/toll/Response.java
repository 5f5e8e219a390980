package io.bulwark.inspection.toll;

import java.util.Locale;

/** What happens when a toll-fraud rule fires, from the mildest to the hardest. */
enum Response {
    /** The call goes on; an event is raised. */
    ALERT,
    /**
     * The extension (or the trunk, for a trunk rule) may place national calls only for a while:
     * this call is refused with 403 if it is international, and goes on with an event if not.
     */
    NATIONAL_ONLY,
    /** This call is refused with 403. */
    REJECT,
    /** This call and every call of the extension (or the trunk) for a while are refused with 403. */
    SUSPEND;

    /** @return the name used in configuration, e.g. {@code national-only} */
    String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param key the configuration key, for the message
     * @param value {@code alert}, {@code national-only}, {@code reject} or {@code suspend}, any case
     * @return the response
     * @throws IllegalArgumentException naming the key for anything else
     */
    static Response fromConfig(String key, String value) {
        String v = value == null ? "" : value.trim();
        for (Response r : values()) {
            if (r.configName().equalsIgnoreCase(v)) {
                return r;
            }
        }
        throw new IllegalArgumentException(key + " must be alert, national-only, reject or suspend, got '" + value
                + "'");
    }
}
