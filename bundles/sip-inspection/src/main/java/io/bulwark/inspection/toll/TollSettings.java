package io.bulwark.inspection.toll;

import io.bulwark.api.transport.Zone;
import io.bulwark.inspection.common.ConfigLists;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The toll-fraud policy, checked.
 *
 * @param enabled whether it inspects at all
 * @param zones the zones whose INVITEs are outbound calls to police (the PBX's side)
 * @param calendar when the office is open
 * @param numbering the dialing plan, to tell international numbers from national ones
 * @param prefixes the denied and allowed destinations
 * @param emergencyNumbers numbers that are always let through, uncounted (exact match of the
 *     dialed digits)
 * @param office the limits during office hours
 * @param offHours the limits at any other time
 * @param responses what each family of rules does when it fires
 * @param escalateRules the families whose repeated firing for one extension escalates to a
 *     suspension
 * @param escalateOffences the offences of one extension within {@code escalateMillis} from which
 *     on the response is a suspension
 * @param escalateMillis the window of the offences
 * @param restrictMillis how long a national-only restriction lasts
 * @param suspendMillis how long a suspension lasts
 * @param setupMillis how long an unanswered call counts as active
 */
record TollSettings(boolean enabled, Set<Zone> zones, OfficeCalendar calendar, Numbering numbering,
        PrefixRules prefixes, Set<String> emergencyNumbers, PeriodLimits office, PeriodLimits offHours,
        Map<Rule, Response> responses, Set<Rule> escalateRules, int escalateOffences, long escalateMillis,
        long restrictMillis, long suspendMillis, long setupMillis) {

    /** Bounds of the time settings, in minutes and seconds. */
    static final int MAX_MINUTES = 10_080;
    static final int MAX_ESCALATE_MINUTES = 1440;
    static final int MIN_SETUP_SECONDS = 32;
    static final int MAX_SETUP_SECONDS = 3600;
    static final int MAX_OFFENCES = 100;

    TollSettings {
        if (zones == null || zones.isEmpty()) {
            throw new IllegalArgumentException("zones must name at least one zone ('inside' or 'outside')");
        }
        zones = Set.copyOf(zones);
        emergencyNumbers = Set.copyOf(emergencyNumbers);
        EnumMap<Rule, Response> r = new EnumMap<>(Rule.class);
        r.putAll(responses);
        for (Rule rule : Rule.values()) {
            if (r.get(rule) == null) {
                throw new IllegalArgumentException("response." + rule.configName() + " is missing");
            }
        }
        responses = Map.copyOf(r);
        escalateRules = Set.copyOf(escalateRules);
        if (escalateOffences < 2 || escalateOffences > MAX_OFFENCES) {
            throw new IllegalArgumentException("escalate.offences must be 2 to " + MAX_OFFENCES + ", got "
                    + escalateOffences);
        }
        minutes("escalate.minutes", escalateMillis, MAX_ESCALATE_MINUTES);
        minutes("restrict.minutes", restrictMillis, MAX_MINUTES);
        minutes("suspend.minutes", suspendMillis, MAX_MINUTES);
        if (setupMillis < MIN_SETUP_SECONDS * 1000L || setupMillis > MAX_SETUP_SECONDS * 1000L) {
            throw new IllegalArgumentException("setup.seconds must be " + MIN_SETUP_SECONDS + " to " + MAX_SETUP_SECONDS
                    + ", got " + setupMillis / 1000.0);
        }
    }

    private static void minutes(String key, long millis, int max) {
        if (millis < 60_000 || millis > max * 60_000L) {
            throw new IllegalArgumentException(key + " must be 1 to " + max + ", got " + millis / 60_000.0);
        }
    }

    static TollSettings of(TollFraudInspector.Config c) {
        Numbering numbering = new Numbering(trim(c.national_prefix()), trim(c.international_prefix()),
                trim(c.country_code()));
        PrefixRules prefixes = new PrefixRules(PrefixRules.parse("denied.prefixes", c.denied_prefixes()),
                PrefixRules.parse("allowed.prefixes", c.allowed_prefixes()));
        Map<Rule, Response> responses = new EnumMap<>(Rule.class);
        responses.put(Rule.DESTINATION, Response.fromConfig("response.destination", c.response_destination()));
        responses.put(Rule.RATE, Response.fromConfig("response.rate", c.response_rate()));
        responses.put(Rule.CONCURRENT, Response.fromConfig("response.concurrent", c.response_concurrent()));
        responses.put(Rule.INTERNATIONAL, Response.fromConfig("response.international", c.response_international()));
        return new TollSettings(c.enabled(), ConfigLists.zones("zones", c.zones()),
                OfficeCalendar.parse(c.time_zone(), c.office_days(), c.office_hours(), c.holidays()), numbering,
                prefixes, emergency(c.emergency_numbers()),
                new PeriodLimits("office", c.office_calls_per_minute(), c.office_concurrent_calls(),
                        c.office_international_per_hour(), c.office_max_call_seconds(),
                        c.office_trunk_calls_per_minute(), c.office_trunk_concurrent_calls(),
                        c.office_trunk_international_per_hour()),
                new PeriodLimits("off.hours", c.off_hours_calls_per_minute(), c.off_hours_concurrent_calls(),
                        c.off_hours_international_per_hour(), c.off_hours_max_call_seconds(),
                        c.off_hours_trunk_calls_per_minute(), c.off_hours_trunk_concurrent_calls(),
                        c.off_hours_trunk_international_per_hour()),
                responses, Rule.parseList("escalate.rules", c.escalate_rules()), c.escalate_offences(),
                c.escalate_minutes() * 60_000L, c.restrict_minutes() * 60_000L, c.suspend_minutes() * 60_000L,
                c.setup_seconds() * 1000L);
    }

    /** @return the limits of a period */
    PeriodLimits limits(boolean officeHours) {
        return officeHours ? office : offHours;
    }

    /** @return how long a call stays in the sets of active calls: the longest call, set-up included */
    long activeWindowMillis() {
        return Math.max(office.maxCallMillis(), offHours.maxCallMillis()) + setupMillis + 60_000;
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }

    /** @return the dialed strings, separators removed; each 1 to 15 digits */
    private static Set<String> emergency(String list) {
        Set<String> out = new LinkedHashSet<>();
        if (list != null) {
            for (String item : list.split(",")) {
                String t = item.trim();
                if (t.isEmpty()) {
                    continue;
                }
                if (t.length() > 15 || !t.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                    throw new IllegalArgumentException("emergency.numbers: '" + t + "' is not a number (1 to 15 "
                            + "digits, as dialed)");
                }
                out.add(t);
            }
        }
        return out;
    }
}
