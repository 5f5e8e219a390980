package io.bulwark.sipproxy.trace;

import io.bulwark.api.sip.MessageTrace;
import io.bulwark.api.sip.TracedMessage;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The messages of the most recent Call-IDs, in memory: at most {@code maxCallIds} Call-IDs (the
 * one seen first is forgotten first) and the first {@code maxPerCallId} messages of each (a long
 * dialog's re-INVITEs and refreshes beyond that are counted, not kept). Recording costs a scan of
 * the header section and one small object per message; both bounds at 0 turn tracing off.
 */
public final class MessageTraceBuffer implements MessageTrace {

    private record Entry(long seq, long millis, boolean inbound, Zone zone, TransportProtocol protocol,
            InetSocketAddress peer, WireSummary summary) {
    }

    private static final class CallTrace {
        final List<Entry> entries = new ArrayList<>(8);
        String linked;
        long omitted;
    }

    private volatile int maxCallIds;
    private volatile int maxPerCallId;
    private long seq;
    private final Map<String, CallTrace> traces = new LinkedHashMap<>(256);

    public MessageTraceBuffer(int maxCallIds, int maxPerCallId) {
        resize(maxCallIds, maxPerCallId);
    }

    /** New bounds; Call-IDs beyond the new count go at once, oldest first. */
    public synchronized void resize(int maxCallIds, int maxPerCallId) {
        if (maxCallIds < 0 || maxPerCallId < 0) {
            throw new IllegalArgumentException("trace bounds must not be negative");
        }
        this.maxCallIds = maxCallIds;
        this.maxPerCallId = maxPerCallId;
        trim();
    }

    public boolean enabled() {
        return maxCallIds > 0 && maxPerCallId > 0;
    }

    /** Notes one message received from ({@code inbound}) or sent to {@code peer}; ignores bytes without a Call-ID. */
    public void record(long millis, boolean inbound, Zone zone, TransportProtocol protocol, InetSocketAddress peer,
            byte[] bytes, int offset, int length) {
        if (!enabled()) {
            return;
        }
        WireSummary s = WireSummary.of(bytes, offset, length);
        if (s == null) {
            return;
        }
        synchronized (this) {
            CallTrace t = traceFor(s.callId());
            if (t.entries.size() < maxPerCallId) {
                t.entries.add(new Entry(seq++, millis, inbound, zone, protocol, peer, s));
            } else {
                t.omitted++;
            }
        }
    }

    /**
     * Notes that two Call-IDs are the two sides of one dialog (the proxy replaced an inside
     * Call-ID on the outside), so a lookup by either finds both sides' messages.
     */
    public void link(String callIdA, String callIdB) {
        if (!enabled() || callIdA == null || callIdB == null || callIdA.equals(callIdB)) {
            return;
        }
        synchronized (this) {
            traceFor(callIdA).linked = callIdB;
            traceFor(callIdB).linked = callIdA;
        }
    }

    private CallTrace traceFor(String callId) {
        CallTrace t = traces.get(callId);
        if (t == null) {
            t = new CallTrace();
            traces.put(callId, t);
            trim();
        }
        return t;
    }

    private void trim() {
        Iterator<CallTrace> it = traces.values().iterator();
        while (traces.size() > maxCallIds && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    @Override
    public List<TracedMessage> messages(String callId) {
        if (callId == null) {
            return List.of();
        }
        List<Entry> found = new ArrayList<>();
        synchronized (this) {
            CallTrace t = traces.get(callId);
            if (t == null) {
                return List.of();
            }
            found.addAll(t.entries);
            CallTrace other = t.linked == null ? null : traces.get(t.linked);
            if (other != null) {
                found.addAll(other.entries);
            }
        }
        found.sort(Comparator.comparingLong(Entry::seq));
        List<TracedMessage> out = new ArrayList<>(found.size());
        for (Entry e : found) {
            out.add(new TracedMessage(Instant.ofEpochMilli(e.millis()), e.inbound(),
                    e.zone().name().toLowerCase(Locale.ROOT), e.protocol().name(), peer(e.peer()),
                    e.summary().startLine(), e.summary().cseq(), e.summary().callId()));
        }
        return out;
    }

    /** @return the number of Call-IDs held */
    public synchronized int size() {
        return traces.size();
    }

    static String peer(InetSocketAddress a) {
        String host = a.getAddress() == null ? a.getHostString()
                : io.bulwark.api.decision.AddressBlock.addressText(a.getAddress());
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
