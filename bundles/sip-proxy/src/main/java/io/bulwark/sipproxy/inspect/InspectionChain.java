package io.bulwark.sipproxy.inspect;

import io.bulwark.api.event.SecurityEvent;
import io.bulwark.api.event.SecurityEventSink;
import io.bulwark.api.event.ThreatLevel;
import io.bulwark.api.inspect.Finding;
import io.bulwark.api.inspect.SipInspector;
import io.bulwark.api.inspect.Verdict;
import io.bulwark.api.sip.SipMessage;
import io.bulwark.api.transport.MessageContext;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the inspectors in order (highest {@code service.ranking} first) and turns their findings
 * into security events. An inspector that throws is counted, logged once a minute at most, and
 * taken as PASS: a bug in an inspector never stops calls. The set of inspectors changes at any
 * time (bundle updates); a message sees the set as it was when its inspection started.
 */
public final class InspectionChain {

    private static final Logger LOG = LoggerFactory.getLogger(InspectionChain.class);
    private static final long FAILURE_LOG_INTERVAL_MS = 60_000;

    /** An inspector's counters, kept by its name so that they outlive an update of its bundle. */
    private static final class Counters {
        final LongAdder findings = new LongAdder();
        final LongAdder failures = new LongAdder();
    }

    /** One registered inspector with its order and counters. */
    private static final class Entry {
        final SipInspector inspector;
        final String name;
        final int ranking;
        final long serviceId;
        final LongAdder findings;
        final LongAdder failures;

        Entry(SipInspector inspector, String name, int ranking, long serviceId, Counters counters) {
            this.inspector = inspector;
            this.name = name;
            this.ranking = ranking;
            this.serviceId = serviceId;
            this.findings = counters.findings;
            this.failures = counters.failures;
        }
    }

    /** Counters by inspector name; bounded by the names ever registered (a handful). */
    private final Map<String, Counters> countersByName = new java.util.concurrent.ConcurrentHashMap<>();

    private static final Comparator<Entry> ORDER = Comparator.comparingInt((Entry e) -> -e.ranking)
            .thenComparingLong(e -> e.serviceId);

    private volatile Entry[] entries = new Entry[0];
    private final Supplier<List<SecurityEventSink>> sinks;
    private final Function<SipMessage, String> text;
    private final Clock clock;
    private final Predicate<InetAddress> allowListed;
    private final LongAdder inspected = new LongAdder();
    private volatile long lastFailureLog;

    /**
     * @param sinks the security event sinks bound now
     * @param text renders a message as it is on the wire, for evidence
     * @param clock the time events carry
     * @param allowListed tells allow-listed sources (the trunk, the PBX, branch sites): a BAN
     *     verdict against one of them becomes an alert, since banning or dropping would cut off
     *     the legitimate phones behind the same address; asked only for BAN verdicts
     */
    public InspectionChain(Supplier<List<SecurityEventSink>> sinks, Function<SipMessage, String> text, Clock clock,
            Predicate<InetAddress> allowListed) {
        this.sinks = sinks;
        this.text = text;
        this.clock = clock;
        this.allowListed = allowListed;
    }

    /**
     * Adds an inspector.
     *
     * @param inspector the service
     * @param properties its service properties ({@code service.ranking}, {@code service.id},
     *     {@link SipInspector#NAME_PROPERTY})
     */
    public synchronized void add(SipInspector inspector, Map<String, ?> properties) {
        Object rank = properties.get("service.ranking");
        Object id = properties.get("service.id");
        Object name = properties.get(SipInspector.NAME_PROPERTY);
        String n = name == null ? inspector.getClass().getSimpleName() : name.toString();
        Entry e = new Entry(inspector, n, rank instanceof Integer r ? r : 0, id instanceof Long l ? l : 0L,
                countersByName.computeIfAbsent(n, k -> new Counters()));
        Entry[] next = Arrays.copyOf(entries, entries.length + 1);
        next[next.length - 1] = e;
        Arrays.sort(next, ORDER);
        entries = next;
    }

    /** Removes an inspector. */
    public synchronized void remove(SipInspector inspector) {
        entries = Arrays.stream(entries).filter(e -> e.inspector != inspector).toArray(Entry[]::new);
    }

    /** @return true when no inspector is registered */
    public boolean isEmpty() {
        return entries.length == 0;
    }

