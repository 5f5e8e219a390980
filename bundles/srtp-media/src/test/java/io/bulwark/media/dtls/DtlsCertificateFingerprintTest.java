package io.bulwark.media.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.media.sdp.SdpException;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The appliance's DTLS certificate and the fingerprints of RFC 8122 section 5: written as SDP
 * wants them, read strictly (each error naming its field), and compared against certificates.
 * The digests are checked against the JDK's MessageDigest directly, not against our own output.
 */
class DtlsCertificateFingerprintTest {

    private static final DtlsCertificate CERT = DtlsCertificate.generate();
    private static final DtlsCertificate OTHER = DtlsCertificate.generate();

    @Test
    void certificateIsSelfSignedEcdsaP256() throws Exception {
        X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(CERT.encoded()));
        x509.verify(x509.getPublicKey()); // self-signed: its own key verifies it
        assertEquals("SHA256withECDSA", x509.getSigAlgName());
        ECPublicKey key = (ECPublicKey) x509.getPublicKey();
        assertEquals(256, key.getParams().getCurve().getField().getFieldSize());
        assertEquals(x509.getSubjectX500Principal(), x509.getIssuerX500Principal());
        assertTrue(x509.getKeyUsage()[0], "digitalSignature");
        x509.checkValidity(); // valid now
        assertTrue(x509.getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofDays(29))));
        assertFalse(java.util.Arrays.equals(CERT.encoded(), OTHER.encoded()), "a new key every time");
    }

    @Test
    void fingerprintIsTheSha256OfTheDerInUpperCaseHexPairs() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(CERT.encoded());
        String hex = HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        assertEquals("sha-256 " + hex, CERT.fingerprint().sdpValue());
        assertTrue(CERT.fingerprint().sdpValue().matches("sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}"));
        assertEquals(CERT.fingerprint().sdpValue(), CERT.fingerprint().toString());
        assertFalse(CERT.toString().contains("PRIVATE"), CERT.toString());
        assertTrue(CERT.toString().contains(CERT.fingerprint().sdpValue()));
    }

    @ParameterizedTest
    @EnumSource(FingerprintHash.class)
    void everyHashFunctionRoundTripsAndMatches(FingerprintHash hash) throws Exception {
        CertificateFingerprint f = CERT.fingerprint(hash);
        assertEquals(hash.length() * 3 - 1, f.sdpValue().length() - hash.sdpName().length() - 1);
        CertificateFingerprint parsed = CertificateFingerprint.parse(f.sdpValue());
        assertEquals(f, parsed);
        assertEquals(hash, parsed.hash());
        assertTrue(parsed.matches(CERT.encoded()));
        assertFalse(parsed.matches(OTHER.encoded()));
        String jdk = hash.sdpName().toUpperCase(Locale.ROOT);
        assertArrayEquals(MessageDigest.getInstance(jdk).digest(CERT.encoded()),
                HexFormat.ofDelimiter(":").parseHex(f.sdpValue().substring(hash.sdpName().length() + 1)));
    }

    @Test
    void readsLowerCaseHexUpperCaseNamesAndSurroundingSpace() throws Exception {
        String value = CERT.fingerprint().sdpValue();
        String hex = value.substring("sha-256 ".length());
        assertEquals(CERT.fingerprint(), CertificateFingerprint.parse("SHA-256 " + hex.toLowerCase(Locale.ROOT)));
        assertEquals(CERT.fingerprint(), CertificateFingerprint.parse("  sha-256\t " + hex + " \r"));
    }

    @Test
    void aFlippedBitInTheCertificateDoesNotMatch() {
        byte[] der = CERT.encoded();
        der[der.length / 2] ^= 0x01;
        assertFalse(CERT.fingerprint().matches(der));
        assertTrue(CERT.fingerprint().matches(CERT.encoded()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"md5 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF", "MD2 00:11"})
    void refusesMd2AndMd5NamingTheHashField(String value) {
        SdpException e = assertThrows(SdpException.class, () -> CertificateFingerprint.parse(value));
        assertEquals("a=fingerprint hash-func", e.field());
        assertTrue(e.getMessage().contains("broken"), e.getMessage());
    }

    @Test
    void refusesAnUnknownHashFunction() {
        SdpException e = assertThrows(SdpException.class, () -> CertificateFingerprint.parse("sha3-256 AB:CD"));
        assertEquals("a=fingerprint hash-func", e.field());
        assertTrue(e.getMessage().contains("sha3-256"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha-256", "", "   "})
    void refusesAValueWithoutAFingerprint(String value) {
        SdpException e = assertThrows(SdpException.class, () -> CertificateFingerprint.parse(value));
        assertEquals("a=fingerprint", e.field());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "sha-1 0:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33",  // one digit
        "sha-1 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:", // trailing colon
        "sha-1 00-11-22-33-44-55-66-77-88-99-AA-BB-CC-DD-EE-FF-00-11-22-33",  // wrong separator
        "sha-1 0011223344556677889900AABBCCDDEEFF00112233",                   // no separators
        "sha-1 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:3G",  // not hex
        "sha-1 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:\u0663\u0663", // other script's digits
        "sha-1 00:11:22:33:44:55:66:77:88:99 AA:BB:CC:DD:EE:FF:00:11:22:33",  // space inside
        "sha-1 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22",     // 19 octets for SHA-1
        "sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33", // 20 octets for SHA-256
    })
    void refusesMalformedFingerprintsNamingTheFingerprintField(String value) {
        SdpException e = assertThrows(SdpException.class, () -> CertificateFingerprint.parse(value));
        assertEquals("a=fingerprint fingerprint", e.field(), e.getMessage());
    }

    @Test
    void wrongLengthSaysWhatTheHashGives() {
        SdpException e = assertThrows(SdpException.class,
                () -> CertificateFingerprint.parse("sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33"));
        assertTrue(e.getMessage().contains("32") && e.getMessage().contains("20"), e.getMessage());
    }

    @Test
    void refusesAnOverlongValue() {
        SdpException e = assertThrows(SdpException.class, () -> CertificateFingerprint.parse("sha-256 " + "AB:".repeat(200)));
        assertEquals("a=fingerprint", e.field());
    }

    @Test
    void theStrongestSignalledHashDecides() {
        CertificateFingerprint weakForCert = CERT.fingerprint(FingerprintHash.SHA_1);
        CertificateFingerprint strongForOther = OTHER.fingerprint(FingerprintHash.SHA_256);
        // a SHA-1 fingerprint of CERT beside a SHA-256 one of OTHER: only OTHER may pass
        List<CertificateFingerprint> signalled = List.of(weakForCert, strongForOther);
        assertFalse(CertificateFingerprint.matchesStrongest(signalled, CERT.encoded()));
        assertTrue(CertificateFingerprint.matchesStrongest(signalled, OTHER.encoded()));
        // two of the strongest hash: either certificate passes
        List<CertificateFingerprint> two = List.of(CERT.fingerprint(), OTHER.fingerprint());
        assertTrue(CertificateFingerprint.matchesStrongest(two, CERT.encoded()));
        assertTrue(CertificateFingerprint.matchesStrongest(two, OTHER.encoded()));
        assertFalse(CertificateFingerprint.matchesStrongest(List.of(), CERT.encoded()));
        assertTrue(CertificateFingerprint.matchesStrongest(List.of(CERT.fingerprint(FingerprintHash.SHA_512),
                OTHER.fingerprint(FingerprintHash.SHA_384)), CERT.encoded()));
    }

    @Test
    void refusesANonPositiveValidity() {
        assertThrows(IllegalArgumentException.class, () -> DtlsCertificate.generate(Duration.ZERO));
    }
}
