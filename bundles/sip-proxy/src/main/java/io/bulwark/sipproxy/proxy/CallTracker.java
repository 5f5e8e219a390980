package io.bulwark.sipproxy.proxy;

import io.bulwark.api.sip.DialogInfo;
import io.bulwark.api.sip.DialogRegistry;
import io.bulwark.api.store.CallRecordStore;
import io.bulwark.api.transport.Zone;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Tracks INVITE dialogs (RFC 3261 section 12) by their outside Call-ID, and turns their life
 * into call records: started, answered, ended and why. The store is written asynchronously.
 */
final class CallTracker implements DialogRegistry {

    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final Supplier<CallRecordStore> store;

    /** One call, as the proxy tracks it. */
    static final class Call {
        final String outsideCallId;
        final Zone callerZone;
        final String fromTag;
        final Flow outsideFlow;
        final Instant created;
        volatile String toTag;
        volatile String state = "EARLY";
        volatile long lastActivityMillis;
        /** The leg towards the caller and the leg towards the callee, once answered. */
        volatile CallLeg callerLeg;
        volatile CallLeg calleeLeg;

        Call(String outsideCallId, Zone callerZone, String fromTag, Flow outsideFlow, Instant created) {
            this.outsideCallId = outsideCallId;
            this.callerZone = callerZone;
            this.fromTag = fromTag;
            this.outsideFlow = outsideFlow;
            this.created = created;
        }
    }

    CallTracker(Supplier<CallRecordStore> store) {
        this.store = store;
    }

    /** A dialog-creating INVITE was relayed. */
    Call started(String outsideCallId, Zone callerZone, String fromTag, Flow outsideFlow, String caller,
            String callee, String outsideTransport, String insideTransport, long nowMillis) {
        Instant now = Instant.ofEpochMilli(nowMillis);
        Call c = new Call(outsideCallId, callerZone, fromTag, outsideFlow, now);
        c.lastActivityMillis = nowMillis;
        if (calls.putIfAbsent(outsideCallId, c) != null) {
            return calls.get(outsideCallId);
        }
        CallRecordStore s = store.get();
        if (s != null) {
            s.callStarted(outsideCallId, callerZone == Zone.OUTSIDE ? "inbound" : "outbound", caller, callee,
                    outsideTransport, insideTransport, now);
        }
        return c;
    }

    Call call(String outsideCallId) {
        return calls.get(outsideCallId);
    }

    /** A 2xx to the dialog-creating INVITE was relayed. */
    void answered(String outsideCallId, String toTag, long nowMillis) {
        Call c = calls.get(outsideCallId);
        if (c == null || "CONFIRMED".equals(c.state) || "TERMINATED".equals(c.state)) {
            return;
        }
        c.toTag = toTag;
        c.state = "CONFIRMED";
        c.lastActivityMillis = nowMillis;
        CallRecordStore s = store.get();
        if (s != null) {
            s.callAnswered(outsideCallId, Instant.ofEpochMilli(nowMillis));
        }
    }

    /** How the call's media travels on each leg ({@code encryption}: outside, inside), for its record. */
    void media(String outsideCallId, String[] encryption) {
        CallRecordStore s = store.get();
        if (s != null && encryption != null) {
            s.callMedia(outsideCallId, encryption[0], encryption[1]);
        }
    }

    /** Any request or response in the dialog. */
    void touch(String outsideCallId, long nowMillis) {
        Call c = calls.get(outsideCallId);
        if (c != null) {
            c.lastActivityMillis = nowMillis;
        }
    }

    /**
     * The call ended.
     *
     * @return the call, or null when it was unknown or already ended
     */
    Call ended(String outsideCallId, String reason, long nowMillis) {
        Call c = calls.remove(outsideCallId);
        if (c == null) {
            return null;
        }
        c.state = "TERMINATED";
        CallRecordStore s = store.get();
        if (s != null) {
            s.callEnded(outsideCallId, reason, Instant.ofEpochMilli(nowMillis));
        }
        return c;
    }

    /** @return calls idle since before the cutoff (ended with reason {@code timeout} by the caller) */
    List<Call> idleSince(long cutoffMillis) {
        List<Call> out = new ArrayList<>();
        for (Call c : calls.values()) {
            if (c.lastActivityMillis < cutoffMillis) {
                out.add(c);
            }
        }
        return out;
    }

    @Override
    public List<DialogInfo> activeDialogs() {
        List<DialogInfo> out = new ArrayList<>();
        for (Call c : calls.values()) {
            out.add(info(c));
        }
        return out;
    }

    @Override
    public DialogInfo find(String outsideCallId) {
        Call c = calls.get(outsideCallId);
        return c == null ? null : info(c);
    }

    @Override
    public int activeCount() {
        return calls.size();
    }

    private static DialogInfo info(Call c) {
        return new DialogInfo(c.outsideCallId, c.callerZone, c.fromTag, c.toTag,
                c.outsideFlow == null ? null : c.outsideFlow.remote(),
                c.outsideFlow == null ? null : c.outsideFlow.protocol(), c.state, c.created);
    }
}
