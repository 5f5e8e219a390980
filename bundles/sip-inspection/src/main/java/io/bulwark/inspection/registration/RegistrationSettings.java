package io.bulwark.inspection.registration;

import io.bulwark.api.transport.Zone;
import io.bulwark.inspection.common.ConfigLists;
import io.bulwark.inspection.common.SourceMatch;
import java.util.Set;

/**
 * The registration guard's settings, checked.
 *
 * @param enabled whether it inspects at all
 * @param zones the zones whose REGISTERs are guarded and whose accepted registrations are
 *     remembered
 * @param match how closely a REGISTER's source must agree with the binding's to be its owner
 * @param matchUserAgent whether a User-Agent other than the binding's also makes another sender
 * @param strictContact whether a REGISTER from another sender that repeats the bound contact
 *     replaces the binding too (the proxy keeps each sender's contacts apart, so the registrar
 *     gets a new contact either way), rather than passing as a refresh
 * @param block true to refuse a hijack attempt with 403, false to relay it and raise an alert
 * @param defaultExpiresSeconds the expiry of a contact that names none, neither by parameter nor
 *     by Expires header (the registrar's usual default)
 */
record RegistrationSettings(boolean enabled, Set<Zone> zones, SourceMatch match, boolean matchUserAgent,
        boolean strictContact, boolean block, long defaultExpiresSeconds) {

    /** The longest default expiry accepted: a day. */
    static final long MAX_DEFAULT_EXPIRES = 86_400;

    RegistrationSettings {
        if (zones == null || zones.isEmpty()) {
            throw new IllegalArgumentException("zones must name at least one zone ('outside' or 'inside')");
        }
        zones = Set.copyOf(zones);
        if (match == null) {
            throw new IllegalArgumentException("match must be 'address' or 'prefix'");
        }
        if (defaultExpiresSeconds < 1 || defaultExpiresSeconds > MAX_DEFAULT_EXPIRES) {
            throw new IllegalArgumentException("default.expires.seconds must be 1 to " + MAX_DEFAULT_EXPIRES
                    + ", got " + defaultExpiresSeconds);
        }
    }

    static RegistrationSettings of(RegistrationGuard.Config c) {
        return new RegistrationSettings(c.enabled(), ConfigLists.zones("zones", c.zones()),
                SourceMatch.fromConfig("match", c.match()), c.match_user_agent(), c.strict_contact(),
                parseAction(c.action()),
                c.default_expires_seconds());
    }

    /**
     * @param action {@code block} or {@code alert}, any case
     * @return true for block
     * @throws IllegalArgumentException naming the key for anything else
     */
    static boolean parseAction(String action) {
        String a = action == null ? "" : action.trim();
        if (a.equalsIgnoreCase("block")) {
            return true;
        }
        if (a.equalsIgnoreCase("alert")) {
            return false;
        }
        throw new IllegalArgumentException("action must be 'block' or 'alert', got '" + action + "'");
    }
}
