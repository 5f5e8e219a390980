package io.bulwark.media.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.List;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.SRTPProtectionProfile;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.junit.jupiter.api.Test;

/**
 * The use_srtp negotiation (RFC 5764 section 4.1) and the certificate check (RFC 5763 section 5)
 * one step at a time, with Bouncy Castle's own UseSRTPData and Certificate: what the appliance
 * offers and picks, and every server answer or peer certificate it must refuse, with the reason
 * it records and the alert it sends.
 */
class DtlsNegotiationTest {

    private static final DtlsCertificate OURS = DtlsCertificate.generate();
    private static final DtlsCertificate PEER = DtlsCertificate.generate();
    private static final BcTlsCrypto CRYPTO = new BcTlsCrypto(new SecureRandom());
    private static final byte[] NO_MKI = new byte[0];

    private static DtlsSrtpNegotiation negotiation(List<SrtpProtectionProfile> profiles) {
        return new DtlsSrtpNegotiation(DtlsSrtpSettings.defaults().withProfiles(profiles), OURS,
                List.of(PEER.fingerprint()), System.nanoTime() + 10_000_000_000L);
    }

    private static DtlsSrtpNegotiation defaults() {
        return negotiation(DtlsSrtpSettings.defaults().profiles());
    }

    private static void assertRefused(DtlsSrtpNegotiation n, TlsFatalAlert alert, DtlsFailure reason, short description) {
        assertEquals(description, alert.getAlertDescription(), alert.getMessage());
        assertEquals(reason, n.refusal().reason());
    }

    @Test
    void theOfferListsTheProfilesInOrderWithoutMki() {
        UseSRTPData offer = defaults().offer();
        assertArrayEquals(new int[] {SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM,
            SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, SRTPProtectionProfile.SRTP_AEAD_AES_256_GCM,
            SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_32}, offer.getProtectionProfiles());
        assertEquals(0, offer.getMki().length);
    }

    @Test
    void asServerTheAppliancesPreferenceWinsAndAnMkiIsDeclined() throws Exception {
        DtlsSrtpNegotiation n = defaults();
        // the client prefers the 32-bit tag; the appliance's first choice it also offered is GCM-128
        n.chooseProfile(new UseSRTPData(new int[] {SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_32,
            SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM},
                new byte[] {1, 2, 3}));
        UseSRTPData answer = n.answer();
        assertArrayEquals(new int[] {SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM}, answer.getProtectionProfiles());
        assertEquals(0, answer.getMki().length, "RFC 5764 4.1.1: an empty MKI says the server will not use one");
        assertNull(n.refusal());
    }

    @Test
    void asServerOnlyUnsupportedProfilesMeanNoCommonProfile() {
        DtlsSrtpNegotiation n = defaults();
        TlsFatalAlert alert = assertThrows(TlsFatalAlert.class, () -> n.chooseProfile(new UseSRTPData(new int[] {
            SRTPProtectionProfile.SRTP_NULL_HMAC_SHA1_80, SRTPProtectionProfile.SRTP_ARIA_128_CTR_HMAC_SHA1_80}, NO_MKI)));
        assertRefused(n, alert, DtlsFailure.NO_COMMON_PROFILE, AlertDescription.handshake_failure);
        assertTrue(n.refusal().detail().contains("0x0005") && n.refusal().detail().contains("0x000b"),
                n.refusal().detail());
    }

    @Test
    void asServerAProfileOutsideTheConfiguredOnesIsNotTaken() {
        DtlsSrtpNegotiation n = negotiation(List.of(SrtpProtectionProfile.SRTP_AEAD_AES_256_GCM));
        TlsFatalAlert alert = assertThrows(TlsFatalAlert.class, () -> n.chooseProfile(new UseSRTPData(new int[] {
            SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_32}, NO_MKI)));
        assertRefused(n, alert, DtlsFailure.NO_COMMON_PROFILE, AlertDescription.handshake_failure);
    }

