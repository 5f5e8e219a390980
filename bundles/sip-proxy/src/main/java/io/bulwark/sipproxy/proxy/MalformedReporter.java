package io.bulwark.sipproxy.proxy;

import io.bulwark.api.event.EventKinds;
import io.bulwark.api.event.SecurityEvent;
import io.bulwark.api.event.SecurityEventSink;
import io.bulwark.api.event.Severity;
import io.bulwark.api.event.ThreatLevel;
import io.bulwark.api.transport.MessageContext;
import java.net.InetAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Turns malformed messages into {@code sip.malformed} security events, for the sources that
 * repeat them: one broken message is a buggy phone, a stream of them is a fuzzer or an attack.
 * A source is reported when it sends {@code threshold} malformed messages within the window, then
 * counted afresh. The table of sources is bounded (least recently seen sources are forgotten), so
 * a flood of spoofed garbage costs a fixed amount of memory.
 *
 * <p>Evidence is the start line, cut to 120 printable characters, with any password in a URI
 * replaced: never a header, so no credentials (Authorization, Proxy-Authorization) leave here.
 */
final class MalformedReporter {

    private static final int MAX_SOURCES = 10_000;
    private static final int MAX_EVIDENCE = 120;
    private static final Pattern URI_PASSWORD = Pattern.compile("(sips?:[^:@;\\s]+):[^@\\s]*@");

    private final Supplier<List<SecurityEventSink>> sinks;
    private final int threshold;
    private final long windowMillis;
    private final Clock clock;
    private final Map<InetAddress, long[]> sources = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, long[]> eldest) {
            return size() > MAX_SOURCES;
        }
    };

    /**
     * @param sinks the security event sinks bound now
     * @param threshold malformed messages within the window that make a report, at least 1
     * @param windowMillis the window
     * @param clock the time source
     */
    MalformedReporter(Supplier<List<SecurityEventSink>> sinks, int threshold, long windowMillis, Clock clock) {
        this.sinks = sinks;
        this.threshold = Math.max(1, threshold);
        this.windowMillis = windowMillis;
        this.clock = clock;
    }

    /**
     * Counts one malformed message and reports its source when it reached the threshold.
     *
     * @param ctx where it came from
     * @param reason what was wrong
     * @param frame the bytes received (only the start line is used)
     */
    void malformed(MessageContext ctx, String reason, byte[] frame) {
        InetAddress source = ctx.remote() == null ? null : ctx.remote().getAddress();
        if (source == null) {
            return;
        }
        long now = clock.millis();
        boolean report;
        synchronized (sources) {
            long[] w = sources.computeIfAbsent(source, k -> new long[] {now, 0});
            if (now - w[0] > windowMillis) {
                w[0] = now;
                w[1] = 0;
            }
            w[1]++;
            report = w[1] >= threshold;
            if (report) {
                w[0] = now;
                w[1] = 0;
            }
        }
        if (report) {
            raise(new SecurityEvent(ThreatLevel.APPLICATION, EventKinds.SIP_MALFORMED, Severity.MEDIUM, source,
                    ctx.remote().getPort(), ctx.protocol(), ctx.zone(), null, clock.instant(),
                    threshold + " malformed messages within " + windowMillis / 1000 + " s; last: " + reason + " | "
                            + startLine(frame)));
        }
    }

    private void raise(SecurityEvent e) {
        for (SecurityEventSink s : sinks.get()) {
            s.raise(e);
        }
    }

    /** @return the first line, printable ASCII only, cut short, passwords in URIs masked */
    static String startLine(byte[] frame) {
        if (frame == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < frame.length && b.length() < MAX_EVIDENCE; i++) {
            int c = frame[i] & 0xff;
            if (c == '\r' || c == '\n') {
                break;
            }
            b.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
        }
        return URI_PASSWORD.matcher(b).replaceAll("$1:***@");
    }
}
