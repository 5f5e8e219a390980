package io.bulwark.inspection.scanner;

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

/**
 * Tells a scanner from a phone, by name and by behaviour. By name: a tool signature in
 * User-Agent, From, To, Contact, Call-ID or the SDP {@code s=} line. By behaviour, because names
 * are easily changed:
 * <ul>
 *   <li>a sweep: OPTIONS or REGISTER to many distinct users from one source within the window;
 *   <li>a sequential scan: requests to consecutive extension numbers (100, 101, 102, ...);
 *   <li>response-less probing: many unauthenticated OPTIONS or REGISTER requests, never followed
 *       by a request with credentials as a real phone's would be.
 * </ul>
 * A scanner is banned ({@link EventKinds#SIP_SCANNER}); until the ban reaches the kernel its
 * further requests are dropped too.
 */
@Component(service = SipInspector.class, configurationPid = ScannerInspector.PID,
        property = {"service.ranking:Integer=700", SipInspector.NAME_PROPERTY + "=scanner"})
@Designate(ocd = ScannerInspector.Config.class)
public final class ScannerInspector implements SipInspector {

    /** Configuration PID. */
    public static final String PID = "io.bulwark.inspection.scanner";

    /** The scanner inspector's configuration. */
    @ObjectClassDefinition(name = "Bulwark scanner inspector",
            description = "Detects SIP scanners by tool signature and by behaviour (sweeps, sequential extensions, "
                    + "response-less probing) and bans them (event sip.scanner).")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "Inspect requests for scanners.")
        boolean enabled() default true;

        @AttributeDefinition(name = "Tool signatures", description = "Comma-separated fragments (any case) that "
                + "name a scanning tool when found in User-Agent, From, To, Contact, Call-ID or SDP s=.")
        String signatures() default "friendly-scanner,sipvicious,sipcli,sip-scan,sipscan,sundayddr,iwar,sivus,smap,"
                + "vaxsipuseragent,vaxipuseragent,pplsip,siparmyknife,voipsec,sipsak-scan";

        @AttributeDefinition(name = "Sweep: distinct users", description = "OPTIONS or REGISTER requests to this "
                + "many distinct users from one source within the window make a sweep.", min = "2", max = "100000")
        int sweep_targets() default 10;

        @AttributeDefinition(name = "Sequential run", description = "Requests to this many consecutive extension "
                + "numbers in a row from one source make a sequential scan.", min = "3", max = "100000")
        int sequential_run() default 5;

        @AttributeDefinition(name = "Probing: unanswered requests", description = "This many unauthenticated "
                + "OPTIONS or REGISTER requests from one source within the window, with no request carrying "
                + "credentials, make response-less probing.", min = "2", max = "1000000")
        int probe_requests() default 30;

        @AttributeDefinition(name = "Window (s)", description = "The window of the three behaviours.", min = "1",
                max = "86400")
        int window_seconds() default 60;
    }

    private static final String TARGETS = "scanner.targets";
    private static final String SEQUENCE = "scanner.sequence";
    private static final String PROBES = "scanner.probes";
    private static final String AUTHENTICATED = "scanner.authenticated";
    private static final String FLAGGED = "scanner.flagged";
    private static final int MAX_SDP_SCAN = 2048;
    private static final String[] SIGNATURE_HEADERS = {"User-Agent", "From", "To", "Contact", "Call-ID"};

    private final InspectionState state;
    private final Clock clock;
    private volatile ScannerSettings settings;
    /** Built from the current settings' signatures, on first use after a change. */
    private volatile SignatureMatcher matcher;

    /** DS entry point. */
    @Activate
    public ScannerInspector(Config config, @Reference InspectionState state) {
        this(ScannerSettings.of(config), state, Clock.systemUTC());
    }

    ScannerInspector(ScannerSettings settings, InspectionState state, Clock clock) {
        this.settings = settings;
        this.state = state;
        this.clock = clock;
    }

    @Modified
    void modified(Config config) {
        this.settings = ScannerSettings.of(config);
    }

    @Override
    public Verdict onRequest(SipMessage m, MessageContext from) {
        ScannerSettings s = settings;
        if (!s.enabled()) {
            return Verdict.PASS;
        }
        long now = clock.millis();
        String source = SipParts.source(from);
        String flagged = state.get(FLAGGED, source, now);
        if (flagged != null) {
            return Verdict.ban(finding(m, Severity.MEDIUM, "known scanner: " + flagged));
        }
        String signature = signatureOf(m, s);
        if (signature != null) {
            return flag(source, now, s, m, Severity.MEDIUM, "tool signature '" + signature + "'");
        }
        String method = m.method();
        boolean probeMethod = "OPTIONS".equals(method) || "REGISTER".equals(method);
        String target = SipParts.targetUser(m);
        if (probeMethod && target != null) {
            int distinct = state.distinct(TARGETS, source, target, now, s.windowMillis());
            if (distinct >= s.sweepTargets()) {
                return flag(source, now, s, m, Severity.HIGH, method + " sweep: " + distinct + " distinct users within "
                        + s.windowMillis() / 1000 + " s (limit " + s.sweepTargets() + ")");
            }
        }
        if (m.toTag() == null && target != null) {
            int run = sequentialRun(source, target, now, s);
            if (run >= s.sequentialRun()) {
                return flag(source, now, s, m, Severity.HIGH, "sequential scan: " + run
                        + " consecutive extension numbers up to " + target + " (limit " + s.sequentialRun() + ")");
            }
        }
        if (SipParts.hasCredentials(m) || m.toTag() != null) {
            state.put(AUTHENTICATED, source, "1", now + s.windowMillis());
        } else if (probeMethod) {
            long probes = state.hit(PROBES, source, now, s.windowMillis());
            if (probes >= s.probeRequests() && state.get(AUTHENTICATED, source, now) == null) {
                return flag(source, now, s, m, Severity.MEDIUM, "response-less probing: " + probes
                        + " unauthenticated OPTIONS/REGISTER within " + s.windowMillis() / 1000
                        + " s and never credentials (limit " + s.probeRequests() + ")");
            }
        }
        return Verdict.PASS;
    }

    private Verdict flag(String source, long now, ScannerSettings s, SipMessage m, Severity severity, String reason) {
        state.put(FLAGGED, source, SipParts.cut(reason, 80), now + s.windowMillis());
        return Verdict.ban(finding(m, severity, reason));
    }

    private static Finding finding(SipMessage m, Severity severity, String reason) {
        return new Finding(EventKinds.SIP_SCANNER, severity, SipParts.targetUser(m), reason);
    }

    /** @return the length of the run of consecutive extension numbers ending with this target */
    private int sequentialRun(String source, String target, long now, ScannerSettings s) {
        if (target.isEmpty() || target.length() > 15 || !target.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return 0;
        }
        long number = Long.parseLong(target);
        String previous = state.get(SEQUENCE, source, now);
        int run = 1;
        if (previous != null) {
            int sep = previous.indexOf('/');
            long last = Long.parseLong(previous.substring(0, sep));
            int lastRun = Integer.parseInt(previous.substring(sep + 1));
            if (number == last) {
                return lastRun; // the same extension again (a retransmission or a retry)
            }
            run = Math.abs(number - last) == 1 ? lastRun + 1 : 1;
        }
        state.put(SEQUENCE, source, number + "/" + run, now + s.windowMillis());
        return run;
    }

    /** @return the signature found, or null */
    static String signature(SipMessage m, ScannerSettings s) {
        return signature(m, s, new SignatureMatcher(s.signatures()));
    }

    private String signatureOf(SipMessage m, ScannerSettings s) {
        SignatureMatcher sm = matcher;
        if (sm == null || !sm.builtFrom(s.signatures())) {
            sm = new SignatureMatcher(s.signatures());
            matcher = sm;
        }
        return signature(m, s, sm);
    }

    private static String signature(SipMessage m, ScannerSettings s, SignatureMatcher sm) {
        if (s.signatures().isEmpty()) {
            return null;
        }
        for (String header : SIGNATURE_HEADERS) {
            String found = sm.find(m.header(header));
            if (found != null) {
                return found;
            }
        }
        byte[] body = m.body();
        return body.length == 0 ? null : sm.findInSessionName(body, MAX_SDP_SCAN);
    }
}
