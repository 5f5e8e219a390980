package io.bulwark.media.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opentest4j.TestAbortedException;

/**
 * DTLS-SRTP against OpenSSL 3 ({@code openssl s_server} and {@code s_client}, an implementation
 * that shares no code with Bouncy Castle) over UDP on 127.0.0.1, the appliance as client and as
 * server: the profile both agree on, and the keying material OpenSSL prints for the RFC 5764
 * exporter, must be what the appliance derived; a wrong fingerprint and a missing common profile
 * must end the handshake. Every expected value comes from OpenSSL's output or from the profile
 * lists given to both sides, never from the appliance.
 */
class DtlsOpensslInteropTest {

    private static final DtlsCertificate OURS = DtlsCertificate.generate();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static OpensslDtlsPeer openssl;
    private static String unavailable;
    private static ExecutorService executor;

    @BeforeAll
    static void setUp() throws Exception {
        executor = Executors.newFixedThreadPool(2);
        try {
            openssl = OpensslDtlsPeer.create();
        } catch (TestAbortedException e) {
            unavailable = e.getMessage(); // each test is then reported skipped, with this reason
        }
    }

    @AfterAll
    static void tearDown() throws InterruptedException {
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
    }

    @BeforeEach
    void needsOpenssl() {
        Assumptions.assumeTrue(unavailable == null, () -> unavailable);
    }

