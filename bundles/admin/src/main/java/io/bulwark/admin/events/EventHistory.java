package io.bulwark.admin.events;

import io.bulwark.api.event.SecurityEvent;
import io.bulwark.api.event.SecurityEventSink;
import io.bulwark.api.event.ThreatLevel;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * What the dashboard shows of attacks: security events of every level counted per minute for the
 * last 24 hours, the sources that raised the most, and the latest events. It is one more sink on
 * the security-event whiteboard, so it sees what the detectors of every bundle report. Memory is
 * fixed: 1,440 minutes x 3 levels of counters, at most 10,000 sources, the last 200 events.
 * Durable storage and search of events belong to the store bundle's {@code SecurityEventStore},
 * another sink on the same whiteboard, which {@code GET /events} reads.
 */
@Component(service = {SecurityEventSink.class, EventHistory.class})
public final class EventHistory implements SecurityEventSink {

    static final int MINUTES = 1440;
    static final int MAX_SOURCES = 10_000;
    static final int RECENT = 200;

    /**
     * Events of one minute, by level.
     *
     * @param time the start of the minute
     * @param network NETWORK events
     * @param application APPLICATION events
     * @param content CONTENT events
     */
    public record Point(String time, long network, long application, long content) {
    }

    /**
     * A source and what it did.
     *
     * @param source the address
     * @param events how many events it raised since it was first seen (or the appliance started)
     * @param lastKind the kind of its latest event
     * @param lastSeen when
     */
    public record Offender(String source, long events, String lastKind, String lastSeen) {
    }

    /**
     * One event as the UI shows it.
     *
     * @param time when
     * @param level NETWORK, APPLICATION or CONTENT
     * @param kind e.g. network.flood
     * @param severity INFO to CRITICAL
     * @param source the address, or null
     * @param evidence what was seen (already redacted)
     */
    public record EventView(String time, String level, String kind, String severity, String source, String evidence) {
    }

    private final Clock clock;
    private final long[][] perMinute = new long[MINUTES][3];
    private final long[] minuteOf = new long[MINUTES];
    private final Map<String, Offender> offenders = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Offender> eldest) {
            return size() > MAX_SOURCES;
        }
    };
    private final Deque<EventView> recent = new ArrayDeque<>();

    /** DS entry point. */
    @Activate
    public EventHistory() {
        this(Clock.systemUTC());
    }

    /** @param clock the time source */
    public EventHistory(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void raise(SecurityEvent e) {
        if (e == null) {
            return;
        }
        long minute = e.time().getEpochSecond() / 60;
        int slot = (int) Math.floorMod(minute, (long) MINUTES);
        String source = e.source() == null ? null : e.source().getHostAddress();
        synchronized (this) {
            if (minuteOf[slot] != minute) {
                minuteOf[slot] = minute;
                perMinute[slot] = new long[3];
            }
            perMinute[slot][e.level().ordinal()]++;
            if (source != null) {
                Offender o = offenders.get(source);
                offenders.put(source, new Offender(source, o == null ? 1 : o.events() + 1, e.kind(), e.time().toString()));
            }
            recent.addFirst(new EventView(e.time().toString(), e.level().name(), e.kind(), e.severity().name(), source,
                    e.evidence()));
            while (recent.size() > RECENT) {
                recent.removeLast();
            }
        }
    }

    /**
     * @param minutes how far back, 1 to 1440
     * @return one point per minute, oldest first, ending with the current minute
     */
    public synchronized List<Point> perMinute(int minutes) {
        long now = clock.instant().getEpochSecond() / 60;
        List<Point> out = new ArrayList<>(minutes);
        for (long m = now - minutes + 1; m <= now; m++) {
            int slot = (int) Math.floorMod(m, (long) MINUTES);
            long[] c = minuteOf[slot] == m ? perMinute[slot] : new long[3];
            out.add(new Point(Instant.ofEpochSecond(m * 60).toString(), c[ThreatLevel.NETWORK.ordinal()],
                    c[ThreatLevel.APPLICATION.ordinal()], c[ThreatLevel.CONTENT.ordinal()]));
        }
        return out;
    }

    /**
     * @param n how many
     * @return the sources with the most events, most first
     */
    public synchronized List<Offender> topSources(int n) {
        return offenders.values().stream().sorted(Comparator.comparingLong(Offender::events).reversed()).limit(n)
                .toList();
    }

    /**
     * @param n how many
     * @return the latest events, newest first
     */
    public synchronized List<EventView> recent(int n) {
        return recent.stream().limit(n).toList();
    }
}
