package io.bulwark.inspection.auth;

import io.bulwark.api.event.EventKinds;
import io.bulwark.api.event.Severity;
import io.bulwark.api.inspect.Finding;
import io.bulwark.api.inspect.InspectionState;
import io.bulwark.api.inspect.SipInspector;
import io.bulwark.api.inspect.Verdict;
import io.bulwark.api.sip.SipMessage;
import io.bulwark.api.transport.MessageContext;
import io.bulwark.inspection.common.SipParts;
import java.time.Clock;
import java.util.Locale;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Catches password guessing against the registrar (svcrack and the like) by its failures: a final
 * 401, 407 or 403 answering a request that carried digest credentials. A 401 or 407 whose
 * challenge says {@code stale=true} is not a failure: the registrar only says so when the digest
 * was right and merely the nonce had expired.
 * <ul>
 *   <li>Per source: more failures than the limit within the window ban the source
 *       ({@link EventKinds#SIP_BRUTE_FORCE}) and flag it, so that its further requests are banned
 *       too until the window has passed.
 *   <li>Per user (the digest username, else the To user): failures from more distinct sources, or
 *       more failures in all, than the limits within the window are a distributed attack on that
 *       account. It raises an alert ({@link EventKinds#SIP_BRUTE_FORCE_USER}), at most once per user
 *       per window, and blocks nobody: the user's own phone must keep working.
 * </ul>
 * A success (2xx) does not erase a source's failures: a guessing tool can interleave an account it
 * knows, and a phone that mistyped once is far below the limit anyway. A final answer the registrar
 * retransmits (the same transaction) counts once.
 */
@Component(service = SipInspector.class, configurationPid = PasswordGuessingInspector.PID,
        property = {"service.ranking:Integer=500", SipInspector.NAME_PROPERTY + "=password-guessing"})
@Designate(ocd = PasswordGuessingInspector.Config.class)
public final class PasswordGuessingInspector implements SipInspector {

    /** Configuration PID. */
    public static final String PID = "io.bulwark.inspection.auth";

    /** The password-guessing inspector's configuration. */
    @ObjectClassDefinition(name = "Bulwark password-guessing inspector",
            description = "Counts failed digest authentications: bans a source over its limit (event "
                    + "sip.brute-force) and alerts about a user attacked from many sources (event "
                    + "sip.brute-force-user) without blocking that user.")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "Count failed authentications.")
        boolean enabled() default true;

        @AttributeDefinition(name = "Zones", description = "Comma-separated zones (outside, inside) whose requests "
                + "are watched.")
        String zones() default "outside";

        @AttributeDefinition(name = "Failure statuses", description = "Comma-separated final statuses (400 to "
                + "699) that, answering a request with credentials, are a failed authentication.")
        String failure_statuses() default "401,407,403";

        @AttributeDefinition(name = "Window (s)", description = "The window of all counts, how long a flagged "
                + "source stays banned by this inspector, and the least time between two alerts about one user.",
                min = "1", max = "86400")
        int window_seconds() default 60;

        @AttributeDefinition(name = "Failures per source", description = "More failed authentications from one "
                + "source within the window ban it.", min = "2", max = "1000000")
        int source_failures() default 10;

        @AttributeDefinition(name = "Sources per user", description = "Failed authentications as one user from "
                + "more distinct sources within the window raise an alert about the user.", min = "2",
                max = "100000")
        int user_sources() default 5;

        @AttributeDefinition(name = "Failures per user", description = "More failed authentications as one user "
                + "within the window, all sources together, raise an alert about the user.", min = "2",
                max = "1000000")
        int user_failures() default 30;
    }

    /** Per source: a counter of failures, and as value the last failed transaction. */
    private static final String SOURCES = "auth.sources";
    /** Per source: why it is flagged. */
    private static final String FLAGGED = "auth.flagged";
    /** Per user: a counter of failures, the set of failing sources, and as value that it was alerted. */
    private static final String USERS = "auth.users";

    private final InspectionState state;
    private final Clock clock;
    private volatile PasswordGuessingSettings settings;

    /** DS entry point. */
    @Activate
    public PasswordGuessingInspector(Config config, @Reference InspectionState state) {
        this(PasswordGuessingSettings.of(config), state, Clock.systemUTC());
    }

    PasswordGuessingInspector(PasswordGuessingSettings settings, InspectionState state, Clock clock) {
        this.settings = settings;
        this.state = state;
        this.clock = clock;
    }

    @Modified
    void modified(Config config) {
        this.settings = PasswordGuessingSettings.of(config);
    }

    @Override
    public Verdict onRequest(SipMessage m, MessageContext from) {
        PasswordGuessingSettings s = settings;
        if (!s.enabled() || !s.zones().contains(from.zone())) {
            return Verdict.PASS;
        }
        String flagged = state.get(FLAGGED, SipParts.source(from), clock.millis());
        return flagged == null ? Verdict.PASS
                : Verdict.ban(new Finding(EventKinds.SIP_BRUTE_FORCE, Severity.HIGH, user(m),
                        "known password guesser: " + flagged));
    }

    @Override
    public Verdict onResponse(SipMessage response, SipMessage request, MessageContext requestFrom) {
        PasswordGuessingSettings s = settings;
        int status = response.statusCode();
        if (!s.enabled() || !s.failureStatuses().contains(status) || !s.zones().contains(requestFrom.zone())
                || !SipParts.hasCredentials(request) || stale(response)) {
            return Verdict.PASS;
        }
        long now = clock.millis();
        long window = s.windowMillis();
        String source = SipParts.source(requestFrom);
        String transaction = SipParts.transaction(request);
        boolean repeated = transaction.equals(state.get(SOURCES, source, now));
        state.put(SOURCES, source, transaction, now + window);
        long failures = repeated ? state.count(SOURCES, source, now, window) : state.hit(SOURCES, source, now, window);
        String user = user(request);
        String userAttack = repeated || user == null ? null : countUser(user, source, now, s);
        if (failures > s.sourceFailures()) {
            String reason = failures + " failed authentications within " + window / 1000 + " s (limit "
                    + s.sourceFailures() + ")";
            state.put(FLAGGED, source, reason, now + window);
            return Verdict.ban(new Finding(EventKinds.SIP_BRUTE_FORCE, Severity.HIGH, user, reason));
        }
        if (userAttack == null || state.get(USERS, user, now) != null) {
            return Verdict.PASS; // nothing, or alerted within the window already
        }
        state.put(USERS, user, "alerted", now + window);
        return Verdict.alert(new Finding(EventKinds.SIP_BRUTE_FORCE_USER, Severity.HIGH, user, userAttack));
    }

    /** Counts a failure as the user; @return why it is an attack on the user, or null while it is not */
    private String countUser(String user, String source, long now, PasswordGuessingSettings s) {
        long window = s.windowMillis();
        int sources = state.distinct(USERS, user, source, now, window);
        long failures = state.hit(USERS, user, now, window);
        if (sources > s.userSources()) {
            return "failed authentications as one user from " + sources + " sources within " + window / 1000
                    + " s (limit " + s.userSources() + "), " + failures + " failures in all";
        }
        if (failures > s.userFailures()) {
            return failures + " failed authentications as one user within " + window / 1000 + " s (limit "
                    + s.userFailures() + ") from " + sources + " sources";
        }
        return null;
    }

    /** @return the user a request authenticates as: the digest username, else the To user; or null */
    private static String user(SipMessage m) {
        String u = SipParts.credentialUser(m);
        return u != null ? u : SipParts.user(m.header("To"));
    }

    /** @return true when a challenge of the response says the nonce was stale, not the password wrong */
    static boolean stale(SipMessage response) {
        for (String name : new String[] {"WWW-Authenticate", "Proxy-Authenticate"}) {
            for (String challenge : response.headers(name)) {
                String c = challenge.toLowerCase(Locale.ROOT);
                int i = c.indexOf("stale");
                while (i >= 0) {
                    int j = i + 5;
                    while (j < c.length() && c.charAt(j) == ' ') {
                        j++;
                    }
                    if (j < c.length() && c.charAt(j) == '=') {
                        String v = c.substring(j + 1).trim();
                        if (v.startsWith("true") || v.startsWith("\"true\"")) {
                            return true;
                        }
                    }
                    i = c.indexOf("stale", i + 5);
                }
            }
        }
        return false;
    }
}
