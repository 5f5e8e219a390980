package io.bulwark.inspection.harvest;

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
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Catches directory harvesting (extension enumeration), and makes it pointless. A harvester such
 * as svwar sends REGISTER, OPTIONS or INVITE for one user after another and sorts them by the
 * answer: "404 Not Found" means no such extension, "401 Unauthorized" means it exists and is
 * worth a password attack. So:
 * <ul>
 *   <li>every final answer in the configured set (by default 401, 403, 404, 407, 484, 604) to a
 *       request from a watched zone notes the request's target user, per source and per /24 or
 *       /64 network (which catches a harvest spread over neighbouring addresses); more distinct
 *       users than the limit within the window bans the source ({@link EventKinds#SIP_HARVESTING})
 *       and flags it, or its network, so that its further requests are banned too until the
 *       window has passed;
 *   <li>a "no such user" answer (by default 403, 404, 484, 604) to a REGISTER without credentials
 *       is replaced by the challenge a known user gets (401 with a fresh digest challenge, built
 *       by the proxy in the registrar's realm), so the scan learns nothing. Each replacement is
 *       recorded as an INFO finding of kind {@value #MASKED}, since every verdict that changes a
 *       message carries a finding.
 * </ul>
 * Responses outside these sets (1xx, 2xx, 486, ...) are never touched, and a challenge (401, 407)
 * is never replaced: the phone needs the registrar's own nonce.
 */
@Component(service = SipInspector.class, configurationPid = HarvestingInspector.PID,
        property = {"service.ranking:Integer=600", SipInspector.NAME_PROPERTY + "=harvesting"})
@Designate(ocd = HarvestingInspector.Config.class)
public final class HarvestingInspector implements SipInspector {

    /** Configuration PID. */
    public static final String PID = "io.bulwark.inspection.harvest";

    /** The kind of the finding of a masked answer: recorded, not banned. */
    public static final String MASKED = "sip.harvesting-masked";

    /** The harvesting inspector's configuration. */
    @ObjectClassDefinition(name = "Bulwark harvesting inspector",
            description = "Detects directory harvesting (many distinct users refused or challenged for one source "
                    + "or network) and bans it (event sip.harvesting); answers unauthenticated REGISTERs for "
                    + "unknown users like those for known ones, so that an enumeration learns nothing.")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "Count refused users and mask unknown ones.")
        boolean enabled() default true;

        @AttributeDefinition(name = "Zones", description = "Comma-separated zones (outside, inside) whose requests "
                + "are watched and masked.")
        String zones() default "outside";

        @AttributeDefinition(name = "Counted statuses", description = "Comma-separated final statuses (300 to "
                + "699) whose request's target user counts as probed.")
        String statuses() default "404,401,403,407,484,604";

        @AttributeDefinition(name = "Window (s)", description = "The window of both counts, and how long a "
                + "flagged source or network stays banned by this inspector.", min = "1", max = "86400")
        int window_seconds() default 60;

        @AttributeDefinition(name = "Distinct users per source", description = "More distinct users probed from "
                + "one source within the window ban it.", min = "2", max = "100000")
        int source_users() default 20;

        @AttributeDefinition(name = "Distinct users per network", description = "More distinct users probed from "
                + "one /24 (IPv4) or /64 (IPv6) within the window, all its sources together, ban the source that "
                + "crosses the limit and flag the network.", min = "2", max = "100000")
        int prefix_users() default 40;

        @AttributeDefinition(name = "Masked methods", description = "Comma-separated methods whose requests "
                + "without credentials get a uniform answer; empty turns masking off.")
        String mask_methods() default "REGISTER";

        @AttributeDefinition(name = "Masked statuses", description = "Comma-separated final statuses (400 to 699, "
                + "not 401 or 407) replaced by the uniform answer.")
        String mask_statuses() default "404,403,484,604";

        @AttributeDefinition(name = "Uniform answer", description = "The status sent instead, with a fresh digest "
                + "challenge: 401 (registrar) or 407 (proxy).", min = "401", max = "407",
                options = {@Option(label = "401 Unauthorized", value = "401"),
                    @Option(label = "407 Proxy Authentication Required", value = "407")})
        int mask_status() default 401;
    }

    private static final String SOURCE_USERS = "harvest.source-users";
    private static final String PREFIX_USERS = "harvest.prefix-users";
    private static final String FLAGGED = "harvest.flagged";
    private static final String FLAGGED_PREFIX = "harvest.flagged-prefix";
    /** Key of {@link #FLAGGED_PREFIX} present while any network is flagged: spares the prefix lookup. */
    private static final String ANY = "*";

    private final InspectionState state;
    private final Clock clock;
    private volatile HarvestingSettings settings;

    /** DS entry point. */
    @Activate
    public HarvestingInspector(Config config, @Reference InspectionState state) {
        this(HarvestingSettings.of(config), state, Clock.systemUTC());
    }

    HarvestingInspector(HarvestingSettings settings, InspectionState state, Clock clock) {
        this.settings = settings;
        this.state = state;
        this.clock = clock;
    }

    @Modified
    void modified(Config config) {
        this.settings = HarvestingSettings.of(config);
    }

    @Override
    public Verdict onRequest(SipMessage m, MessageContext from) {
        HarvestingSettings s = settings;
        if (!s.enabled() || !s.zones().contains(from.zone())) {
            return Verdict.PASS;
        }
        String flagged = flagged(from, clock.millis());
        return flagged == null ? Verdict.PASS : Verdict.ban(finding(m, Severity.HIGH, flagged));
    }

    @Override
    public Verdict onResponse(SipMessage response, SipMessage request, MessageContext requestFrom) {
        HarvestingSettings s = settings;
        int status = response.statusCode();
        if (!s.enabled() || status < 300 || !s.zones().contains(requestFrom.zone())) {
            return Verdict.PASS;
        }
        boolean counted = s.statuses().contains(status);
        boolean masked = s.maskStatuses().contains(status) && s.maskMethods().contains(request.method())
                && !SipParts.hasCredentials(request);
        if (!counted && !masked) {
            return Verdict.PASS;
        }
        long now = clock.millis();
        String flagged = flagged(requestFrom, now);
        if (flagged != null) {
            return Verdict.ban(finding(request, Severity.HIGH, flagged)); // an answer still in flight: drop it
        }
        String target = SipParts.targetUser(request);
        if (counted && target != null) {
            String source = SipParts.source(requestFrom);
            int bySource = state.distinct(SOURCE_USERS, source, target, now, s.windowMillis());
            String prefix = SipParts.prefix(requestFrom);
            int byPrefix = state.distinct(PREFIX_USERS, prefix, target, now, s.windowMillis());
            if (bySource > s.sourceUsers()) {
                String reason = "extension harvesting: " + bySource + " distinct users refused or challenged within "
                        + s.windowMillis() / 1000 + " s (limit " + s.sourceUsers() + ")";
                state.put(FLAGGED, source, reason, now + s.windowMillis());
                return Verdict.ban(finding(request, Severity.HIGH, reason));
            }
            if (byPrefix > s.prefixUsers()) {
                String reason = "extension harvesting from " + prefix + ": " + byPrefix + " distinct users refused "
                        + "or challenged within " + s.windowMillis() / 1000 + " s (limit " + s.prefixUsers() + ")";
                state.put(FLAGGED_PREFIX, prefix, reason, now + s.windowMillis());
                state.put(FLAGGED_PREFIX, ANY, "1", now + s.windowMillis());
                return Verdict.ban(finding(request, Severity.HIGH, reason));
            }
        }
        if (masked) {
            return Verdict.reject(s.maskStatus(), new Finding(MASKED, Severity.INFO, target, status + " to "
                    + request.method() + " without credentials masked as " + s.maskStatus()));
        }
        return Verdict.PASS;
    }

    /** @return why the source or its network is flagged, or null when neither is */
    private String flagged(MessageContext from, long now) {
        String reason = state.get(FLAGGED, SipParts.source(from), now);
        if (reason != null) {
            return "known harvester: " + reason;
        }
        if (state.get(FLAGGED_PREFIX, ANY, now) == null) {
            return null;
        }
        reason = state.get(FLAGGED_PREFIX, SipParts.prefix(from), now);
        return reason == null ? null : "network flagged: " + reason;
    }

    private static Finding finding(SipMessage request, Severity severity, String reason) {
        return new Finding(EventKinds.SIP_HARVESTING, severity, SipParts.targetUser(request), reason);
    }
}