    /**
     * @param request a request as received
     * @param from where it came from
     * @return PASS, or the first verdict other than PASS (its finding already raised)
     */
    public Verdict onRequest(SipMessage request, MessageContext from) {
        Entry[] es = entries;
        if (es.length == 0) {
            return Verdict.PASS;
        }
        inspected.increment();
        for (Entry e : es) {
            Verdict v;
            try {
                v = e.inspector.onRequest(request, from);
            } catch (RuntimeException | LinkageError ex) {
                failed(e, ex);
                continue;
            }
            if (judged(e, v, request, from)) {
                return v;
            }
        }
        return Verdict.PASS;
    }

    /**
     * @param response the response about to be sent to the request's sender
     * @param request the request it answers
     * @param requestFrom where the request came from
     * @return PASS, or the first verdict other than PASS (its finding already raised)
     */
    public Verdict onResponse(SipMessage response, SipMessage request, MessageContext requestFrom) {
        Entry[] es = entries;
        for (Entry e : es) {
            Verdict v;
            try {
                v = e.inspector.onResponse(response, request, requestFrom);
            } catch (RuntimeException | LinkageError ex) {
                failed(e, ex);
                continue;
            }
            if (judged(e, v, request, requestFrom)) {
                return v;
            }
        }
        return Verdict.PASS;
    }

    /** @return true when the verdict ends the chain */
    private boolean judged(Entry e, Verdict v, SipMessage evidence, MessageContext from) {
        if (v == null || v.finding() == null) {
            return false;
        }
        e.findings.increment();
        if (v.action() == Verdict.Action.BAN && isAllowListed(from)) {
            raise(e.name, v, "source allow-listed: alert only, not dropped or banned", evidence, from);
            return false;
        }
        raise(e.name, v, describe(v), evidence, from);
        return !v.passes();
    }

    private boolean isAllowListed(MessageContext from) {
        InetAddress a = from.remote() == null ? null : from.remote().getAddress();
        try {
            return a != null && allowListed.test(a);
        } catch (RuntimeException ex) {
            LOG.debug("Allow-list lookup failed for {}", a, ex);
            return false;
        }
    }

    private void raise(String inspector, Verdict v, String outcome, SipMessage m, MessageContext from) {
        Finding f = v.finding();
        InetAddress source = from.remote() == null ? null : from.remote().getAddress();
        String evidence;
        try {
            evidence = f.reason() + " [" + inspector + ": " + outcome + "]\n" + EvidenceRedactor.redact(text.apply(m));
        } catch (RuntimeException ex) {
            evidence = f.reason() + " [" + inspector + ": " + outcome + "]";
        }
        SecurityEvent event = new SecurityEvent(ThreatLevel.APPLICATION, f.kind(), f.severity(), source,
                from.remote() == null ? 0 : from.remote().getPort(), from.protocol(), from.zone(), f.target(),
                clock.instant(), evidence);
        for (SecurityEventSink s : sinks.get()) {
            try {
                s.raise(event);
            } catch (RuntimeException ex) {
                LOG.debug("Security event sink failed", ex);
            }
        }
    }

    private static String describe(Verdict v) {
        return switch (v.action()) {
            case PASS -> "alert";
            case REJECT -> "rejected " + v.status();
            case DROP -> "dropped";
            case BAN -> "dropped, source banned";
        };
    }

    private void failed(Entry e, Throwable ex) {
        e.failures.increment();
        long now = System.currentTimeMillis();
        if (now - lastFailureLog > FAILURE_LOG_INTERVAL_MS) {
            lastFailureLog = now;
            LOG.warn("Inspector {} failed (taken as PASS; {} failures so far)", e.name, e.failures.sum(), ex);
        }
    }

    /** @return per inspector in order: findings and failures; and messages inspected */
    public Map<String, Map<String, Long>> counters() {
        Map<String, Map<String, Long>> m = new LinkedHashMap<>();
        for (Entry e : entries) {
            m.put(e.name, Map.of("findings", e.findings.sum(), "failures", e.failures.sum(), "ranking",
                    (long) e.ranking));
        }
        m.put("total", Map.of("inspected", inspected.sum()));
        return m;
    }

    /** @return the message's bytes as ISO-8859-1 text (SIP is mostly ASCII; evidence is for people) */
    public static String latin1(byte[] encoded) {
        return new String(encoded, StandardCharsets.ISO_8859_1);
    }
}
