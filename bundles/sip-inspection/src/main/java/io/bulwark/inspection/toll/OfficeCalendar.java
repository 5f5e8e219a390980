package io.bulwark.inspection.toll;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * When the office is open: on the office days, within the office hours, in the office's time
 * zone, except on holidays. Any other time is off-hours (night, weekend, holiday), when fraud is
 * most likely because nobody is there to notice it, and gets its own, lower limits.
 *
 * @param zone the office's time zone
 * @param days the office days
 * @param hours the opening ranges within a day
 * @param dates holidays on one date
 * @param yearly holidays on the same day every year
 */
record OfficeCalendar(ZoneId zone, Set<DayOfWeek> days, List<Range> hours, Set<LocalDate> dates,
        Set<MonthDay> yearly) {

    OfficeCalendar {
        days = days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
        hours = List.copyOf(hours);
        dates = Set.copyOf(dates);
        yearly = Set.copyOf(yearly);
    }

    /**
     * Opening hours within a day.
     *
     * @param from the first minute of the day that is open
     * @param to the first minute that is closed again (up to 1440, midnight)
     */
    record Range(int from, int to) {
    }

    /**
     * The period an instant falls in.
     *
     * @param office true within office hours
     * @param label what a reason says about it, e.g. {@code off-hours (Sat 03:00 Europe/Berlin)}
     */
    record Period(boolean office, String label) {
    }

    /**
     * @param timeZone an IANA time zone id ({@code Europe/Berlin}) or {@code UTC}
     * @param officeDays comma-separated days and ranges ({@code MON-FRI}, {@code MON,WED,SAT}), in
     *     English, short or long, any case; empty: no office days
     * @param officeHours comma-separated {@code HH:MM-HH:MM} ranges within a day (end up to
     *     {@code 24:00}); empty: no office hours
     * @param holidays comma-separated dates: {@code YYYY-MM-DD} once, {@code MM-DD} every year
     * @return the calendar
     * @throws IllegalArgumentException naming the configuration key of what is wrong
     */
    static OfficeCalendar parse(String timeZone, String officeDays, String officeHours, String holidays) {
        ZoneId zone;
        try {
            zone = ZoneId.of(timeZone == null ? "" : timeZone.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("time.zone: '" + timeZone + "' is not a time zone id (such as UTC or "
                    + "Europe/Berlin)", e);
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String item : items(officeDays)) {
            int dash = item.indexOf('-');
            DayOfWeek from = day(dash < 0 ? item : item.substring(0, dash), item);
            DayOfWeek to = dash < 0 ? from : day(item.substring(dash + 1), item);
            for (DayOfWeek d = from; ; d = d.plus(1)) {
                days.add(d);
                if (d == to) {
                    break;
                }
            }
        }
        List<Range> hours = new ArrayList<>();
        for (String item : items(officeHours)) {
            int dash = item.indexOf('-');
            int from = dash < 0 ? -1 : minute(item.substring(0, dash));
            int to = dash < 0 ? -1 : minute(item.substring(dash + 1));
            if (from < 0 || to < 0 || from >= to || from >= 24 * 60) {
                throw new IllegalArgumentException("office.hours: '" + item + "' is not a range HH:MM-HH:MM within "
                        + "one day (00:00 to 24:00, start before end)");
            }
            hours.add(new Range(from, to));
        }
        Set<LocalDate> dates = new LinkedHashSet<>();
        Set<MonthDay> yearly = new LinkedHashSet<>();
        for (String item : items(holidays)) {
            try {
                if (item.length() == 5) {
                    yearly.add(MonthDay.parse("--" + item));
                } else {
                    dates.add(LocalDate.parse(item));
                }
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("holidays: '" + item + "' is not a date YYYY-MM-DD or MM-DD", e);
            }
        }
        return new OfficeCalendar(zone, days, hours, dates, yearly);
    }

    /**
     * @param epochMillis an instant
     * @return whether it is office hours or off-hours, and how to say so
     */
    Period at(long epochMillis) {
        ZonedDateTime t = Instant.ofEpochMilli(epochMillis).atZone(zone);
        LocalDate date = t.toLocalDate();
        boolean holiday = dates.contains(date) || yearly.contains(MonthDay.from(date));
        int minute = t.getHour() * 60 + t.getMinute();
        boolean office = !holiday && days.contains(t.getDayOfWeek()) && open(minute);
        return new Period(office, (office ? "office hours (" : "off-hours (") + describe(t) + (holiday ? ", a holiday"
                : "") + ")");
    }

    /** @return e.g. {@code Sat 03:00 Europe/Berlin} */
    String describe(long epochMillis) {
        return describe(Instant.ofEpochMilli(epochMillis).atZone(zone));
    }

    private String describe(ZonedDateTime t) {
        return t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " " + two(t.getHour()) + ":"
                + two(t.getMinute()) + " " + zone.getId();
    }

    private boolean open(int minute) {
        for (int i = 0; i < hours.size(); i++) {
            Range r = hours.get(i);
            if (minute >= r.from() && minute < r.to()) {
                return true;
            }
        }
        return false;
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }

    private static DayOfWeek day(String name, String item) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        if (n.length() >= 3) {
            for (DayOfWeek d : DayOfWeek.values()) {
                if (d.name().startsWith(n)) {
                    return d;
                }
            }
        }
        throw new IllegalArgumentException("office.days: '" + item + "' is not a day or range of days (MON to SUN, "
                + "e.g. MON-FRI)");
    }

    /** @return minutes since midnight of {@code HH:MM} (up to 24:00), or -1 */
    private static int minute(String hhmm) {
        String s = hhmm.trim();
        int colon = s.indexOf(':');
        if (colon < 1 || colon > 2 || s.length() != colon + 3) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (i != colon && (c < '0' || c > '9')) {
                return -1;
            }
        }
        int h = Integer.parseInt(s.substring(0, colon));
        int m = Integer.parseInt(s.substring(colon + 1));
        return m > 59 || h > 24 || h == 24 && m != 0 ? -1 : h * 60 + m;
    }

    private static List<String> items(String list) {
        List<String> out = new ArrayList<>();
        if (list != null) {
            for (String item : list.split(",")) {
                String t = item.trim();
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
        }
        return out;
    }
}