    @Test
    void asServerAClientWithoutUseSrtpIsRefused() {
        DtlsSrtpNegotiation n = defaults();
        TlsFatalAlert alert = assertThrows(TlsFatalAlert.class, () -> n.chooseProfile(null));
        assertRefused(n, alert, DtlsFailure.NO_COMMON_PROFILE, AlertDescription.handshake_failure);
        assertThrows(TlsFatalAlert.class, n::answer);
    }

    @Test
    void asClientTheServersSingleOfferedChoiceIsTaken() throws Exception {
        DtlsSrtpNegotiation n = defaults();
        n.acceptChoice(new UseSRTPData(new int[] {SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_32}, NO_MKI));
        assertDoesNotThrow(() -> n.requireSelected("unused"));
        assertNull(n.refusal());
    }

    @Test
    void asClientABadServerChoiceIsAProtocolError() {
        List<UseSRTPData> bad = List.of(
                new UseSRTPData(new int[] {SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80,
                    SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM}, NO_MKI),                             // two
                new UseSRTPData(new int[] {SRTPProtectionProfile.SRTP_NULL_HMAC_SHA1_80}, NO_MKI),    // never offered
                new UseSRTPData(new int[] {SRTPProtectionProfile.SRTP_AEAD_AES_256_GCM}, NO_MKI),     // not configured
                new UseSRTPData(new int[] {SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80}, new byte[] {7})); // an MKI
        for (UseSRTPData choice : bad) {
            DtlsSrtpNegotiation n = negotiation(List.of(SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80,
                    SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM));
            TlsFatalAlert alert = assertThrows(TlsFatalAlert.class, () -> n.acceptChoice(choice));
            assertRefused(n, alert, DtlsFailure.PROTOCOL_ERROR, AlertDescription.illegal_parameter);
        }
    }

    @Test
    void asClientAServerWithoutUseSrtpMeansNoCommonProfile() {
        DtlsSrtpNegotiation n = defaults();
        TlsFatalAlert alert = assertThrows(TlsFatalAlert.class, () -> n.acceptChoice(null));
        assertRefused(n, alert, DtlsFailure.NO_COMMON_PROFILE, AlertDescription.handshake_failure);
        DtlsSrtpNegotiation silent = defaults();
        assertRefused(silent, assertThrows(TlsFatalAlert.class, () -> silent.requireSelected("no extensions")),
                DtlsFailure.NO_COMMON_PROFILE, AlertDescription.handshake_failure);
    }

    @Test
    void thePeersCertificateMustBeTheSignalledOne() throws Exception {
        DtlsSrtpNegotiation n = defaults();
        assertDoesNotThrow(() -> n.checkPeerCertificate(PEER.tlsCertificate(CRYPTO)));
        assertNull(n.refusal());

        DtlsSrtpNegotiation wrong = defaults();
        TlsFatalAlert alert = assertThrows(TlsFatalAlert.class, () -> wrong.checkPeerCertificate(OURS.tlsCertificate(CRYPTO)));
        assertRefused(wrong, alert, DtlsFailure.FINGERPRINT_MISMATCH, AlertDescription.bad_certificate);
        assertTrue(wrong.refusal().detail().contains(OURS.fingerprint().sdpValue()), wrong.refusal().detail());
        assertTrue(wrong.refusal().detail().contains(PEER.fingerprint().sdpValue()), wrong.refusal().detail());

        DtlsSrtpNegotiation none = defaults();
        assertRefused(none, assertThrows(TlsFatalAlert.class, () -> none.checkPeerCertificate(Certificate.EMPTY_CHAIN)),
                DtlsFailure.NO_PEER_CERTIFICATE, AlertDescription.handshake_failure);
    }

    @Test
    void remainingTimeCountsDownAndNeverReadsAsUnlimited() {
        DtlsSrtpNegotiation past = new DtlsSrtpNegotiation(DtlsSrtpSettings.defaults(), OURS, List.of(PEER.fingerprint()),
                System.nanoTime() - 1);
        assertEquals(1, past.remainingMillis(), "0 would mean no limit to Bouncy Castle");
        int left = defaults().remainingMillis();
        assertTrue(left > 9_000 && left <= 10_000, Integer.toString(left));
    }
}
