package io.bulwark.admin.metrics;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The call rate for the dashboard: every interval it reads how many calls have started in all
 * (the call records count) and how many are up, and keeps the last hour of differences. The
 * first sample only sets the baseline, so a restart shows no spike of old calls.
 */
public final class CallRateSampler {

    /**
     * One point of the chart.
     *
     * @param time the end of the interval
     * @param callsStarted calls started in the interval
     * @param activeCalls calls up at the end of it
     */
    public record Point(String time, long callsStarted, long activeCalls) {
    }

    private final Clock clock;
    private final LongSupplier totalCalls;
    private final LongSupplier activeCalls;
    private final int capacity;
    private final Deque<Point> points = new ArrayDeque<>();
    private long lastTotal = -1;

    /**
     * @param clock the time source
     * @param totalCalls calls started since the records began, or -1 when unknown
     * @param activeCalls calls up now, or -1 when unknown
     * @param capacity how many points to keep
     */
    public CallRateSampler(Clock clock, LongSupplier totalCalls, LongSupplier activeCalls, int capacity) {
        this.clock = clock;
        this.totalCalls = totalCalls;
        this.activeCalls = activeCalls;
        this.capacity = capacity;
    }

    /** Takes one sample; called every interval. */
    public synchronized void sample() {
        long total = totalCalls.getAsLong();
        long active = Math.max(0, activeCalls.getAsLong());
        Instant now = clock.instant();
        if (total < 0) {
            lastTotal = -1;
            add(new Point(now.toString(), 0, active));
            return;
        }
        long started = lastTotal < 0 ? 0 : Math.max(0, total - lastTotal);
        lastTotal = total;
        add(new Point(now.toString(), started, active));
    }

    private void add(Point p) {
        points.addLast(p);
        while (points.size() > capacity) {
            points.removeFirst();
        }
    }

    /** @return the points, oldest first */
    public synchronized List<Point> points() {
        return new ArrayList<>(points);
    }
}