    private static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    private static DtlsSrtpOutcome outcome(DtlsSrtpHandshake h) throws Exception {
        return h.outcome().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static DtlsSrtpOutcome.Established established(DtlsSrtpOutcome o, OpensslDtlsPeer.Session peer) {
        return assertInstanceOf(DtlsSrtpOutcome.Established.class, o, () -> o + "\n" + peer.output());
    }

    private static DtlsSrtpOutcome.Failed failed(DtlsSrtpOutcome o, DtlsFailure reason, OpensslDtlsPeer.Session peer) {
        DtlsSrtpOutcome.Failed f = assertInstanceOf(DtlsSrtpOutcome.Failed.class, o, () -> o + "\n" + peer.output());
        assertEquals(reason, f.reason(), () -> f.detail() + "\n" + peer.output());
        return f;
    }

    /** What the appliance exported, laid out as RFC 5764 section 4.2 has the exporter's output. */
    static byte[] exported(DtlsSrtpOutcome.Established e) {
        SrtpMasterKey client = e.role() == DtlsRole.CLIENT ? e.protect() : e.unprotect();
        SrtpMasterKey server = e.role() == DtlsRole.CLIENT ? e.unprotect() : e.protect();
        byte[][] parts = {client.key(), server.key(), client.salt(), server.salt()};
        byte[] out = new byte[e.profile().keyingMaterialLength()];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        assertEquals(out.length, at);
        return out;
    }

    /** What OpenSSL says we offered to accept: ECDSA and RSA with SHA-2 only, never SHA-1, SHA-224 or DSA. */
    private static void assertNoWeakSignatures(String line) {
        String list = line.substring(line.indexOf(':') + 1);
        assertTrue(list.contains("ECDSA+SHA256"), line);
        for (String algorithm : list.trim().split(":")) {
            assertFalse(algorithm.endsWith("+SHA1") || algorithm.endsWith("+SHA224") || algorithm.startsWith("DSA+"),
                    algorithm + " offered: " + line);
        }
    }

    @Test
    void fingerprintsAgreeWithOpenssl() throws Exception {
        // ours, as openssl x509 sees it
        Path pem = Files.createTempFile(Files.createDirectories(Path.of("target", "dtls-openssl")), "ours", ".pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(OURS.encoded()) + "\n-----END CERTIFICATE-----\n", StandardCharsets.US_ASCII);
        assertEquals(OpensslDtlsPeer.fingerprintOf(pem), OURS.fingerprint());
        // openssl's, as we compute it
        assertEquals(openssl.fingerprint(), CertificateFingerprint.of(FingerprintHash.SHA_256, openssl.certificateDer()));
        assertTrue(openssl.fingerprint().matches(openssl.certificateDer()));
    }

    @ParameterizedTest
    @EnumSource(SrtpProtectionProfile.class)
    void asClientAgainstOpensslServer(SrtpProtectionProfile profile) throws Exception {
        int port = OpensslDtlsPeer.freePort();
        try (OpensslDtlsPeer.Session server = openssl.server(port, OpensslDtlsPeer.opensslName(profile),
                profile.keyingMaterialLength()); UdpDtlsEndpoint ours = UdpDtlsEndpoint.open()) {
            DtlsSrtpHandshake h = ours.start(DtlsRole.CLIENT, OURS, List.of(openssl.fingerprint()),
                    DtlsSrtpSettings.defaults(), loopback(port), executor);
            DtlsSrtpOutcome.Established e = established(outcome(h), server);
            assertEquals(profile, e.profile());
            assertEquals(OpensslDtlsPeer.opensslName(profile), server.srtpProfile());
            assertArrayEquals(server.keyingMaterial(), exported(e), server.output());
            assertNoWeakSignatures(server.line("Signature Algorithms: "));
            System.out.println("DTLS-SRTP as client against " + openssl.version() + ": " + profile + " in "
                    + e.elapsedMillis() + " ms");
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProtectionProfile.class)
    void asServerAgainstOpensslClient(SrtpProtectionProfile profile) throws Exception {
        try (UdpDtlsEndpoint ours = UdpDtlsEndpoint.open()) {
            DtlsSrtpHandshake h = ours.start(DtlsRole.SERVER, OURS, List.of(openssl.fingerprint()),
                    DtlsSrtpSettings.defaults(), null, executor);
            try (OpensslDtlsPeer.Session client = openssl.client(ours.port(), OpensslDtlsPeer.opensslName(profile),
                    profile.keyingMaterialLength())) {
                DtlsSrtpOutcome.Established e = established(outcome(h), client);
                assertEquals(profile, e.profile());
                assertEquals(OpensslDtlsPeer.opensslName(profile), client.srtpProfile());
                assertArrayEquals(client.keyingMaterial(), exported(e), client.output());
                assertEquals(0, ours.notDtls(), "OpenSSL sent only DTLS");
                assertTrue(client.line("Client Certificate Types: ").contains("ECDSA sign"), "our server asks for a certificate");
                assertNoWeakSignatures(client.line("Requested Signature Algorithms: "));
                System.out.println("DTLS-SRTP as server against " + openssl.version() + ": " + profile + " in "
                        + e.elapsedMillis() + " ms (from our start, including s_client's start)");
            }
        }
    }

    @Test
    void opensslAsServerPicksFromItsListAndWeFollow() throws Exception {
        // OpenSSL's server takes the first of its own profiles the client offered
        List<SrtpProtectionProfile> opensslList = List.of(SrtpProtectionProfile.SRTP_AEAD_AES_256_GCM,
                SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
        int port = OpensslDtlsPeer.freePort();
        try (OpensslDtlsPeer.Session server = openssl.server(port, OpensslDtlsPeer.opensslNames(opensslList), 88);
                UdpDtlsEndpoint ours = UdpDtlsEndpoint.open()) {
            DtlsSrtpHandshake h = ours.start(DtlsRole.CLIENT, OURS, List.of(openssl.fingerprint()),
                    DtlsSrtpSettings.defaults(), loopback(port), executor);
            DtlsSrtpOutcome.Established e = established(outcome(h), server);
            assertEquals(SrtpProtectionProfile.SRTP_AEAD_AES_256_GCM, e.profile());
            assertEquals("SRTP_AEAD_AES_256_GCM", server.srtpProfile());
            assertArrayEquals(server.keyingMaterial(), exported(e));
        }
    }

    @Test
    void asServerWePickTheFirstOfOursTheClientOffered() throws Exception {
        // ours: GCM-128, CM-80, GCM-256, CM-32; the client offers CM-32, GCM-256, CM-80: CM-80 is our first of those
        List<SrtpProtectionProfile> offered = List.of(SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_32,
                SrtpProtectionProfile.SRTP_AEAD_AES_256_GCM, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
        try (UdpDtlsEndpoint ours = UdpDtlsEndpoint.open()) {
            DtlsSrtpHandshake h = ours.start(DtlsRole.SERVER, OURS, List.of(openssl.fingerprint()),
                    DtlsSrtpSettings.defaults(), null, executor);
            try (OpensslDtlsPeer.Session client = openssl.client(ours.port(), OpensslDtlsPeer.opensslNames(offered), 60)) {
                DtlsSrtpOutcome.Established e = established(outcome(h), client);
                assertEquals(SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, e.profile());
                assertEquals("SRTP_AES128_CM_SHA1_80", client.srtpProfile());
                assertArrayEquals(client.keyingMaterial(), exported(e));
            }
        }
    }

    @Test
    void aPeerCertificateSelfSignedWithSha1IsAcceptedByItsFingerprint() throws Exception {
        // the certificate's own signature proves nothing for a self-signed one: the fingerprint is the trust
        OpensslDtlsPeer old = OpensslDtlsPeer.createWithSha1SignedCertificate();
        int port = OpensslDtlsPeer.freePort();
        try (OpensslDtlsPeer.Session server = old.server(port, "SRTP_AES128_CM_SHA1_80", 60);
                UdpDtlsEndpoint ours = UdpDtlsEndpoint.open()) {
            DtlsSrtpHandshake h = ours.start(DtlsRole.CLIENT, OURS, List.of(old.fingerprint()), DtlsSrtpSettings.defaults(),
                    loopback(port), executor);
            DtlsSrtpOutcome.Established e = established(outcome(h), server);
            assertArrayEquals(server.keyingMaterial(), exported(e));
        }
        try (UdpDtlsEndpoint ours = UdpDtlsEndpoint.open()) {
            DtlsSrtpHandshake h = ours.start(DtlsRole.SERVER, OURS, List.of(old.fingerprint()), DtlsSrtpSettings.defaults(),
                    null, executor);
            try (OpensslDtlsPeer.Session client = old.client(ours.port(), "SRTP_AES128_CM_SHA1_80", 60)) {
                DtlsSrtpOutcome.Established e = established(outcome(h), client);
                assertArrayEquals(client.keyingMaterial(), exported(e));
            }
        }
    }

    @Test
    void asClientAWrongFingerprintRefusesTheServer() throws Exception {
        int port = OpensslDtlsPeer.freePort();
        CertificateFingerprint notOpenssls = DtlsCertificate.generate().fingerprint();
        try (OpensslDtlsPeer.Session server = openssl.server(port, "SRTP_AES128_CM_SHA1_80", 60);
                UdpDtlsEndpoint ours = UdpDtlsEndpoint.open()) {
            DtlsSrtpHandshake h = ours.start(DtlsRole.CLIENT, OURS, List.of(notOpenssls), DtlsSrtpSettings.defaults(),
                    loopback(port), executor);
            DtlsSrtpOutcome.Failed f = failed(outcome(h), DtlsFailure.FINGERPRINT_MISMATCH, server);
            assertTrue(f.detail().contains(openssl.fingerprint().sdpValue()), f.detail());
            assertTrue(server.awaitLine("alert bad certificate", WAIT), "OpenSSL got our alert:\n" + server.output());
            assertFalse(server.output().contains("Keying material: "), server.output());
        }
    }

    @Test
    void asServerAWrongFingerprintRefusesTheClient() throws Exception {
        CertificateFingerprint notOpenssls = DtlsCertificate.generate().fingerprint();
        try (UdpDtlsEndpoint ours = UdpDtlsEndpoint.open()) {
            DtlsSrtpHandshake h = ours.start(DtlsRole.SERVER, OURS, List.of(notOpenssls), DtlsSrtpSettings.defaults(),
                    null, executor);
            try (OpensslDtlsPeer.Session client = openssl.client(ours.port(), "SRTP_AES128_CM_SHA1_80", 60)) {
                failed(outcome(h), DtlsFailure.FINGERPRINT_MISMATCH, client);
                // s_client still prints what it derived for itself; what counts is that our refusal reached it
                assertTrue(client.awaitLine("alert bad certificate", WAIT), "OpenSSL got our alert:\n" + client.output());
            }
        }
    }

    @Test
    void asServerAClientOfferingOnlyProfilesWeDoNotTakeIsRefused() throws Exception {
        DtlsSrtpSettings onlyGcm256 = DtlsSrtpSettings.defaults().withProfiles(List.of(SrtpProtectionProfile.SRTP_AEAD_AES_256_GCM));
        try (UdpDtlsEndpoint ours = UdpDtlsEndpoint.open()) {
            DtlsSrtpHandshake h = ours.start(DtlsRole.SERVER, OURS, List.of(openssl.fingerprint()), onlyGcm256, null, executor);
            try (OpensslDtlsPeer.Session client = openssl.client(ours.port(), "SRTP_AES128_CM_SHA1_80:SRTP_AES128_CM_SHA1_32", 60)) {
                DtlsSrtpOutcome.Failed f = failed(outcome(h), DtlsFailure.NO_COMMON_PROFILE, client);
                assertTrue(f.detail().contains("SRTP_AES128_CM_HMAC_SHA1_80") && f.detail().contains("SRTP_AES128_CM_HMAC_SHA1_32"),
                        f.detail());
                assertTrue(client.awaitLine("alert handshake failure", WAIT), "OpenSSL got our alert:\n" + client.output());
            }
        }
    }

    @Test
    void asClientAServerWithoutACommonProfileIsRefused() throws Exception {
        DtlsSrtpSettings onlyGcm256 = DtlsSrtpSettings.defaults().withProfiles(List.of(SrtpProtectionProfile.SRTP_AEAD_AES_256_GCM));
        int port = OpensslDtlsPeer.freePort();
        try (OpensslDtlsPeer.Session server = openssl.server(port, "SRTP_AES128_CM_SHA1_80:SRTP_AES128_CM_SHA1_32", 60);
                UdpDtlsEndpoint ours = UdpDtlsEndpoint.open()) {
            DtlsSrtpHandshake h = ours.start(DtlsRole.CLIENT, OURS, List.of(openssl.fingerprint()), onlyGcm256,
                    loopback(port), executor);
            failed(outcome(h), DtlsFailure.NO_COMMON_PROFILE, server);
            assertFalse(server.output().contains("SRTP Extension negotiated"), server.output());
        }
    }
}
