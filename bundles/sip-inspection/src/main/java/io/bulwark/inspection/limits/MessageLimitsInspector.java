package io.bulwark.inspection.limits;

import io.bulwark.api.event.EventKinds;
import io.bulwark.api.event.Severity;
import io.bulwark.api.inspect.Finding;
import io.bulwark.api.inspect.InspectionState;
import io.bulwark.api.inspect.SipInspector;
import io.bulwark.api.inspect.Verdict;
import io.bulwark.api.sip.SipMessage;
import io.bulwark.api.transport.MessageContext;
import io.bulwark.api.transport.Zone;
import io.bulwark.inspection.common.SipParts;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Refuses messages the codec accepts but no real phone, trunk or PBX sends: more Via, Route or
 * Record-Route entries than a call ever crosses, a header value or a header count far beyond
 * what user agents use, a Content-Length that does not match the body. Such messages come from
 * fuzzers and from attacks on the parsers of the PBX behind the appliance (buffer overflows,
 * quadratic parsing, loops through forged Via or Route sets), so they are answered here rather
 * than relayed.
 *
 * <p>A nonconformant request is rejected ({@link EventKinds#SIP_NONCONFORMANT}: 400, or 513 for
 * an oversized value or too many headers). A source that keeps sending them is banned
 * ({@link EventKinds#SIP_MALFORMED}) and its further requests are dropped until the window has
 * passed. A retransmission of a refused request is refused again but not counted again. A
 * nonconformant response from the outside zone is dropped: it cannot be answered, and relaying
 * it would hand it to the PBX. The limits the codec enforces itself (message and line size,
 * header field count, well-formed Via, Route, Max-Forwards and Content-Length) are not repeated.
 */
@Component(service = SipInspector.class, configurationPid = MessageLimitsInspector.PID,
        property = {"service.ranking:Integer=1000", SipInspector.NAME_PROPERTY + "=message-limits"})
@Designate(ocd = MessageLimitsInspector.Config.class)
public final class MessageLimitsInspector implements SipInspector {

    /** Configuration PID. */
    public static final String PID = "io.bulwark.inspection.limits";

    /** The message limits inspector's configuration. */
    @ObjectClassDefinition(name = "Bulwark message limits inspector",
            description = "Rejects SIP messages within the codec's limits that break the appliance's own "
                    + "(event sip.nonconformant), and bans sources that keep sending them (event sip.malformed).")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "Check messages against the limits.")
        boolean enabled() default true;

        @AttributeDefinition(name = "Most Via entries", description = "A message with more Via entries "
                + "(each entry of a comma-separated list counts) is refused with 400. The default is the usual "
                + "initial Max-Forwards: no request that really crossed the network can carry more.", min = "1",
                max = "1000")
        int via_max() default 70;

        @AttributeDefinition(name = "Most Route entries", description = "A request with more Route entries is "
                + "refused with 400.", min = "1", max = "1000")
        int route_max() default 10;

        @AttributeDefinition(name = "Most Record-Route entries", description = "A message with more Record-Route "
                + "entries is refused with 400.", min = "1", max = "1000")
        int record_route_max() default 10;

        @AttributeDefinition(name = "Longest header value", description = "A header value longer than this many "
                + "characters (each entry of a list header on its own) is refused with 513. STIR/SHAKEN Identity "
                + "headers run to several hundred characters.", min = "128", max = "65535")
        int value_length_max() default 1024;

        @AttributeDefinition(name = "Most header values", description = "A message with more header values in "
                + "all (each entry of a list header such as Allow, Supported or Via counts one) is refused "
                + "with 513.", min = "16", max = "100000")
        int header_values_max() default 100;

        @AttributeDefinition(name = "Check Content-Length", description = "Refuse a message whose Content-Length "
                + "differs from the length of its body with 400 (an absent Content-Length over UDP is allowed).")
        boolean content_length_check() default true;

        @AttributeDefinition(name = "Inspect responses", description = "Check responses coming back from the "
                + "outside zone too, and drop those that break a limit (a response cannot be answered).")
        boolean inspect_responses() default true;

        @AttributeDefinition(name = "Ban after", description = "This many nonconformant requests from one source "
                + "within the window ban it (event sip.malformed); 0 never bans.", min = "0", max = "100000")
        int ban_violations() default 5;

        @AttributeDefinition(name = "Window (s)", description = "The window of the ban threshold, and how long "
                + "further requests of a banned source are dropped here until the ban reaches the kernel.",
                min = "1", max = "86400")
        int window_seconds() default 60;
    }

    private static final String VIOLATIONS = "limits.violations";
    private static final String BANNED = "limits.banned";
    private static final int MAX_KEY_PART = 100;
    private static final int MAX_TARGET = 100;

    private final InspectionState state;
    private final Clock clock;
    private volatile LimitsSettings settings;

    /** DS entry point. */
    @Activate
    public MessageLimitsInspector(Config config, @Reference InspectionState state) {
        this(LimitsSettings.of(config), state, Clock.systemUTC());
    }

    MessageLimitsInspector(LimitsSettings settings, InspectionState state, Clock clock) {
        this.settings = settings;
        this.state = state;
        this.clock = clock;
    }

    @Modified
    void modified(Config config) {
        this.settings = LimitsSettings.of(config);
    }

    @Override
    public Verdict onRequest(SipMessage m, MessageContext from) {
        LimitsSettings s = settings;
        if (!s.enabled()) {
            return Verdict.PASS;
        }
        long now = clock.millis();
        String source = SipParts.source(from);
        String banned = state.get(BANNED, source, now);
        if (banned != null) {
            return Verdict.ban(new Finding(EventKinds.SIP_MALFORMED, Severity.MEDIUM, target(m),
                    "source banned for repeated nonconformant requests: " + banned));
        }
        Violation v = check(m, s);
        if (v == null) {
            return Verdict.PASS;
        }
        if (s.banViolations() > 0) {
            int count = state.distinct(VIOLATIONS, source, transaction(m), now, s.windowMillis());
            if (count >= s.banViolations()) {
                String reason = count + " nonconformant requests within " + s.windowMillis() / 1000 + " s (limit "
                        + s.banViolations() + "); last: " + v.reason();
                state.put(BANNED, source, SipParts.cut(reason, 160), now + s.windowMillis());
                state.forget(VIOLATIONS, source);
                return Verdict.ban(new Finding(EventKinds.SIP_MALFORMED, Severity.MEDIUM, target(m), reason));
            }
        }
        return Verdict.reject(v.status(), new Finding(EventKinds.SIP_NONCONFORMANT, Severity.LOW, target(m),
                v.reason()));
    }

    @Override
    public Verdict onResponse(SipMessage response, SipMessage request, MessageContext requestFrom) {
        LimitsSettings s = settings;
        // a response to a request from the inside zone came from the outside zone
        if (!s.enabled() || !s.inspectResponses() || requestFrom.zone() != Zone.INSIDE) {
            return Verdict.PASS;
        }
        Violation v = check(response, s);
        if (v == null) {
            return Verdict.PASS;
        }
        return Verdict.drop(new Finding(EventKinds.SIP_NONCONFORMANT, Severity.LOW, target(request),
                "response " + response.statusCode() + " to " + SipParts.cut(request.method(), 32) + ": "
                        + v.reason()));
    }

    /** A broken limit: the status a request is refused with and what was found. */
    private record Violation(int status, String reason) {
    }

    /** @return the first limit the message breaks, or null */
    private static Violation check(SipMessage m, LimitsSettings s) {
        int total = 0;
        int via = 0;
        int route = 0;
        int recordRoute = 0;
        int longest = 0;
        String longestName = null;
        List<String> names = m.headerNames();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            List<String> values = m.headers(name);
            int n = values.size();
            total += n;
            if ("Via".equalsIgnoreCase(name) || "v".equalsIgnoreCase(name)) {
                via += n;
            } else if ("Route".equalsIgnoreCase(name)) {
                route += n;
            } else if ("Record-Route".equalsIgnoreCase(name)) {
                recordRoute += n;
            }
            for (int j = 0; j < n; j++) {
                String value = values.get(j);
                if (value != null && value.length() > longest) {
                    longest = value.length();
                    longestName = name;
                }
            }
        }
        if (total > s.headerValuesMax()) {
            return new Violation(513, "too many header values: " + total + " (limit " + s.headerValuesMax() + ")");
        }
        if (longest > s.valueLengthMax()) {
            return new Violation(513, "header value too long: " + SipParts.cut(longestName, 40) + " of " + longest
                    + " characters (limit " + s.valueLengthMax() + ")");
        }
        if (via > s.viaMax()) {
            return new Violation(400, "too many Via entries: " + via + " (limit " + s.viaMax() + ")");
        }
        if (route > s.routeMax()) {
            return new Violation(400, "too many Route entries: " + route + " (limit " + s.routeMax() + ")");
        }
        if (recordRoute > s.recordRouteMax()) {
            return new Violation(400, "too many Record-Route entries: " + recordRoute + " (limit "
                    + s.recordRouteMax() + ")");
        }
        if (s.contentLengthCheck()) {
            long declared = contentLength(m.header("Content-Length"));
            byte[] body = m.body();
            int actual = body == null ? 0 : body.length;
            if (declared >= 0 && declared != actual) {
                return new Violation(400, "Content-Length " + declared + " does not match the body of " + actual
                        + " bytes");
            }
        }
        return null;
    }

    /** @return the Content-Length value, or -1 when absent or not a number (the codec refuses those) */
    static long contentLength(String value) {
        if (value == null) {
            return -1;
        }
        String v = value.trim();
        if (v.isEmpty() || v.length() > 9) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /**
     * @return what tells one transaction from another and a retransmission from a new request:
     *     Call-ID, CSeq number and the branch of the top Via (a CANCEL or the ACK of a refused
     *     INVITE shares them with the INVITE, so they are not counted again either)
     */
    static String transaction(SipMessage m) {
        return SipParts.cut(m.callId(), MAX_KEY_PART) + ' ' + m.cseq() + ' '
                + SipParts.cut(branch(m.header("Via")), MAX_KEY_PART);
    }

    /** @return the branch parameter of a Via value, or "" */
    static String branch(String via) {
        if (via == null) {
            return "";
        }
        String lower = via.toLowerCase(Locale.ROOT);
        int i = lower.indexOf("branch");
        while (i >= 0) {
            int j = i + "branch".length();
            while (j < via.length() && Character.isWhitespace(via.charAt(j))) {
                j++;
            }
            if (j < via.length() && via.charAt(j) == '=') {
                j++;
                while (j < via.length() && Character.isWhitespace(via.charAt(j))) {
                    j++;
                }
                int end = j;
                while (end < via.length() && ";, \t".indexOf(via.charAt(end)) < 0) {
                    end++;
                }
                return via.substring(j, end);
            }
            i = lower.indexOf("branch", j);
        }
        return "";
    }

    private static String target(SipMessage request) {
        String uri = request.requestUri();
        return uri == null ? null : SipParts.cut(uri, MAX_TARGET);
    }
}
