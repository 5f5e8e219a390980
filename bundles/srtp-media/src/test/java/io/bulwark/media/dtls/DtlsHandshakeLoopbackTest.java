package io.bulwark.media.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.media.srtp.SrtpSession;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two real handshakes, the appliance against itself, wired back to back in memory (or over UDP
 * on 127.0.0.1 for the silent peer): both ends must export the same keys, refuse a wrong
 * fingerprint or a missing common profile, time out on a silent peer, release their threads, and
 * recover a lost final flight. Interoperability with another implementation is {@link
 * DtlsOpensslInteropTest}'s job.
 */
class DtlsHandshakeLoopbackTest {

    private static final DtlsCertificate CLIENT_CERT = DtlsCertificate.generate();
    private static final DtlsCertificate SERVER_CERT = DtlsCertificate.generate();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static ThreadPoolExecutor executor;

    @BeforeAll
    static void startExecutor() {
        executor = new ThreadPoolExecutor(4, 4, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
    }

    @AfterAll
    static void stopExecutor() throws InterruptedException {
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
    }

    /** A client and a server whose sinks deliver to each other; {@code dropToClient} may lose server datagrams. */
    private record Pair(DtlsSrtpHandshake client, DtlsSrtpHandshake server, List<byte[]> toClient) {

        DtlsSrtpOutcome clientOutcome() throws Exception {
            return client.outcome().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        DtlsSrtpOutcome serverOutcome() throws Exception {
            return server.outcome().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        void close() {
            client.close();
            server.close();
        }
    }

    private static Pair connect(DtlsSrtpSettings clientSettings, DtlsSrtpSettings serverSettings,
            CertificateFingerprint serverAsSignalled, CertificateFingerprint clientAsSignalled,
            Predicate<byte[]> dropToClient) {
        AtomicReference<DtlsSrtpHandshake> client = new AtomicReference<>();
        List<byte[]> toClient = Collections.synchronizedList(new ArrayList<>());
        DtlsSrtpHandshake server = DtlsSrtpHandshake.create(DtlsRole.SERVER, SERVER_CERT, List.of(clientAsSignalled),
                serverSettings, d -> {
                    toClient.add(d);
                    if (!dropToClient.test(d)) {
                        client.get().deliver(d, 0, d.length);
                    }
                });
        client.set(DtlsSrtpHandshake.create(DtlsRole.CLIENT, CLIENT_CERT, List.of(serverAsSignalled), clientSettings,
                d -> server.deliver(d, 0, d.length)));
        server.start(executor);
        client.get().start(executor);
        return new Pair(client.get(), server, toClient);
    }

    private static DtlsSrtpHandshake started(DtlsRole role, DtlsCertificate certificate, CertificateFingerprint peer,
            DtlsSrtpSettings settings, DatagramSink sink, java.util.concurrent.Executor on) {
        DtlsSrtpHandshake h = DtlsSrtpHandshake.create(role, certificate, List.of(peer), settings, sink);
        h.start(on);
        return h;
    }

    private static Pair connect(DtlsSrtpSettings settings) {
        return connect(settings, settings, SERVER_CERT.fingerprint(), CLIENT_CERT.fingerprint(), d -> false);
    }

    private static DtlsSrtpOutcome.Established established(DtlsSrtpOutcome o) {
        return assertInstanceOf(DtlsSrtpOutcome.Established.class, o, () -> "not established: " + o);
    }

    private static DtlsSrtpOutcome.Failed failed(DtlsSrtpOutcome o, DtlsFailure reason) {
        DtlsSrtpOutcome.Failed f = assertInstanceOf(DtlsSrtpOutcome.Failed.class, o, () -> "not failed: " + o);
        assertEquals(reason, f.reason(), f.detail());
        return f;
    }

    @ParameterizedTest
    @EnumSource(SrtpProtectionProfile.class)
    void bothEndsExportTheSameKeysAndMediaFlowsBothWays(SrtpProtectionProfile profile) throws Exception {
        Pair p = connect(DtlsSrtpSettings.defaults().withProfiles(List.of(profile)));
        try {
            DtlsSrtpOutcome.Established client = established(p.clientOutcome());
            DtlsSrtpOutcome.Established server = established(p.serverOutcome());
            assertEquals(profile, client.profile());
            assertEquals(profile, server.profile());
            assertEquals(profile.suite(), client.suite());
            assertEquals(DtlsRole.CLIENT, client.role());
            assertEquals(DtlsRole.SERVER, server.role());
            assertArrayEquals(client.protect().key(), server.unprotect().key());
            assertArrayEquals(client.protect().salt(), server.unprotect().salt());
            assertArrayEquals(server.protect().key(), client.unprotect().key());
            assertArrayEquals(server.protect().salt(), client.unprotect().salt());
            assertFalse(java.util.Arrays.equals(client.protect().key(), client.unprotect().key()), "a key per direction");
            assertEquals(profile.suite().keyLength(), client.protect().key().length);
            assertEquals(profile.suite().saltLength(), client.protect().salt().length);
            assertTrue(client.protect().policy().srtcpEncrypted());

            assertMediaFlows(client.protect().newSession(), server.unprotect().newSession(), 1);
            assertMediaFlows(server.protect().newSession(), client.unprotect().newSession(), 2);
            // and never across: the client's own keys cannot read what it sent
            byte[] rtp = rtp(7, new Random(3));
            int n = client.protect().newSession().protectRtp(rtp, 0, 172);
            assertTrue(client.unprotect().newSession().unprotectRtp(rtp, 0, n) < 0, "each direction has its own key");
        } finally {
            p.close();
        }
    }

    private static byte[] rtp(int seq, Random random) {
        byte[] buf = new byte[172 + 64];
        buf[0] = (byte) 0x80;
        buf[2] = (byte) (seq >> 8);
        buf[3] = (byte) seq;
        buf[8] = 0x12;
        buf[11] = 0x34;
        for (int i = 12; i < 172; i++) {
            buf[i] = (byte) random.nextInt();
        }
        return buf;
    }

    private static void assertMediaFlows(SrtpSession sender, SrtpSession receiver, long seed) {
        Random random = new Random(seed);
        for (int seq = 100; seq < 110; seq++) {
            byte[] plain = rtp(seq, random);
            byte[] wire = plain.clone();
            int n = sender.protectRtp(wire, 0, 172);
            assertTrue(n > 172, "protected: " + n);
            assertEquals(172, receiver.unprotectRtp(wire, 0, n));
            assertArrayEquals(java.util.Arrays.copyOf(plain, 172), java.util.Arrays.copyOf(wire, 172));
        }
    }

    @Test
    void theServerChoosesByItsOwnPreference() throws Exception {
        DtlsSrtpSettings clientSettings = DtlsSrtpSettings.defaults().withProfiles(List.of(
                SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_32, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80,
                SrtpProtectionProfile.SRTP_AEAD_AES_256_GCM));
        DtlsSrtpSettings serverSettings = DtlsSrtpSettings.defaults(); // GCM-128, CM-80, GCM-256, CM-32
        Pair p = connect(clientSettings, serverSettings, SERVER_CERT.fingerprint(), CLIENT_CERT.fingerprint(), d -> false);
        try {
            assertEquals(SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, established(p.clientOutcome()).profile());
            assertEquals(SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, established(p.serverOutcome()).profile());
        } finally {
            p.close();
        }
    }

    @Test
    void theClientRefusesAServerWithTheWrongCertificate() throws Exception {
        Pair p = connect(DtlsSrtpSettings.defaults(), DtlsSrtpSettings.defaults(), CLIENT_CERT.fingerprint(),
                CLIENT_CERT.fingerprint(), d -> false);
        try {
            DtlsSrtpOutcome.Failed client = failed(p.clientOutcome(), DtlsFailure.FINGERPRINT_MISMATCH);
            assertTrue(client.detail().contains(SERVER_CERT.fingerprint().sdpValue()), client.detail());
            DtlsSrtpOutcome.Failed server = failed(p.serverOutcome(), DtlsFailure.ALERT_RECEIVED);
            assertTrue(server.detail().contains("bad_certificate"), server.detail());
        } finally {
            p.close();
        }
    }

    @Test
    void theServerRefusesAClientWithTheWrongCertificate() throws Exception {
        Pair p = connect(DtlsSrtpSettings.defaults(), DtlsSrtpSettings.defaults(), SERVER_CERT.fingerprint(),
                SERVER_CERT.fingerprint(), d -> false);
        try {
            failed(p.serverOutcome(), DtlsFailure.FINGERPRINT_MISMATCH);
            DtlsSrtpOutcome.Failed client = failed(p.clientOutcome(), DtlsFailure.ALERT_RECEIVED);
            assertTrue(client.detail().contains("bad_certificate"), client.detail());
        } finally {
            p.close();
        }
    }

    @Test
    void noCommonProfileEndsTheHandshakeOnBothSides() throws Exception {
        Pair p = connect(DtlsSrtpSettings.defaults().withProfiles(List.of(SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80)),
                DtlsSrtpSettings.defaults().withProfiles(List.of(SrtpProtectionProfile.SRTP_AEAD_AES_256_GCM)),
                SERVER_CERT.fingerprint(), CLIENT_CERT.fingerprint(), d -> false);
        try {
            DtlsSrtpOutcome.Failed server = failed(p.serverOutcome(), DtlsFailure.NO_COMMON_PROFILE);
            assertTrue(server.detail().contains("SRTP_AES128_CM_HMAC_SHA1_80"), server.detail());
            DtlsSrtpOutcome.Failed client = failed(p.clientOutcome(), DtlsFailure.ALERT_RECEIVED);
            assertTrue(client.detail().contains("handshake_failure"), client.detail());
        } finally {
            p.close();
        }
    }

    @Test
    void aLostFinalFlightIsRetransmittedAfterTheServerIsDone() throws Exception {
        // lose the server's ChangeCipherSpec and Finished once: the client must retransmit its flight,
        // and the server, already established, must answer it from the post-handshake path
        AtomicInteger finalFlightDatagrams = new AtomicInteger();
        Predicate<byte[]> loseFinalFlightOnce = d -> {
            boolean finalFlight = d[0] == 20 || (d.length > 4 && d[0] == 22 && d[4] == 1); // CCS, or epoch 1 handshake
            return finalFlight && finalFlightDatagrams.getAndIncrement() < 2;
        };
        Pair p = connect(DtlsSrtpSettings.defaults(), DtlsSrtpSettings.defaults(), SERVER_CERT.fingerprint(),
                CLIENT_CERT.fingerprint(), loseFinalFlightOnce);
        try {
            DtlsSrtpOutcome.Established server = established(p.serverOutcome());
            DtlsSrtpOutcome.Established client = established(p.clientOutcome());
            assertTrue(finalFlightDatagrams.get() >= 4, "the final flight (2 datagrams) was lost, then sent again: "
                    + finalFlightDatagrams.get());
            assertTrue(client.elapsedMillis() >= 900, "the client waited for its retransmission timer: "
                    + client.elapsedMillis() + " ms");
            assertArrayEquals(client.protect().key(), server.unprotect().key());
            assertArrayEquals(server.protect().key(), client.unprotect().key());
        } finally {
            p.close();
        }
    }

    @Test
    void closingAnEstablishedHandshakeSendsCloseNotify() throws Exception {
        Pair p = connect(DtlsSrtpSettings.defaults());
        try {
            established(p.serverOutcome());
            established(p.clientOutcome());
            int before = p.toClient().size();
            p.server().close();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (p.toClient().size() == before && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(p.toClient().size() > before, "the server sent something on close");
            byte[] last = p.toClient().get(p.toClient().size() - 1);
            assertEquals(21, last[0], "an alert record (close_notify, encrypted in epoch 1)");
            assertEquals(1, last[4], "epoch 1");
            // the client read it and closed: it takes no more datagrams
            byte[] record = last.clone();
            deadline = System.nanoTime() + WAIT.toNanos();
            while (p.client().deliver(record, 0, record.length) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(p.client().deliver(record, 0, record.length), "the client closed after close_notify");
            assertTrue(p.client().outcomeNow().orElseThrow() instanceof DtlsSrtpOutcome.Established,
                    "the outcome stays what it was");
        } finally {
            p.close();
        }
    }

    @Test
    void aSilentPeerOverUdpTimesOutAndReleasesTheThread() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                UdpDtlsEndpoint ours = UdpDtlsEndpoint.open()) {
            long start = System.nanoTime();
            DtlsSrtpHandshake h = ours.start(DtlsRole.CLIENT, CLIENT_CERT, List.of(SERVER_CERT.fingerprint()),
                    DtlsSrtpSettings.defaults().withTimeout(Duration.ofMillis(1500)),
                    (InetSocketAddress) silent.getLocalSocketAddress(), executor);
            DtlsSrtpOutcome.Failed f = failed(h.outcome().get(WAIT.toSeconds(), TimeUnit.SECONDS), DtlsFailure.TIMEOUT);
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(took >= 1400 && took < 4000, "timed out after " + took + " ms");
            assertTrue(f.elapsedMillis() >= 1400, f.toString());
            assertTrue(f.detail().contains("1500 ms"), f.detail());
            awaitIdle();
        }
    }

    @Test
    void aServerWaitingForAClientTimesOut() throws Exception {
        DtlsSrtpHandshake server = started(DtlsRole.SERVER, SERVER_CERT, CLIENT_CERT.fingerprint(),
                DtlsSrtpSettings.defaults().withTimeout(Duration.ofMillis(300)), d -> { }, executor);
        failed(server.outcome().get(WAIT.toSeconds(), TimeUnit.SECONDS), DtlsFailure.TIMEOUT);
        awaitIdle();
    }

    @Test
    void closeEndsARunningHandshakeAtOnce() throws Exception {
        DtlsSrtpHandshake server = started(DtlsRole.SERVER, SERVER_CERT, CLIENT_CERT.fingerprint(),
                DtlsSrtpSettings.defaults(), d -> { }, executor);
        Thread.sleep(100); // the handshake thread is now waiting for a ClientHello
        long start = System.nanoTime();
        server.close();
        DtlsSrtpOutcome.Failed f = failed(server.outcome().get(WAIT.toSeconds(), TimeUnit.SECONDS), DtlsFailure.CLOSED);
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 1000, f.toString());
        awaitIdle();
        assertFalse(server.deliver(new byte[] {22, (byte) 0xfe, (byte) 0xfd}, 0, 3), "closed: nothing is taken");
        server.close(); // twice is harmless
    }

    @Test
    void theOutcomeComesOnTimeEvenWhenTheExecutorNeverRunsTheHandshake() throws Exception {
        ThreadPoolExecutor single = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
        CountDownLatch release = new CountDownLatch(1);
        try {
            single.execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            DtlsSrtpHandshake h = started(DtlsRole.CLIENT, CLIENT_CERT, SERVER_CERT.fingerprint(),
                    DtlsSrtpSettings.defaults().withTimeout(Duration.ofMillis(300)), d -> { }, single);
            failed(h.outcome().get(5, TimeUnit.SECONDS), DtlsFailure.TIMEOUT);
            release.countDown();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (single.getCompletedTaskCount() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(2, single.getCompletedTaskCount(), "the late handshake task ran and returned");
            assertEquals(0, single.getActiveCount(), "and holds no thread");
        } finally {
            single.shutdownNow();
        }
    }

    @Test
    void anExecutorThatRefusesGivesAnImmediateFailure() {
        ThreadPoolExecutor stopped = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
        stopped.shutdown();
        DtlsSrtpHandshake h = started(DtlsRole.CLIENT, CLIENT_CERT, SERVER_CERT.fingerprint(),
                DtlsSrtpSettings.defaults(), d -> { }, stopped);
        failed(h.outcomeNow().orElseThrow(), DtlsFailure.INTERNAL_ERROR);
    }

    @Test
    void withoutAPeerFingerprintNothingStarts() {
        assertThrows(IllegalArgumentException.class, () -> DtlsSrtpHandshake.create(DtlsRole.CLIENT, CLIENT_CERT, List.of(),
                DtlsSrtpSettings.defaults(), d -> { }));
    }

    @Test
    void nonDtlsDatagramsAreNotTaken() {
        DtlsSrtpHandshake server = started(DtlsRole.SERVER, SERVER_CERT, CLIENT_CERT.fingerprint(),
                DtlsSrtpSettings.defaults(), d -> { }, executor);
        try {
            assertFalse(server.deliver(new byte[] {(byte) 0x80, 0, 0, 1}, 0, 4), "RTP");
            assertFalse(server.deliver(new byte[] {0, 1, 0, 0}, 0, 4), "STUN");
            assertFalse(server.deliver(new byte[0], 0, 0), "empty");
            byte[] huge = new byte[QueuedDatagramTransport.RECEIVE_LIMIT + 1];
            huge[0] = 22;
            assertFalse(server.deliver(huge, 0, huge.length), "too large");
            assertTrue(server.deliver(new byte[] {22, (byte) 0xfe, (byte) 0xfd}, 0, 3), "a DTLS record is taken");
        } finally {
            server.close();
        }
    }

    @Test
    void theQueueIsBounded() {
        QueuedDatagramTransport t = new QueuedDatagramTransport(3, 1200, d -> { });
        byte[] record = {22, (byte) 0xfe, (byte) 0xfd, 0};
        assertTrue(t.offer(record, 0, 4));
        assertTrue(t.offer(record, 0, 4));
        assertTrue(t.offer(record, 0, 4));
        assertFalse(t.offer(record, 0, 4), "full: dropped, as the network would");
        t.close();
        assertFalse(t.offer(record, 0, 4), "closed");
    }

    @Test
    void datagramsThatArriveBeforeTheStartAreKept() throws Exception {
        // the relay makes the handshake reachable, then starts it: the peer's ClientHello may come in between
        AtomicReference<DtlsSrtpHandshake> client = new AtomicReference<>();
        DtlsSrtpHandshake server = DtlsSrtpHandshake.create(DtlsRole.SERVER, SERVER_CERT, List.of(CLIENT_CERT.fingerprint()),
                DtlsSrtpSettings.defaults(), d -> client.get().deliver(d, 0, d.length));
        client.set(started(DtlsRole.CLIENT, CLIENT_CERT, SERVER_CERT.fingerprint(), DtlsSrtpSettings.defaults(),
                d -> server.deliver(d, 0, d.length), executor));
        Thread.sleep(200); // the ClientHello waits in the server's queue
        server.start(executor);
        try {
            established(server.outcome().get(WAIT.toSeconds(), TimeUnit.SECONDS));
            DtlsSrtpOutcome.Established c = established(client.get().outcome().get(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertTrue(c.elapsedMillis() < 900, "no retransmission was needed: " + c.elapsedMillis() + " ms");
            assertThrows(IllegalStateException.class, () -> server.start(executor), "one start only");
        } finally {
            client.get().close();
            server.close();
        }
    }

    @Test
    void closedBeforeTheStartNeverRuns() {
        DtlsSrtpHandshake h = DtlsSrtpHandshake.create(DtlsRole.CLIENT, CLIENT_CERT, List.of(SERVER_CERT.fingerprint()),
                DtlsSrtpSettings.defaults(), d -> {
                    throw new AssertionError("nothing may be sent");
                });
        h.close();
        failed(h.outcomeNow().orElseThrow(), DtlsFailure.CLOSED);
        ThreadPoolExecutor own = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
        try {
            h.start(own);
            assertEquals(0, own.getTaskCount(), "no handshake task was submitted");
            failed(h.outcomeNow().orElseThrow(), DtlsFailure.CLOSED);
        } finally {
            own.shutdownNow();
        }
    }

    @Test
    void keysAppearInNoToString() throws Exception {
        Pair p = connect(DtlsSrtpSettings.defaults());
        try {
            DtlsSrtpOutcome.Established e = established(p.clientOutcome());
            established(p.serverOutcome());
            String text = e + " " + e.protect() + " " + e.unprotect() + " " + e.protect().policy();
            for (SrtpMasterKey k : List.of(e.protect(), e.unprotect())) {
                for (byte[] secret : List.of(k.key(), k.salt())) {
                    HexFormat hex = HexFormat.of();
                    assertFalse(text.contains(hex.formatHex(secret)), text);
                    assertFalse(text.contains(hex.withUpperCase().formatHex(secret)), text);
                    assertFalse(text.contains(Base64.getEncoder().encodeToString(secret)), text);
                    assertFalse(text.contains(java.util.Arrays.toString(secret)), text);
                }
            }
            assertTrue(text.contains("redacted"), text);
        } finally {
            p.close();
        }
    }

    /** How long a handshake takes here, both ends in this JVM: printed for the README, bounded loosely. */
    @Test
    void loopbackHandshakeTime() throws Exception {
        for (int i = 0; i < 5; i++) { // warm up the JIT and Bouncy Castle's class loading
            Pair p = connect(DtlsSrtpSettings.defaults());
            established(p.clientOutcome());
            p.close();
        }
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Pair p = connect(DtlsSrtpSettings.defaults());
            millis.add(established(p.clientOutcome()).elapsedMillis());
            established(p.serverOutcome());
            p.close();
        }
        Collections.sort(millis);
        System.out.println("DTLS-SRTP loopback handshake (client's view, 20 runs): min " + millis.get(0) + " ms, median "
                + millis.get(10) + " ms, max " + millis.get(19) + " ms");
        assertTrue(millis.get(10) < 2000, "median " + millis.get(10) + " ms");
    }

    private static void awaitIdle() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (executor.getActiveCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, executor.getActiveCount(), "every handshake thread was released");
    }
}
