package io.bulwark.sipproxy.proxy;

import io.bulwark.api.store.CallRecordStore;
import io.bulwark.sipproxy.inspect.InspectionChain;
import java.time.Clock;
import io.bulwark.api.transport.MessageContext;
import io.bulwark.api.transport.SipTransport;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import io.bulwark.sipproxy.codec.DecodeResult;
import io.bulwark.sipproxy.codec.SipDecoderConfig;
import io.bulwark.sipproxy.codec.SipMessageDecoder;
import io.bulwark.sipproxy.codec.SipMessageImpl;
import io.bulwark.sipproxy.codec.SipMessageValidator;
import io.bulwark.sipproxy.codec.SipResponses;
import io.bulwark.sipproxy.codec.ValidationResult;
import io.bulwark.sipproxy.codec.Via;
import java.net.InetSocketAddress;
import io.bulwark.sipproxy.trace.MessageTraceBuffer;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction-stateful proxy between trunk and PBX (RFC 3261 sections 16 and 17). Runs on
 * the transport's event-loop threads and never blocks; timers run on one scheduler thread.
 * Requests go through {@link RequestRelay}, responses through {@link ResponseRelay}.
 */
public final class SipProxy {

    private static final Logger LOG = LoggerFactory.getLogger(SipProxy.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    static final long T1_MS = 500;
    static final long T2_MS = 4000;
    /** How long finished transactions are kept to absorb retransmissions (64*T1). */
    static final long LINGER_MS = 32_000;
    /** {@link #LINGER_MS}, shortened only by tests that wait for every piece of state to go. */
    volatile long lingerMs = LINGER_MS;
    /** Timer C: how long an INVITE may stay in a provisional state (RFC 3261 says more than 3 min). */
    static final long TIMER_C_MS = 181_000;

    final SipTransport transport;
    final SipMessageDecoder decoder;
    final SipMessageValidator validator = new SipMessageValidator();
    final ContactMap contacts = new ContactMap();
    final CallIdMap callIds = new CallIdMap();
    final TopologyHider hider = new TopologyHider(contacts);
    final RequestRouter router;
    final CallTracker calls;
    final Map<String, ServerTransaction> servers = new ConcurrentHashMap<>();
    final Map<String, ClientTransaction> clients = new ConcurrentHashMap<>();
    final ScheduledExecutorService timers;
    final String branchPrefix;
    private final AtomicLong branchCounter = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    volatile ProxySettings settings;
    final RequestRelay requests;
    private final ResponseRelay responses;
    final ChallengeMemory challenges = new ChallengeMemory();
    /** Media anchoring: the relay and whether it is on (set by the component). */
    final MediaStep media = new MediaStep();
    /** The recent messages per Call-ID, for ladder diagrams. */
    public final MessageTraceBuffer trace = new MessageTraceBuffer(2000, 32);
    final CallEnder ender = new CallEnder(this);
    /** Where the proxy's own security events go (the component hands them to every sink). */
    volatile java.util.function.Consumer<io.bulwark.api.event.SecurityEvent> events = e -> { };
    /** The inspectors; none until the component binds some. */
    volatile InspectionChain inspection = new InspectionChain(List::of, SipProxy::wireText, Clock.systemUTC(),
            a -> false);

    public SipProxy(SipTransport transport, Supplier<CallRecordStore> store, ProxySettings settings,
            SipDecoderConfig decoderConfig) {
        this.transport = transport;
        this.settings = settings;
        this.decoder = new SipMessageDecoder(decoderConfig);
        this.router = new RequestRouter(contacts, settings);
        this.calls = new CallTracker(store);
        byte[] id = new byte[4];
        RANDOM.nextBytes(id);
        this.branchPrefix = "z9hG4bKbw" + HexFormat.of().formatHex(id) + ".";
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bulwark-sip-timers");
            t.setDaemon(true);
            return t;
        });
        this.requests = new RequestRelay(this);
        this.responses = new ResponseRelay(this);
        timers.scheduleWithFixedDelay(this::sweep, 10, 10, TimeUnit.SECONDS);
        timers.scheduleWithFixedDelay(this::sweepDeadlines, 1, 1, TimeUnit.SECONDS);
    }

    public void update(ProxySettings s) {
        this.settings = s;
        router.update(s);
    }

    public CallTracker calls() {
        return calls;
    }

    /** Uses this chain of inspectors from now on. */
    public void inspection(InspectionChain chain) {
        this.inspection = chain;
    }

    /** @return a message as it goes on the wire, for evidence */
    static String wireText(io.bulwark.api.sip.SipMessage m) {
        return m instanceof SipMessageImpl s ? InspectionChain.latin1(s.encode()) : String.valueOf(m);
    }

    /** Reports sources of repeated malformed messages; none until the component sets one. */
    private volatile MalformedReporter malformed;

    void malformedReporter(MalformedReporter r) {
        this.malformed = r;
    }

    private void reportMalformed(MessageContext ctx, String reason, byte[] frame) {
        MalformedReporter r = malformed;
        if (r != null) {
            r.malformed(ctx, reason, frame);
        }
    }

    /** Entry point for every framed message. */
    public void onFrame(byte[] frame, MessageContext ctx) {
        trace.record(System.currentTimeMillis(), true, ctx.zone(), ctx.protocol(), ctx.remote(), frame, 0, frame.length);
        DecodeResult r = decoder.decode(frame, 0, frame.length, !ctx.protocol().isStream());
        if (!r.ok()) {
            SipMessageImpl partial = r.message();
            if (r.errorStatus() > 0 && partial != null && partial.isRequest() && !"ACK".equals(partial.method())) {
                reject(partial, Flow.of(ctx), r.errorStatus(), r.errorReason(), null);
            } else {
                dropped.incrementAndGet();
            }
            LOG.debug("Malformed message from {} over {}: {}", ctx.remote(), ctx.protocol(), r.errorReason());
            reportMalformed(ctx, r.errorReason(), frame);
            return;
        }
        SipMessageImpl m = r.message();
        ValidationResult v = validator.validate(m);
        if (!v.ok()) {
            if (m.isRequest() && v.status() > 0 && !"ACK".equals(m.method())) {
                reject(m, Flow.of(ctx), v.status(), v.reason(), v.unsupported());
            } else {
                dropped.incrementAndGet();
            }
            LOG.debug("Rejected message from {}: {} {}", ctx.remote(), v.status(), v.reason());
            if (v.status() == 400 || v.status() == 0) {
                reportMalformed(ctx, v.reason(), frame);
            }
            return;
        }
        if (m.isRequest()) {
            requests.onRequest(m, ctx);
        } else {
            responses.onResponse(m, ctx);
        }
    }

    /**
     * A stream could not be framed; the transport closes the connection after this. When enough
     * of the message arrived to address an answer, the request gets a 400 naming the problem first.
     */
    public void onFramingError(String reason, byte[] partial, MessageContext ctx) {
        LOG.debug("Framing error from {} over {}: {}", ctx.remote(), ctx.protocol(), reason);
        reportMalformed(ctx, reason, partial);
        DecodeResult r = decoder.decode(partial, 0, partial.length, true);
        SipMessageImpl m = r.message();
        if (m != null && m.isRequest() && !"ACK".equals(m.method()) && m.callId() != null && m.topVia() != null) {
            reject(m, Flow.of(ctx), 400, reason, null);
        } else {
            dropped.incrementAndGet();
        }
    }

    /** Answers a request with an error status (the reason names what was wrong). */
    void reject(SipMessageImpl request, Flow to, int status, String reason, List<String> unsupported) {
        if ("ACK".equals(request.method())) {
            dropped.incrementAndGet(); // an ACK is never answered (RFC 3261 section 17.2.1)
            LOG.debug("ACK from {} dropped: {} {}", to.remote(), status, reason);
            return;
        }
        send(to, rejection(request, status, reason, unsupported));
    }

    /** @return the encoded error response to a request (counted as a rejection) */
    byte[] rejection(SipMessageImpl request, int status, String reason, List<String> unsupported) {
        rejected.incrementAndGet();
        SipMessageImpl resp = SipResponses.create(request, status, SipResponses.reasonPhrase(status), newTag());
        if (reason != null && !reason.isEmpty()) {
            resp.addHeader("Warning", "399 bulwark \"" + reason.replace('"', '\'').replace('\\', '/') + "\"");
        }
        if (unsupported != null && !unsupported.isEmpty()) {
            resp.addHeader("Unsupported", String.join(", ", unsupported));
        }
        return resp.encode();
    }

    void send(Flow to, byte[] bytes) {
        trace.record(System.currentTimeMillis(), false, to.zone(), to.protocol(), to.remote(), bytes, 0, bytes.length);
        if (!transport.send(to.zone(), to.protocol(), to.remote(), to.connectionId(), bytes)) {
            dropped.incrementAndGet();
            LOG.debug("No {} listener in zone {}: message to {} dropped", to.protocol(), to.zone(), to.remote());
        }
    }

    String newBranch() {
        return branchPrefix + Long.toString(branchCounter.incrementAndGet(), 36);
    }

    String newTag() {
        return "bw" + Long.toString(branchCounter.incrementAndGet(), 36) + Long.toString(System.nanoTime() & 0xffffff, 36);
    }

    /** @return our Via for a request sent on {@code to} */
    String viaFor(Flow to, String branch) {
        InetSocketAddress self = transport.advertisedAddress(to.zone(), to.protocol());
        String host = self == null ? "0.0.0.0" : self.getHostString();
        if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        int port = self == null ? to.protocol().defaultPort() : self.getPort();
        return "SIP/2.0/" + to.protocol().viaToken() + " " + host + ":" + port + ";branch=" + branch + ";rport";
    }

    /** @return the appliance's advertised address on a zone for a transport (never null) */
    InetSocketAddress self(Zone zone, TransportProtocol protocol) {
        InetSocketAddress a = transport.advertisedAddress(zone, protocol);
        if (a == null) {
            a = transport.advertisedAddress(zone, TransportProtocol.UDP);
        }
        return a == null ? InetSocketAddress.createUnresolved("0.0.0.0", protocol.defaultPort()) : a;
    }

    /**
     * @param host a host from a header, without brackets, lower case
     * @param inside the flow on the inside zone of this crossing
     * @return true when the host is the PBX, the inside peer or the appliance's own inside address:
     *     an address that must never be shown outside
     */
    boolean isInsideHost(String host, Flow inside) {
        if (host.equals(settings.pbxHost())) {
            return true;
        }
        if (inside.remote().getAddress() != null && host.equals(inside.remote().getAddress().getHostAddress())) {
            return true;
        }
        // every transport of a zone advertises the same host: the first bound one tells
        for (TransportProtocol tp : TransportProtocol.values()) {
            InetSocketAddress a = transport.advertisedAddress(Zone.INSIDE, tp);
            if (a != null) {
                return host.equalsIgnoreCase(TopologyHider.stripBrackets(a.getHostString()));
            }
        }
        return false;
    }

    /**
     * Server transaction key (RFC 3261 section 17.2.3, with the RFC 2543 fallback), qualified by
     * the flow it came on: a message from another source or transport never matches someone
     * else's transaction, so nobody can cancel or "retransmit" into a stranger's call.
     */
    static String serverKey(SipMessageImpl m, String method, Flow from) {
        Via top = m.topVia();
        String branch = top == null ? null : top.branch();
        String source = from.protocol() + "|" + from.remote();
        if (branch != null && branch.startsWith("z9hG4bK") && branch.length() > 7) {
            return branch + "|" + top.host() + ":" + top.port() + "|" + method + "|" + source;
        }
        return m.callId() + "|" + m.cseq() + "|" + m.fromTag() + "|" + m.requestUri() + "|" + method + "|" + source;
    }

    /** Drops the Call-ID mapping of an ended call once late retransmissions can no longer arrive. */
    void forgetCallLater(String outsideCallId) {
        timers.schedule(() -> callIds.removeByOutside(outsideCallId), lingerMs, TimeUnit.MILLISECONDS);
    }

    void lingerServer(ServerTransaction st) {
        timers.schedule(() -> servers.remove(st.key, st), lingerMs, TimeUnit.MILLISECONDS);
    }

    void lingerClient(String key, ClientTransaction ct) {
        timers.schedule(() -> clients.remove(key, ct), lingerMs, TimeUnit.MILLISECONDS);
    }

    private void sweepDeadlines() {
        try {
            ender.sweep(System.currentTimeMillis());
        } catch (RuntimeException e) {
            LOG.warn("Call deadline sweep failed", e);
        }
    }

    /**
     * Ends an answered call from the appliance: BYE to both parties.
     *
     * @param callId the Call-ID on either leg
     * @param reason why (call record, Reason header)
     * @return true when the call was up and has been ended
     */
    public boolean endCall(String callId, String reason) {
        return ender.end(callId, reason);
    }

    /**
     * @param callId the Call-ID on either leg
     * @param at when the call must end
     * @param reason why
     * @param eventKind the kind of the event raised when it ends the call, or null
     * @return false when too many deadlines are pending
     */
    public boolean endCallAt(String callId, java.time.Instant at, String reason, String eventKind) {
        return ender.deadline(callId, at, reason, eventKind);
    }

    private void sweep() {
        try {
            long now = System.currentTimeMillis();
            long cutoff = now - settings.dialogIdleTimeoutMs();
            for (CallTracker.Call c : calls.idleSince(cutoff)) {
                calls.ended(c.outsideCallId, "idle-timeout", now);
                callIds.removeByOutside(c.outsideCallId);
            }
            contacts.expire(cutoff);
            callIds.expire(cutoff);
        } catch (RuntimeException e) {
            LOG.warn("SIP state sweep failed", e);
        }
    }

    /** Counters for status displays. */
    public Map<String, Long> counters() {
        return Map.of("servers", (long) servers.size(), "clients", (long) clients.size(),
                "contacts", (long) contacts.size(), "callIds", (long) callIds.size(),
                "calls", (long) calls.activeCount(), "dropped", dropped.get(), "rejected", rejected.get());
    }

    public void close() {
        timers.shutdownNow();
    }
}
