package io.bulwark.media.dtls;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DTLS-SRTP handshake on one media leg (RFC 5763, RFC 5764): Bouncy Castle's DTLS 1.2 as
 * client or server on a {@link QueuedDatagramTransport}, run on the caller's executor so that no
 * event loop ever blocks. The relay's I/O thread hands the peer's DTLS datagrams to {@link
 * #deliver} (the first byte says which those are, {@link MediaPacketKind}); what the handshake
 * sends goes to the {@link DatagramSink}. The {@link #outcome()} completes exactly once, within
 * the settings' timeout of {@link #start}: {@link DtlsSrtpOutcome.Established} with the keys of
 * both directions, or {@link DtlsSrtpOutcome.Failed} with the reason. Nothing is thrown to the
 * caller once it is created.
 *
 * <p>Use: {@link #create}, make it reachable from the leg's I/O handler, {@link #start}, react to
 * {@link #outcome()}, and {@link #close()} with the leg.
 *
 * <p>After success the handshake stays attached until {@link #close()}: as server the appliance
 * sent the last flight, and must answer the client's retransmission if that flight was lost (RFC
 * 6347 section 4.2.4), and a peer's alert must be read. That work runs on the executor only when
 * such a datagram arrives, so an established leg holds no thread. {@link #close()} sends
 * close_notify when the handshake had succeeded, and ends a running one at once.
 *
 * <p>Threads: {@link #deliver} and {@link #close()} from any thread, never blocking; the
 * outcome completes on the handshake thread, or on the JDK's timer thread for a timeout, so
 * dependants that do real work should hop to their own thread ({@code thenAcceptAsync(f, loop)}).
 */
public final class DtlsSrtpHandshake implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DtlsSrtpHandshake.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DtlsRole role;
    private final DtlsCertificate certificate;
    private final List<CertificateFingerprint> peerFingerprints;
    private final DtlsSrtpSettings settings;
    private final QueuedDatagramTransport transport;
    private final CompletableFuture<DtlsSrtpOutcome> outcome = new CompletableFuture<>();
    private final AtomicBoolean started = new AtomicBoolean();
    /** The DTLS connection once established, until closed; used by one scheduled task at a time. */
    private final AtomicReference<DTLSTransport> established = new AtomicReference<>();
    private final AtomicBoolean afterwardsScheduled = new AtomicBoolean();
    private volatile Executor executor;
    private volatile DtlsSrtpNegotiation negotiation;
    private volatile long startNanos;
    private volatile boolean closedByCaller;
    /** The connection is to end: closed by the caller, or established after the outcome was already decided. */
    private volatile boolean closing;

    private DtlsSrtpHandshake(DtlsRole role, DtlsCertificate certificate, List<CertificateFingerprint> peerFingerprints,
            DtlsSrtpSettings settings, DatagramSink sink) {
        this.role = role;
        this.certificate = certificate;
        this.peerFingerprints = List.copyOf(peerFingerprints);
        this.settings = settings;
        this.transport = new QueuedDatagramTransport(settings.queueCapacity(), settings.maxDatagramSize(), sink);
    }

    /**
     * A handshake ready to {@link #start}. Creating and starting are two steps so that the relay
     * can make the handshake reachable from its I/O thread first: the peer's first datagram may
     * follow the appliance's ClientHello within microseconds, and {@link #deliver} keeps whatever
     * arrives before the start.
     *
     * @param role the role {@code a=setup} gave the appliance ({@link SetupAttribute})
     * @param certificate the appliance's certificate, whose fingerprint its SDP carried
     * @param peerFingerprints the peer's {@code a=fingerprint} values (media level, else session level)
     * @param settings profiles, timeout and limits
     * @param sink where datagrams to the peer go
     * @throws IllegalArgumentException when {@code peerFingerprints} is empty: without one no
     *     certificate can be accepted (RFC 5763 section 5 requires the attribute)
     */
    public static DtlsSrtpHandshake create(DtlsRole role, DtlsCertificate certificate,
            List<CertificateFingerprint> peerFingerprints, DtlsSrtpSettings settings, DatagramSink sink) {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(sink, "sink");
        if (peerFingerprints.isEmpty()) {
            throw new IllegalArgumentException("the peer's a=fingerprint is needed to check its certificate");
        }
        return new DtlsSrtpHandshake(role, certificate, peerFingerprints, settings, sink);
    }

    /**
     * Starts the handshake: as {@link DtlsRole#CLIENT} it sends its ClientHello at once, as
     * {@link DtlsRole#SERVER} it waits for the peer's. The timeout runs from here. Does nothing
     * when the handshake was closed before.
     *
     * @param executor runs the blocking protocol: a small pool, not an event loop; one thread per
     *     handshake in progress, for at most the timeout
     * @throws IllegalStateException when started before
     */
    public void start(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the handshake was started before");
        }
        long start = System.nanoTime();
        long timeoutNanos = settings.timeout().toNanos();
        this.startNanos = start;
        this.executor = executor;
        this.negotiation = new DtlsSrtpNegotiation(settings, certificate, peerFingerprints, start + timeoutNanos);
        transport.armDeadline(start + timeoutNanos);
        if (outcome.isDone()) {
            return; // closed before it started
        }
        // the outcome completes on time even if the executor is too busy to run the handshake
        CompletableFuture.delayedExecutor(timeoutNanos, TimeUnit.NANOSECONDS, Runnable::run).execute(this::expire);
        try {
            executor.execute(this::run);
        } catch (RejectedExecutionException e) {
            finish(new DtlsSrtpOutcome.Failed(DtlsFailure.INTERNAL_ERROR,
                    "the handshake executor refused the task: " + e.getMessage(), elapsedMillis()));
            transport.close();
        }
    }

    /**
     * Hands over a datagram the peer sent to the leg's port, before or after {@link #start}; the
     * relay calls it on the leg's I/O thread, and it never blocks. Copies {@code buf[off, off + len)}.
     *
     * @return false when it was dropped: not DTLS by its first octet, too large, the queue full, or closed
     */
    public boolean deliver(byte[] buf, int off, int len) {
        if (MediaPacketKind.of(buf, off, len) != MediaPacketKind.DTLS || !transport.offer(buf, off, len)) {
            return false;
        }
        if (established.get() != null) {
            scheduleAfterwards(); // a retransmitted flight or an alert: Bouncy Castle reads it on the executor
        }
        return true;
    }

    /**
     * The outcome, once it is known; a copy, so completing it changes nothing here. It completes
     * within the settings' timeout whatever the peer and the executor do.
     */
    public CompletableFuture<DtlsSrtpOutcome> outcome() {
        return outcome.copy();
    }

    /** The outcome if it is already known. */
    public Optional<DtlsSrtpOutcome> outcomeNow() {
        return Optional.ofNullable(outcome.getNow(null));
    }

    /** The role the appliance plays. */
    public DtlsRole role() {
        return role;
    }

    /**
     * Ends the handshake: a running one fails with {@link DtlsFailure#CLOSED} and its thread is
     * released at once; an established one sends close_notify (on the executor) and stops reading.
     * Idempotent; never blocks.
     */
    @Override
    public void close() {
        closedByCaller = true;
        closing = true;
        if (finish(new DtlsSrtpOutcome.Failed(DtlsFailure.CLOSED, "closed before the handshake finished",
                elapsedMillis()))) {
            transport.close();
            return;
        }
        if (established.get() != null) {
            scheduleAfterwards();
        } else {
            transport.close();
        }
    }

    // ---- the handshake thread ------------------------------------------------------------------

    private void run() {
        if (outcome.isDone()) {
            transport.close(); // timed out or closed before a thread was free
            return;
        }
        BcTlsCrypto crypto = new BcTlsCrypto(RANDOM);
        try {
            DTLSTransport dtls = role == DtlsRole.CLIENT
                    ? new DTLSClientProtocol().connect(new DtlsSrtpClient(crypto, negotiation), transport)
                    : new DTLSServerProtocol().accept(new DtlsSrtpServer(crypto, negotiation), transport);
            transport.handshakeFinished();
            DtlsSrtpOutcome.Established keys = negotiation.established(role, elapsedMillis());
            if (keys == null) {
                finish(new DtlsSrtpOutcome.Failed(DtlsFailure.INTERNAL_ERROR, "the SRTP keys were not exported",
                        elapsedMillis()));
                closeQuietly(dtls);
                return;
            }
            established.set(dtls); // before the outcome: a close() from now on finds the connection to end
            if (!finish(keys)) {
                closing = true; // closed or timed out meanwhile: nobody uses these keys, the peer gets close_notify
            }
            if (closing || transport.hasPending()) {
                scheduleAfterwards();
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            finish(failure(e));
            transport.close();
        }
    }

    private DtlsSrtpOutcome.Failed failure(Throwable e) {
        long ms = elapsedMillis();
        if (closedByCaller) {
            return new DtlsSrtpOutcome.Failed(DtlsFailure.CLOSED, "closed before the handshake finished", ms);
        }
        DtlsSrtpOutcome.Failed refusal = negotiation.refusal();
        if (refusal != null) {
            return new DtlsSrtpOutcome.Failed(refusal.reason(), refusal.detail(), ms);
        }
        if (e instanceof TlsTimeoutException) {
            return timedOut(ms);
        }
        if (e instanceof TlsFatalAlertReceived received) {
            return new DtlsSrtpOutcome.Failed(DtlsFailure.ALERT_RECEIVED,
                    "the peer sent alert " + AlertDescription.getText(received.getAlertDescription()), ms);
        }
        if (e instanceof TlsFatalAlert sent && sent.getAlertDescription() != AlertDescription.internal_error) {
            return new DtlsSrtpOutcome.Failed(DtlsFailure.PROTOCOL_ERROR, "alert sent: " + sent.getMessage(), ms);
        }
        return new DtlsSrtpOutcome.Failed(DtlsFailure.INTERNAL_ERROR, String.valueOf(e), ms);
    }

    private DtlsSrtpOutcome.Failed timedOut(long ms) {
        return new DtlsSrtpOutcome.Failed(DtlsFailure.TIMEOUT, "no DTLS handshake within "
                + settings.timeout().toMillis() + " ms", ms);
    }

    /** The overall timeout: fails the handshake if it is still running and releases its thread. */
    private void expire() {
        if (finish(timedOut(elapsedMillis()))) {
            transport.close();
        }
    }

    /** Completes the outcome if nothing did yet. @return whether this call did */
    private boolean finish(DtlsSrtpOutcome result) {
        boolean first = outcome.complete(result);
        if (first && LOG.isDebugEnabled()) {
            if (result instanceof DtlsSrtpOutcome.Established e) {
                LOG.debug("DTLS-SRTP as {}: {} in {} ms", role, e.profile(), e.elapsedMillis());
            } else if (result instanceof DtlsSrtpOutcome.Failed f) {
                LOG.debug("DTLS-SRTP as {} failed after {} ms: {} ({})", role, f.elapsedMillis(), f.reason(), f.detail());
            }
        }
        return first;
    }

    /** Milliseconds since {@link #start}, 0 before it. */
    private long elapsedMillis() {
        return started.get() ? TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos) : 0;
    }

    // ---- after the handshake -------------------------------------------------------------------

    private void scheduleAfterwards() {
        if (afterwardsScheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this::afterwards);
            } catch (RejectedExecutionException e) {
                afterwardsScheduled.set(false);
                established.set(null);
                transport.close(); // no thread to answer on: stop taking datagrams
                LOG.debug("DTLS-SRTP executor refused post-handshake work; connection dropped: {}", e.toString());
            }
        }
    }

    /**
     * Reads what the peer sent after the handshake (Bouncy Castle answers a retransmitted final
     * flight itself; DTLS-SRTP carries no application data) or, once closed, says close_notify.
     * One task at a time; it re-arms itself if work arrived while it finished.
     */
    private void afterwards() {
        byte[] discard = new byte[QueuedDatagramTransport.RECEIVE_LIMIT];
        do {
            DTLSTransport dtls = established.get();
            if (dtls != null && closing) {
                if (established.compareAndSet(dtls, null)) {
                    closeQuietly(dtls);
                }
            } else if (dtls != null) {
                try {
                    while (transport.hasPending() && !closing) {
                        dtls.receive(discard, 0, discard.length, 1);
                    }
                } catch (IOException | RuntimeException e) {
                    established.compareAndSet(dtls, null); // the peer closed or broke the connection
                    transport.close();
                    LOG.debug("DTLS-SRTP connection as {} ended by the peer: {}", role, e.toString());
                }
            }
            afterwardsScheduled.set(false);
        } while (hasAfterwardsWork() && afterwardsScheduled.compareAndSet(false, true));
    }

    private boolean hasAfterwardsWork() {
        return established.get() != null && (closing || transport.hasPending());
    }

    /** Sends close_notify and closes the transport; the peer may already be gone. */
    private void closeQuietly(DTLSTransport dtls) {
        try {
            dtls.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("DTLS-SRTP close_notify not sent: {}", e.toString());
        } finally {
            transport.close();
        }
    }
}
