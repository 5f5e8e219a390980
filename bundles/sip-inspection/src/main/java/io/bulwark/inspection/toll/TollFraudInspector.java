package io.bulwark.inspection.toll;

import io.bulwark.api.event.EventKinds;
import io.bulwark.api.event.Severity;
import io.bulwark.api.inspect.Finding;
import io.bulwark.api.inspect.InspectionState;
import io.bulwark.api.inspect.SipInspector;
import io.bulwark.api.inspect.Verdict;
import io.bulwark.api.sip.CallControl;
import io.bulwark.api.sip.SipMessage;
import io.bulwark.api.transport.MessageContext;
import io.bulwark.inspection.common.LazyService;
import io.bulwark.inspection.common.SipParts;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Polices the calls the PBX places to the trunk against toll fraud: a hijacked extension or PBX
 * dialing premium-rate and high-risk international numbers, often at night or over a weekend,
 * many calls at once and for hours, so that the bill arrives before anyone notices.
 *
 * <p>An outbound call is an INVITE without a To tag from a watched zone (the PBX's side, by
 * default). The calling extension is the P-Asserted-Identity user, else the From user; the dialed
 * number is the Request-URI user, normalised by the {@link Numbering dialing plan}. Emergency
 * numbers always pass, uncounted. The period (office hours or off-hours, in the office's time
 * zone, see {@link OfficeCalendar}) picks the limits. The rules, in this order:
 * <ul>
 *   <li>destination ({@link Rule#DESTINATION}): the number matches a denied prefix (premium-rate
 *       and high-risk ranges by default), or none of the allowed ones when there is an allowed
 *       list;
 *   <li>calls per minute ({@link Rule#RATE}), per extension and for the whole trunk;
 *   <li>concurrent calls ({@link Rule#CONCURRENT}), per extension and for the whole trunk: a call
 *       is active from its relayed INVITE until its BYE, its CANCEL or a final answer of 300 or
 *       more (unanswered, for {@code setup.seconds} at most; answered, until its deadline);
 *   <li>international calls per hour ({@link Rule#INTERNATIONAL}), per extension and for the
 *       whole trunk.
 * </ul>
 * The INVITE of a call in progress again is a retransmission and passes; a new call under the
 * Call-ID of one in progress (another caller tag or destination) would escape the counts and is
 * refused. An INVITE resent after a challenge (a final of 300 or more ended the first attempt) is
 * judged again, but counted once.
 *
 * <p>Each family of rules has its response ({@link Response}): alert, national calls only for a
 * while, reject with 403, or suspend the extension (the trunk, for a trunk rule) for a while.
 * Offences of one extension in the escalating families, repeated within the escalation window,
 * turn the response into a suspension. Every finding is of kind
 * {@link EventKinds#SIP_TOLL_FRAUD}, about the extension, and names the period, the rule and its
 * figures; none bans a source, since the PBX is the source.
 *
 * <p><b>Maximum call duration.</b> An inspector cannot end a call, so it leaves a deadline for the
 * proxy: for each call it relays, table {@value #TABLE_DEADLINE} of the {@link InspectionState}
 * holds, under the INVITE's Call-ID as received from the PBX (the inside leg's Call-ID, before the
 * proxy maps it), the epoch milliseconds by which the call must be over, as a decimal string:
 * the INVITE's time plus the maximum of its period, moved to the answer's time plus the maximum
 * when the first 2xx passes. Table {@value #TABLE_DEADLINE_REASON} holds the reason to give when
 * the call is ended. Both are removed when the call ends (BYE, CANCEL, a final of 300 or more) and
 * expire {@link #DEADLINE_GRACE_MILLIS} after the deadline. The proxy ends a call whose deadline
 * has passed with a BYE to both sides and raises the finding.
 */
@Component(service = SipInspector.class, configurationPid = TollFraudInspector.PID,
        property = {"service.ranking:Integer=300", SipInspector.NAME_PROPERTY + "=toll-fraud"})
@Designate(ocd = TollFraudInspector.Config.class)
public final class TollFraudInspector implements SipInspector {

    /** Configuration PID. */
    public static final String PID = "io.bulwark.inspection.toll";

    /**
     * Table of the inspection state with the deadline of each outbound call in progress: key the
     * Call-ID of the INVITE as the PBX sent it (inside leg), value the epoch milliseconds (decimal)
     * by which the call must be ended.
     */
    public static final String TABLE_DEADLINE = "toll.deadline";

    /**
     * Table with, under the same key as {@link #TABLE_DEADLINE}, the reason to give when the call
     * is ended for its duration, e.g. {@code off-hours (Sat 03:00 Europe/Berlin): call of extension
     * 1001 to +4930123456 longer than the maximum of 3600 s} (the period is the one the call was
     * placed in).
     */
    public static final String TABLE_DEADLINE_REASON = "toll.deadline-reason";

    /** How long after its deadline a call's entry of {@link #TABLE_DEADLINE} is kept: 5 minutes. */
    public static final long DEADLINE_GRACE_MILLIS = 300_000;

    /** The toll-fraud inspector's configuration. */
    @ObjectClassDefinition(name = "Bulwark toll-fraud inspector",
            description = "Polices the calls the PBX places to the trunk: denied and allowed destinations, calls "
                    + "per minute, concurrent calls, international calls per hour and call duration, per extension "
                    + "and for the whole trunk, with office-hours and off-hours limits and a graded response "
                    + "(event sip.toll-fraud).")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "Police outbound calls.")
        boolean enabled() default true;

        @AttributeDefinition(name = "Zones", description = "Comma-separated zones (inside, outside) whose INVITEs "
                + "are outbound calls: the PBX's side.")
        String zones() default "inside";

        @AttributeDefinition(name = "Time zone", description = "The office's time zone, an IANA id such as "
                + "Europe/Berlin, or UTC.")
        String time_zone() default "UTC";

        @AttributeDefinition(name = "Office days", description = "Comma-separated days and ranges of days, in "
                + "English (MON-FRI, or MON,TUE,THU); empty: every day is off-hours.")
        String office_days() default "MON-FRI";

        @AttributeDefinition(name = "Office hours", description = "Comma-separated HH:MM-HH:MM ranges within a "
                + "day (e.g. 08:00-12:00,13:00-18:00; the end may be 24:00); any other time is off-hours.")
        String office_hours() default "08:00-18:00";

        @AttributeDefinition(name = "Holidays", description = "Comma-separated dates that are off-hours all "
                + "day: YYYY-MM-DD once, MM-DD every year.")
        String holidays() default "";

        @AttributeDefinition(name = "Denied destination prefixes", description = "Comma-separated E.164 prefixes "
                + "without '+' (country code first) that may not be dialed: premium-rate and high-risk ranges.")
        String denied_prefixes() default "870,881,882,883,979,1900,449,4470,53,239,246,247,252,290,674,682,683,688,"
                + "690,49900,49137";

        @AttributeDefinition(name = "Allowed destination prefixes", description = "Comma-separated E.164 prefixes "
                + "without '+'; when not empty, only numbers matching one may be dialed (a longer denied prefix "
                + "still wins). Empty: whatever is not denied.")
        String allowed_prefixes() default "";

        @AttributeDefinition(name = "National prefix", description = "The digits that start a national number "
                + "(0 in most of Europe, 1 in North America); may be empty.")
        String national_prefix() default "0";

        @AttributeDefinition(name = "International prefix", description = "The digits that start an "
                + "international number (00 in most of the world, 011 in North America); '+' always does.")
        String international_prefix() default "00";

        @AttributeDefinition(name = "Country code", description = "The own country code: a number with it after "
                + "'+' or the international prefix is national.")
        String country_code() default "49";

        @AttributeDefinition(name = "Emergency numbers", description = "Comma-separated numbers, as dialed, that "
                + "always pass uncounted, whatever the limits, suspensions and prefixes.")
        String emergency_numbers() default "110,112,911,999";

        @AttributeDefinition(name = "Office: calls per minute", description = "Most calls one extension may place "
                + "within 60 s during office hours.", min = "0", max = "100000")
        int office_calls_per_minute() default 10;

        @AttributeDefinition(name = "Office: concurrent calls", description = "Most calls of one extension at once "
                + "during office hours.", min = "0", max = "100000")
        int office_concurrent_calls() default 4;

        @AttributeDefinition(name = "Office: international calls per hour", description = "Most international "
                + "calls one extension may place within 3600 s during office hours.", min = "0", max = "100000")
        int office_international_per_hour() default 20;

        @AttributeDefinition(name = "Office: maximum call duration (s)", description = "How long a call placed "
                + "during office hours may last after its answer; the proxy ends it then.", min = "60",
                max = "86400")
        int office_max_call_seconds() default 14_400;

        @AttributeDefinition(name = "Office: trunk calls per minute", description = "Most calls of all extensions "
                + "together within 60 s during office hours.", min = "0", max = "100000")
        int office_trunk_calls_per_minute() default 60;

        @AttributeDefinition(name = "Office: trunk concurrent calls", description = "Most calls of all extensions "
                + "together at once during office hours.", min = "0", max = "100000")
        int office_trunk_concurrent_calls() default 30;

        @AttributeDefinition(name = "Office: trunk international calls per hour", description = "Most "
                + "international calls of all extensions together within 3600 s during office hours.", min = "0",
                max = "100000")
        int office_trunk_international_per_hour() default 100;

        @AttributeDefinition(name = "Off-hours: calls per minute", description = "Most calls one extension may "
                + "place within 60 s off-hours.", min = "0", max = "100000")
        int off_hours_calls_per_minute() default 2;

        @AttributeDefinition(name = "Off-hours: concurrent calls", description = "Most calls of one extension at "
                + "once off-hours.", min = "0", max = "100000")
        int off_hours_concurrent_calls() default 1;

        @AttributeDefinition(name = "Off-hours: international calls per hour", description = "Most international "
                + "calls one extension may place within 3600 s off-hours (0: none).", min = "0", max = "100000")
        int off_hours_international_per_hour() default 2;

        @AttributeDefinition(name = "Off-hours: maximum call duration (s)", description = "How long a call placed "
                + "off-hours may last after its answer; the proxy ends it then.", min = "60", max = "86400")
        int off_hours_max_call_seconds() default 3600;

        @AttributeDefinition(name = "Off-hours: trunk calls per minute", description = "Most calls of all "
                + "extensions together within 60 s off-hours.", min = "0", max = "100000")
        int off_hours_trunk_calls_per_minute() default 10;

        @AttributeDefinition(name = "Off-hours: trunk concurrent calls", description = "Most calls of all "
                + "extensions together at once off-hours.", min = "0", max = "100000")
        int off_hours_trunk_concurrent_calls() default 4;

        @AttributeDefinition(name = "Off-hours: trunk international calls per hour", description = "Most "
                + "international calls of all extensions together within 3600 s off-hours.", min = "0",
                max = "100000")
        int off_hours_trunk_international_per_hour() default 5;

        @AttributeDefinition(name = "Response: destination", description = "What a denied (or not allowed) "
                + "destination gets.", options = {@Option(label = "Alert", value = "alert"),
                    @Option(label = "National calls only", value = "national-only"),
                    @Option(label = "Reject (403)", value = "reject"), @Option(label = "Suspend", value = "suspend")})
        String response_destination() default "reject";

        @AttributeDefinition(name = "Response: calls per minute", description = "What a call beyond the calls per "
                + "minute gets.", options = {@Option(label = "Alert", value = "alert"),
                    @Option(label = "National calls only", value = "national-only"),
                    @Option(label = "Reject (403)", value = "reject"), @Option(label = "Suspend", value = "suspend")})
        String response_rate() default "reject";

        @AttributeDefinition(name = "Response: concurrent calls", description = "What a call beyond the concurrent "
                + "calls gets.", options = {@Option(label = "Alert", value = "alert"),
                    @Option(label = "National calls only", value = "national-only"),
                    @Option(label = "Reject (403)", value = "reject"), @Option(label = "Suspend", value = "suspend")})
        String response_concurrent() default "reject";

        @AttributeDefinition(name = "Response: international calls per hour", description = "What an "
                + "international call beyond the international calls per hour gets.",
                options = {@Option(label = "Alert", value = "alert"),
                    @Option(label = "National calls only", value = "national-only"),
                    @Option(label = "Reject (403)", value = "reject"), @Option(label = "Suspend", value = "suspend")})
        String response_international() default "national-only";

        @AttributeDefinition(name = "Escalating rules", description = "Comma-separated rule families (destination, "
                + "rate, concurrent, international) whose repeated offences by one extension escalate to a "
                + "suspension; empty: never.")
        String escalate_rules() default "rate,concurrent";

        @AttributeDefinition(name = "Escalation: offences", description = "From this many offences of one "
                + "extension within the escalation window on, the response is a suspension.", min = "2",
                max = "100")
        int escalate_offences() default 2;

        @AttributeDefinition(name = "Escalation window (min)", description = "The window of the offences.",
                min = "1", max = "1440")
        int escalate_minutes() default 10;

        @AttributeDefinition(name = "National-only restriction (min)", description = "How long an extension (or "
                + "the trunk) may place national calls only.", min = "1", max = "10080")
        int restrict_minutes() default 60;

        @AttributeDefinition(name = "Suspension (min)", description = "How long every call of a suspended "
                + "extension (or trunk) is refused.", min = "1", max = "10080")
        int suspend_minutes() default 60;

        @AttributeDefinition(name = "Set-up time (s)", description = "How long an unanswered call counts as "
                + "active, in case its final answer never passes this inspector.", min = "32", max = "3600")
        int setup_seconds() default 300;
    }

    /** Per inside Call-ID: the {@link CallRecord} of a call in progress. */
    private static final String CALLS = "toll.calls";
    /** Per caller's tag: the inside Call-ID, to find the call of a BYE from the outside leg. */
    private static final String TAGS = "toll.tags";
    /** Per inside Call-ID: an INVITE already counted (a retransmission or a repeat after a challenge). */
    private static final String SEEN = "toll.seen";
    /** Per scope: the sets of active calls (see {@link ActiveCalls}). */
    private static final String ACTIVE = "toll.active";
    /** Counters: {@code rate|scope}, {@code intl|scope}, {@code offences|scope}. */
    private static final String COUNTS = "toll.counts";
    /** Restrictions and suspensions: {@code national|scope}, {@code suspend|scope}, value {@code until|cause}. */
    private static final String SANCTIONS = "toll.sanctions";
    /** The scope of the trunk rules: all extensions together. */
    private static final String TRUNK = "trunk";
    private static final long RATE_WINDOW = 60_000;
    private static final long INTERNATIONAL_WINDOW = 3_600_000;
    private static final int MAX_EXTENSION = 64;
    private static final int MAX_CAUSE = 200;

    private final InspectionState state;
    private final ActiveCalls active;
    private final Clock clock;
    private volatile TollSettings settings;

    /** DS entry point. */
    private final Supplier<CallControl> calls;
    private volatile AutoCloseable lookup = () -> { };

    @Activate
    public TollFraudInspector(Config config, @Reference InspectionState state, BundleContext context) {
        this(TollSettings.of(config), state, Clock.systemUTC(), new LazyService<>(context, CallControl.class));
    }

    private TollFraudInspector(TollSettings settings, InspectionState state, Clock clock,
            LazyService<CallControl> calls) {
        this(settings, state, clock, (Supplier<CallControl>) calls);
        this.lookup = calls;
    }

    TollFraudInspector(TollSettings settings, InspectionState state, Clock clock) {
        this(settings, state, clock, () -> null);
    }

    /**
     * @param calls the proxy's call control, asked to end each call at its deadline (fetched at
     *     first use, see {@link LazyService}), or a supplier of null in tests without a proxy
     */
    TollFraudInspector(TollSettings settings, InspectionState state, Clock clock, Supplier<CallControl> calls) {
        this.calls = calls;
        this.settings = settings;
        this.state = state;
        this.active = new ActiveCalls(state, ACTIVE, CALLS);
        this.clock = clock;
    }

    @Modified
    void modified(Config config) {
        this.settings = TollSettings.of(config);
    }

    @Deactivate
    void deactivate() throws Exception {
        lookup.close();
    }

    /** Asks the proxy to end the call at its deadline; without a proxy the state entry is all there is. */
    private void endAt(String callId, long deadline, String reason) {
        CallControl c = calls.get();
        if (c != null) {
            c.endAt(callId, Instant.ofEpochMilli(deadline), reason, EventKinds.SIP_TOLL_FRAUD);
        }
    }

    @Override
    public Verdict onRequest(SipMessage m, MessageContext from) {
        TollSettings s = settings;
        String method = m.method();
        if (!s.enabled() || method == null) {
            return Verdict.PASS;
        }
        boolean watched = from.zone() != null && s.zones().contains(from.zone());
        if ("BYE".equals(method) && m.toTag() != null || "CANCEL".equals(method) && watched) {
            ended(m, clock.millis());
            return Verdict.PASS;
        }
        String callId = m.callId();
        if (!watched || !"INVITE".equals(method) || m.toTag() != null || callId == null || callId.isEmpty()) {
            return Verdict.PASS;
        }
        long now = clock.millis();
        Dialed dialed = s.numbering().classify(m.requestUri());
        if (dialed != null && s.emergencyNumbers().contains(dialed.digits())) {
            return Verdict.PASS;
        }
        String extension = extension(m);
        CallRecord call = CallRecord.decode(state.get(CALLS, callId, now));
        if (call != null) {
            if (call.tag().equals(tag(m)) && call.destination().equals(destination(dialed))) {
                return Verdict.PASS; // the INVITE of a call in progress again: a retransmission
            }
            // a new call under the Call-ID of one in progress would escape the counts: none does that
            return Verdict.reject(403, new Finding(EventKinds.SIP_TOLL_FRAUD, Severity.MEDIUM, extension, "an INVITE "
                    + "to " + (dialed == null ? "a SIP address" : dialed.shown()) + " reuses the Call-ID of a call in "
                    + "progress of extension " + call.extension() + " with another caller tag or destination"));
        }
        return place(new Attempt(s, m, callId, extension, dialed, now, state.get(SEEN, callId, now) == null));
    }

    @Override
    public Verdict onResponse(SipMessage response, SipMessage request, MessageContext requestFrom) {
        TollSettings s = settings;
        int status = response.statusCode();
        String callId = request.callId();
        if (!s.enabled() || status < 200 || !"INVITE".equals(request.method()) || request.toTag() != null
                || callId == null) {
            return Verdict.PASS;
        }
        long now = clock.millis();
        CallRecord call = CallRecord.decode(state.get(CALLS, callId, now));
        if (call == null) {
            return Verdict.PASS;
        }
        if (status >= 300) {
            end(callId, call, now);
        } else if (call.answered() == 0) {
            answered(callId, call, now, s);
        }
        return Verdict.PASS;
    }

    /** One outbound INVITE being judged, and what has been found so far. */
    private static final class Attempt {
        final TollSettings s;
        final SipMessage m;
        final String callId;
        final String extension;
        final String scope;
        final Dialed dialed;
        final boolean international;
        final long now;
        final OfficeCalendar.Period period;
        final PeriodLimits limits;
        /** False for a retransmission, or a repeat after a challenge: counted already. */
        final boolean first;
        /** Whether this call counted as an offence of the extension already. */
        boolean offence;
        /** The first alert raised, for a call that goes on. */
        Verdict alert;

        Attempt(TollSettings s, SipMessage m, String callId, String extension, Dialed dialed, long now, boolean first) {
            this.s = s;
            this.m = m;
            this.callId = callId;
            this.extension = extension;
            this.scope = "ext:" + extension;
            this.dialed = dialed;
            this.international = dialed != null && dialed.international();
            this.now = now;
            this.period = s.calendar().at(now);
            this.limits = s.limits(period.office());
            this.first = first;
        }
    }

    private Verdict place(Attempt a) {
        TollSettings s = a.s;
        long now = a.now;
        if (a.first) {
            state.put(SEEN, a.callId, "1", now + INTERNATIONAL_WINDOW);
        }
        Verdict v = sanctioned(a, "suspend", "suspended");
        if (v != null) {
            return v;
        }
        long rate = count(a, "rate|" + a.scope, RATE_WINDOW);
        long trunkRate = count(a, "rate|" + TRUNK, RATE_WINDOW);
        long international = a.international ? count(a, "intl|" + a.scope, INTERNATIONAL_WINDOW) : 0;
        long trunkInternational = a.international ? count(a, "intl|" + TRUNK, INTERNATIONAL_WINDOW) : 0;
        if (a.international) {
            v = sanctioned(a, "national", "restricted to national calls");
            if (v != null) {
                return v;
            }
        }
        String label = a.period.label();
        PeriodLimits l = a.limits;
        if (a.dialed != null) {
            String refusal = s.prefixes().refusal(a.dialed.e164());
            if (refusal != null && (v = fire(a, Rule.DESTINATION, false, label + ": destination " + a.dialed.shown()
                    + " " + refusal)) != null) {
                return v;
            }
        }
        if (rate > l.callsPerMinute() && (v = fire(a, Rule.RATE, false, label + ": " + rate
                + " calls within 60 s from extension " + a.extension + " (limit " + l.callsPerMinute() + ")")) != null) {
            return v;
        }
        if (trunkRate > l.trunkCallsPerMinute() && (v = fire(a, Rule.RATE, true, label + ": " + trunkRate
                + " calls within 60 s through the trunk (limit " + l.trunkCallsPerMinute() + ")")) != null) {
            return v;
        }
        long window = s.activeWindowMillis();
        int calls = active.count(a.scope, now, window, s.setupMillis()) + 1;
        if (calls > l.concurrentCalls() && (v = fire(a, Rule.CONCURRENT, false, label + ": " + calls
                + " concurrent calls of extension " + a.extension + " (limit " + l.concurrentCalls() + ")")) != null) {
            return v;
        }
        int trunkCalls = active.count(TRUNK, now, window, s.setupMillis()) + 1;
        if (trunkCalls > l.trunkConcurrentCalls() && (v = fire(a, Rule.CONCURRENT, true, label + ": " + trunkCalls
                + " concurrent calls through the trunk (limit " + l.trunkConcurrentCalls() + ")")) != null) {
            return v;
        }
        if (international > l.internationalPerHour() && (v = fire(a, Rule.INTERNATIONAL, false, label + ": "
                + international + " international calls within 3600 s from extension " + a.extension + " (limit "
                + l.internationalPerHour() + ")")) != null) {
            return v;
        }
        if (trunkInternational > l.trunkInternationalPerHour() && (v = fire(a, Rule.INTERNATIONAL, true, label + ": "
                + trunkInternational + " international calls within 3600 s through the trunk (limit "
                + l.trunkInternationalPerHour() + ")")) != null) {
            return v;
        }
        relayed(a);
        return a.alert == null ? Verdict.PASS : a.alert;
    }

    /** @return this call counted once in a sliding window: the count, this call included */
    private long count(Attempt a, String key, long window) {
        return a.first ? state.hit(COUNTS, key, a.now, window) : state.count(COUNTS, key, a.now, window);
    }

    /**
     * @param kind {@code suspend} or {@code national}
     * @return the refusal of a call of a suspended (or restricted) extension or trunk, or null
     */
    private Verdict sanctioned(Attempt a, String kind, String what) {
        String who = "extension " + a.extension;
        String value = state.get(SANCTIONS, kind + "|" + a.scope, a.now);
        if (value == null) {
            who = "the trunk";
            value = state.get(SANCTIONS, kind + "|" + TRUNK, a.now);
        }
        if (value == null) {
            return null;
        }
        int bar = value.indexOf('|');
        long until;
        try {
            until = Long.parseLong(bar < 0 ? value : value.substring(0, bar));
        } catch (NumberFormatException e) {
            until = a.now;
        }
        String call = a.dialed == null ? "call" : (a.international ? "international call to " : "call to ")
                + a.dialed.shown();
        return Verdict.reject(403, finding(a, Severity.LOW, call + " refused: " + who + " " + what + " until "
                + a.s.calendar().describe(until) + " (" + (bar < 0 ? "" : value.substring(bar + 1)) + ")"));
    }

    /**
     * A rule fired: answers as its family's response says, escalated to a suspension when the
     * extension offends once too often.
     *
     * @return the refusal, or null when the call goes on (an alert is kept in the attempt)
     */
    private Verdict fire(Attempt a, Rule rule, boolean trunk, String reason) {
        TollSettings s = a.s;
        Response response = s.responses().get(rule);
        String why = reason;
        if (!trunk && response != Response.SUSPEND && s.escalateRules().contains(rule)) {
            String key = "offences|" + a.scope;
            long offences = a.first && !a.offence ? state.hit(COUNTS, key, a.now, s.escalateMillis())
                    : state.count(COUNTS, key, a.now, s.escalateMillis());
            a.offence = true;
            if (offences >= s.escalateOffences()) {
                response = Response.SUSPEND;
                why += "; offence " + offences + " of the extension within " + s.escalateMillis() / 60_000
                        + " min (escalation at " + s.escalateOffences() + ")";
            }
        }
        String who = trunk ? "the trunk" : "extension " + a.extension;
        String scope = trunk ? TRUNK : a.scope;
        switch (response) {
            case ALERT:
                keepAlert(a, finding(a, Severity.MEDIUM, why));
                return null;
            case NATIONAL_ONLY:
                sanction(a, "national|" + scope, s.restrictMillis(), reason);
                why += "; " + who + " restricted to national calls for " + s.restrictMillis() / 60_000 + " min";
                if (a.international) {
                    return Verdict.reject(403, finding(a, Severity.HIGH, why));
                }
                keepAlert(a, finding(a, Severity.MEDIUM, why));
                return null;
            case SUSPEND:
                sanction(a, "suspend|" + scope, s.suspendMillis(), reason);
                return Verdict.reject(403, finding(a, Severity.HIGH, why + "; " + who + " suspended for "
                        + s.suspendMillis() / 60_000 + " min"));
            default:
                return Verdict.reject(403, finding(a, rule == Rule.DESTINATION ? Severity.HIGH : Severity.MEDIUM, why));
        }
    }

    private static void keepAlert(Attempt a, Finding f) {
        if (a.alert == null) {
            a.alert = Verdict.alert(f);
        }
    }

    private void sanction(Attempt a, String key, long millis, String cause) {
        long until = a.now + millis;
        state.put(SANCTIONS, key, until + "|" + SipParts.cut(cause, MAX_CAUSE), until);
    }

    /** The call is relayed: remember it, its deadline, and count it as active. */
    private void relayed(Attempt a) {
        long max = a.limits.maxCallMillis();
        String tag = tag(a.m);
        CallRecord call = new CallRecord(a.now, max, 0, tag, destination(a.dialed), a.extension);
        long deadline = call.deadline();
        long expiry = deadline + a.s.setupMillis() + DEADLINE_GRACE_MILLIS;
        state.put(CALLS, a.callId, call.encode(), expiry);
        state.put(TABLE_DEADLINE, a.callId, Long.toString(deadline), deadline + DEADLINE_GRACE_MILLIS);
        state.put(TABLE_DEADLINE_REASON, a.callId, a.period.label() + ": call of extension " + a.extension
                + (a.dialed == null ? "" : " to " + a.dialed.shown()) + " longer than the maximum of " + max / 1000
                + " s", deadline + DEADLINE_GRACE_MILLIS);
        endAt(a.callId, deadline, state.get(TABLE_DEADLINE_REASON, a.callId, deadline));
        if (!tag.isEmpty()) {
            state.put(TAGS, tag, a.callId, expiry);
        }
        long window = a.s.activeWindowMillis();
        active.add(a.scope, a.callId, a.now, window);
        active.add(TRUNK, a.callId, a.now, window);
    }

    /** The first 2xx: the call's maximum runs from now. */
    private void answered(String callId, CallRecord call, long now, TollSettings s) {
        CallRecord answered = call.answeredAt(now);
        long deadline = answered.deadline();
        long expiry = deadline + s.setupMillis() + DEADLINE_GRACE_MILLIS;
        state.put(CALLS, callId, answered.encode(), expiry);
        state.put(TABLE_DEADLINE, callId, Long.toString(deadline), deadline + DEADLINE_GRACE_MILLIS);
        String reason = state.get(TABLE_DEADLINE_REASON, callId, now);
        state.put(TABLE_DEADLINE_REASON, callId, reason != null ? reason : "call of extension " + call.extension()
                + " longer than the maximum of " + call.maxMillis() / 1000 + " s", deadline + DEADLINE_GRACE_MILLIS);
        endAt(callId, deadline, state.get(TABLE_DEADLINE_REASON, callId, deadline));
        if (!call.tag().isEmpty()) {
            state.put(TAGS, call.tag(), callId, expiry);
        }
        long window = s.activeWindowMillis();
        active.add("ext:" + call.extension(), callId, now, window);
        active.add(TRUNK, callId, now, window);
    }

    /**
     * A BYE (from either side) or a CANCEL (from the caller's side) ends a call. The PBX's
     * requests carry the call's own Call-ID; the trunk's carry the one the proxy gave the outside
     * leg, so their call is found by the caller's tag, which both legs share.
     */
    private void ended(SipMessage m, long now) {
        String callId = m.callId();
        CallRecord call = callId == null ? null : CallRecord.decode(state.get(CALLS, callId, now));
        if (call == null) {
            for (String tag : new String[] {m.toTag(), m.fromTag()}) {
                String id = tag == null ? null : state.get(TAGS, tag, now);
                CallRecord c = id == null ? null : CallRecord.decode(state.get(CALLS, id, now));
                if (c != null && tag.equals(c.tag())) {
                    callId = id;
                    call = c;
                    break;
                }
            }
        }
        if (call != null) {
            end(callId, call, now);
        }
    }

    private void end(String callId, CallRecord call, long now) {
        state.forget(CALLS, callId);
        state.forget(TABLE_DEADLINE, callId);
        state.forget(TABLE_DEADLINE_REASON, callId);
        if (!call.tag().isEmpty() && callId.equals(state.get(TAGS, call.tag(), now))) {
            state.forget(TAGS, call.tag());
        }
    }

    /** @return the caller's tag, or "" */
    private static String tag(SipMessage m) {
        String tag = m.fromTag();
        return tag == null ? "" : tag;
    }

    /** @return the E.164 number dialed, or "" for none */
    private static String destination(Dialed dialed) {
        return dialed == null ? "" : dialed.e164();
    }

    /** @return the calling extension: the P-Asserted-Identity user, else the From user, else "unknown" */
    static String extension(SipMessage m) {
        String user = Numbering.user(m.header("P-Asserted-Identity"));
        if (user == null) {
            user = Numbering.user(m.header("From"));
        }
        return user == null ? "unknown" : user.length() <= MAX_EXTENSION ? user : user.substring(0, MAX_EXTENSION);
    }

    private static Finding finding(Attempt a, Severity severity, String reason) {
        return new Finding(EventKinds.SIP_TOLL_FRAUD, severity, a.extension, reason);
    }
}
