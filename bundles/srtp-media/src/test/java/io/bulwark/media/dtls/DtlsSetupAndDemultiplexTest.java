package io.bulwark.media.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.media.sdp.SdpException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The small pieces around the handshake: {@code a=setup} roles (RFC 4145, RFC 5763 section 5),
 * the RFC 7983 first-byte demultiplexing, the protection profiles' wire values (RFC 5764, RFC 7714)
 * and the settings' bounds.
 */
class DtlsSetupAndDemultiplexTest {

    @Test
    void setupValuesParseIgnoringCaseAndSpace() throws SdpException {
        assertEquals(SetupAttribute.ACTIVE, SetupAttribute.parse("active"));
        assertEquals(SetupAttribute.PASSIVE, SetupAttribute.parse(" Passive "));
        assertEquals(SetupAttribute.ACTPASS, SetupAttribute.parse("ACTPASS"));
        assertEquals(SetupAttribute.HOLDCONN, SetupAttribute.parse("holdconn"));
        for (SetupAttribute s : SetupAttribute.values()) {
            assertEquals(s, SetupAttribute.parse(s.sdpValue()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "act", "activepassive", "client"})
    void unknownSetupValuesNameTheAttribute(String value) {
        SdpException e = assertThrows(SdpException.class, () -> SetupAttribute.parse(value));
        assertEquals("a=setup", e.field());
    }

    @Test
    void theAnswererChoosesActiveWhenItMayAndTheRolesAreOpposite() throws SdpException {
        assertEquals(SetupAttribute.ACTIVE, SetupAttribute.answerTo(SetupAttribute.ACTPASS)); // RFC 5763: recommended
        assertEquals(SetupAttribute.ACTIVE, SetupAttribute.answerTo(SetupAttribute.PASSIVE));
        assertEquals(SetupAttribute.PASSIVE, SetupAttribute.answerTo(SetupAttribute.ACTIVE));
        assertEquals(SetupAttribute.HOLDCONN, SetupAttribute.answerTo(SetupAttribute.HOLDCONN));
        for (SetupAttribute offered : List.of(SetupAttribute.ACTPASS, SetupAttribute.ACTIVE, SetupAttribute.PASSIVE)) {
            SetupAttribute answer = SetupAttribute.answerTo(offered);
            DtlsRole answerer = answer.localRole();
            DtlsRole offerer = SetupAttribute.offererRole(answer);
            assertTrue(answerer != offerer, offered + ": one client, one server");
        }
        assertEquals(DtlsRole.CLIENT, SetupAttribute.ACTIVE.localRole());
        assertEquals(DtlsRole.SERVER, SetupAttribute.PASSIVE.localRole());
        assertEquals(DtlsRole.SERVER, SetupAttribute.offererRole(SetupAttribute.ACTIVE));
        assertEquals(DtlsRole.CLIENT, SetupAttribute.offererRole(SetupAttribute.PASSIVE));
    }

    @Test
    void anAnswerThatDoesNotChooseIsRefused() {
        assertEquals("a=setup", assertThrows(SdpException.class,
                () -> SetupAttribute.offererRole(SetupAttribute.ACTPASS)).field());
        assertEquals("a=setup", assertThrows(SdpException.class,
                () -> SetupAttribute.offererRole(SetupAttribute.HOLDCONN)).field());
        assertThrows(IllegalStateException.class, SetupAttribute.ACTPASS::localRole);
        assertThrows(IllegalStateException.class, SetupAttribute.HOLDCONN::localRole);
    }

    @Test
    void firstByteSortsEveryValueAsRfc7983Says() {
        for (int b = 0; b < 256; b++) {
            MediaPacketKind expected = b >= 20 && b <= 63 ? MediaPacketKind.DTLS
                    : b >= 128 && b <= 191 ? MediaPacketKind.RTP_OR_RTCP : MediaPacketKind.OTHER;
            assertEquals(expected, MediaPacketKind.ofFirstByte(b), "first byte " + b);
            assertEquals(expected, MediaPacketKind.ofFirstByte((byte) b), "first byte " + b + " as a signed byte");
            assertEquals(expected, MediaPacketKind.of(new byte[] {0, (byte) b, 0}, 1, 2), "at an offset");
        }
        assertEquals(MediaPacketKind.OTHER, MediaPacketKind.of(new byte[] {22}, 0, 0), "empty");
        // the edges, spelled out: STUN 0-3, ZRTP 16-19, TURN channels 64-79 are not ours
        assertEquals(MediaPacketKind.OTHER, MediaPacketKind.ofFirstByte(1));
        assertEquals(MediaPacketKind.OTHER, MediaPacketKind.ofFirstByte(19));
        assertEquals(MediaPacketKind.DTLS, MediaPacketKind.ofFirstByte(22)); // handshake record
        assertEquals(MediaPacketKind.OTHER, MediaPacketKind.ofFirstByte(64));
        assertEquals(MediaPacketKind.RTP_OR_RTCP, MediaPacketKind.ofFirstByte(0x80));
        assertEquals(MediaPacketKind.OTHER, MediaPacketKind.ofFirstByte(192));
    }

    @Test
    void profilesCarryTheirRegisteredValuesAndKeyLengths() {
        assertEquals(0x0001, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80.id());
        assertEquals(0x0002, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_32.id());
        assertEquals(0x0007, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM.id());
        assertEquals(0x0008, SrtpProtectionProfile.SRTP_AEAD_AES_256_GCM.id());
        // RFC 5764 section 4.2 and RFC 7714 section 12: 2 * (key + salt)
        assertEquals(60, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80.keyingMaterialLength());
        assertEquals(60, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_32.keyingMaterialLength());
        assertEquals(56, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM.keyingMaterialLength());
        assertEquals(88, SrtpProtectionProfile.SRTP_AEAD_AES_256_GCM.keyingMaterialLength());
        for (SrtpProtectionProfile p : SrtpProtectionProfile.values()) {
            assertEquals(p, SrtpProtectionProfile.forId(p.id()).orElseThrow());
            assertEquals(p, SrtpProtectionProfile.forSuite(p.suite()).orElseThrow());
        }
        assertTrue(SrtpProtectionProfile.forId(0x0005).isEmpty(), "NULL cipher: never");
        assertTrue(SrtpProtectionProfile.forSuite(io.bulwark.media.srtp.SrtpSuite.AES_256_CM_HMAC_SHA1_80).isEmpty());
    }

    @Test
    void settingsRefuseWhatCannotWork() {
        DtlsSrtpSettings d = DtlsSrtpSettings.defaults();
        assertEquals(SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM, d.profiles().get(0));
        assertThrows(IllegalArgumentException.class, () -> d.withProfiles(List.of()));
        assertThrows(IllegalArgumentException.class, () -> d.withProfiles(List.of(
                SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM)));
        assertThrows(IllegalArgumentException.class, () -> d.withTimeout(Duration.ofMillis(99)));
        assertThrows(IllegalArgumentException.class, () -> d.withTimeout(Duration.ofSeconds(121)));
        assertThrows(IllegalArgumentException.class, () -> new DtlsSrtpSettings(d.profiles(), d.timeout(), 0, 1200));
        assertThrows(IllegalArgumentException.class, () -> new DtlsSrtpSettings(d.profiles(), d.timeout(), 64, 255));
        assertEquals(Duration.ofSeconds(3), d.withTimeout(Duration.ofSeconds(3)).timeout());
    }
}
