package io.bulwark.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.media.dtls.DtlsCertificate;
import io.bulwark.media.dtls.DtlsRole;
import io.bulwark.media.dtls.DtlsSrtpHandshake;
import io.bulwark.media.dtls.DtlsSrtpOutcome;
import io.bulwark.media.dtls.DtlsSrtpSettings;
import io.bulwark.media.dtls.OpensslDtlsPeer;
import io.bulwark.media.dtls.SrtpProtectionProfile;
import io.bulwark.media.dtls.UdpDtlsEndpoint;
import io.bulwark.media.srtp.LibsrtpPeer.Reply;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.TestAbortedException;

/**
 * DTLS-SRTP end to end with two independent implementations on the other side: the appliance
 * shakes hands with OpenSSL ({@code s_server} or {@code s_client}), then libsrtp2, keyed with the
 * master keys and salts cut from the keying material OpenSSL printed (RFC 5764 section 4.2),
 * unprotects the RTP and RTCP the appliance protected with its handshake's keys, and protects what
 * the appliance must unprotect. Nothing here comes from the appliance's own key split.
 */
class DtlsSrtpLibsrtpTest {

    private static final int SSRC = 0x0d71_5a7e;
    private static final byte[] NO_MKI = new byte[0];
    private static final DtlsCertificate OURS = DtlsCertificate.generate();

    private static OpensslDtlsPeer openssl;
    private static LibsrtpPeer libsrtp;
    private static final Map<SrtpSuite, Reply> SUPPORT = new EnumMap<>(SrtpSuite.class);
    private static String unavailable;
    private static ExecutorService executor;

    @BeforeAll
    static void setUp() throws Exception {
        executor = Executors.newFixedThreadPool(2);
        try {
            openssl = OpensslDtlsPeer.create();
            libsrtp = LibsrtpPeer.build();
        } catch (TestAbortedException e) {
            unavailable = e.getMessage();
            return;
        }
        List<String> probe = new ArrayList<>();
        for (SrtpProtectionProfile p : SrtpProtectionProfile.values()) {
            probe.add(LibsrtpPeer.session(true, p.suite(), new byte[p.suite().keyLength()],
                    new byte[p.suite().saltLength()], NO_MKI, true));
        }
        List<Reply> replies = libsrtp.run(probe);
        for (SrtpProtectionProfile p : SrtpProtectionProfile.values()) {
            SUPPORT.put(p.suite(), replies.get(p.ordinal()));
        }
    }

    @AfterAll
    static void tearDown() throws InterruptedException {
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
    }

    static Stream<Arguments> profilesAndRoles() {
        return Arrays.stream(SrtpProtectionProfile.values())
                .flatMap(p -> Stream.of(Arguments.of(p, DtlsRole.CLIENT), Arguments.of(p, DtlsRole.SERVER)));
    }

    @ParameterizedTest(name = "{0}, the appliance as {1}")
    @MethodSource("profilesAndRoles")
    void mediaKeyedByTheHandshakeCrossesToLibsrtpAndBack(SrtpProtectionProfile profile, DtlsRole role) throws Exception {
        Assumptions.assumeTrue(unavailable == null, () -> unavailable);
        SrtpSuite suite = profile.suite();
        Reply support = SUPPORT.get(suite);
        Assumptions.assumeTrue(support.ok(), () -> "libsrtp does not support " + suite + " (" + support.line()
                + "): built without AES-GCM");

        Handshake h = handshake(profile, role);
        DtlsSrtpOutcome.Established keys = h.keys;
        assertEquals(profile, keys.profile());

        // RFC 5764 section 4.2: client write key, server write key, client write salt, server write salt
        int k = suite.keyLength();
        int s = suite.saltLength();
        byte[] m = h.opensslMaterial;
        assertEquals(profile.keyingMaterialLength(), m.length);
        byte[] clientKey = Arrays.copyOfRange(m, 0, k);
        byte[] serverKey = Arrays.copyOfRange(m, k, 2 * k);
        byte[] clientSalt = Arrays.copyOfRange(m, 2 * k, 2 * k + s);
        byte[] serverSalt = Arrays.copyOfRange(m, 2 * k + s, 2 * k + 2 * s);
        boolean client = role == DtlsRole.CLIENT;
        byte[] ourKey = client ? clientKey : serverKey;
        byte[] ourSalt = client ? clientSalt : serverSalt;
        byte[] peerKey = client ? serverKey : clientKey;
        byte[] peerSalt = client ? serverSalt : clientSalt;

        Random random = new Random(5764L * 31 + profile.ordinal() * 2 + role.ordinal());
        List<byte[]> rtp = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            rtp.add(rtp(65530 + i, random)); // across the sequence number wrap
        }
        List<byte[]> rtcp = List.of(rtcp(random), rtcp(random));

        // the appliance protects, libsrtp (with OpenSSL's key for the appliance's direction) unprotects
        SrtpSession ourSender = keys.protect().newSession();
        List<String> commands = new ArrayList<>();
        commands.add(LibsrtpPeer.session(false, suite, ourKey, ourSalt, NO_MKI, true));
        rtp.forEach(p -> commands.add(LibsrtpPeer.rtp(protect(ourSender, p, false))));
        rtcp.forEach(p -> commands.add(LibsrtpPeer.rtcp(protect(ourSender, p, true))));
        List<Reply> replies = libsrtp.run(commands);
        assertTrue(replies.get(0).ok(), replies.get(0).line());
        for (int i = 0; i < rtp.size(); i++) {
            assertArrayEquals(rtp.get(i), replies.get(1 + i).packet(), profile + " RTP " + i + " to libsrtp");
        }
        for (int i = 0; i < rtcp.size(); i++) {
            assertArrayEquals(rtcp.get(i), replies.get(1 + rtp.size() + i).packet(), profile + " RTCP " + i + " to libsrtp");
        }

        // libsrtp protects with OpenSSL's key for the peer's direction, the appliance unprotects
        List<String> reverse = new ArrayList<>();
        reverse.add(LibsrtpPeer.session(true, suite, peerKey, peerSalt, NO_MKI, true));
        rtp.forEach(p -> reverse.add(LibsrtpPeer.rtp(p)));
        rtcp.forEach(p -> reverse.add(LibsrtpPeer.rtcp(p)));
        List<Reply> wire = libsrtp.run(reverse);
        assertTrue(wire.get(0).ok(), wire.get(0).line());
        SrtpSession ourReceiver = keys.unprotect().newSession();
        for (int i = 0; i < rtp.size(); i++) {
            assertArrayEquals(rtp.get(i), unprotect(ourReceiver, wire.get(1 + i).packet(), false),
                    profile + " RTP " + i + " from libsrtp");
        }
        for (int i = 0; i < rtcp.size(); i++) {
            assertArrayEquals(rtcp.get(i), unprotect(ourReceiver, wire.get(1 + rtp.size() + i).packet(), true),
                    profile + " RTCP " + i + " from libsrtp");
        }
    }

    private record Handshake(DtlsSrtpOutcome.Established keys, byte[] opensslMaterial) {
    }

    private static Handshake handshake(SrtpProtectionProfile profile, DtlsRole role) throws Exception {
        DtlsSrtpSettings settings = DtlsSrtpSettings.defaults().withProfiles(List.of(profile));
        String name = OpensslDtlsPeer.opensslName(profile);
        try (UdpDtlsEndpoint ours = UdpDtlsEndpoint.open()) {
            if (role == DtlsRole.CLIENT) {
                int port = OpensslDtlsPeer.freePort();
                try (OpensslDtlsPeer.Session server = openssl.server(port, name, profile.keyingMaterialLength())) {
                    DtlsSrtpHandshake h = ours.start(role, OURS, List.of(openssl.fingerprint()), settings,
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), port), executor);
                    return new Handshake(established(h, server), server.keyingMaterial());
                }
            }
            DtlsSrtpHandshake h = ours.start(role, OURS, List.of(openssl.fingerprint()), settings, null, executor);
            try (OpensslDtlsPeer.Session client = openssl.client(ours.port(), name, profile.keyingMaterialLength())) {
                return new Handshake(established(h, client), client.keyingMaterial());
            }
        }
    }

    private static DtlsSrtpOutcome.Established established(DtlsSrtpHandshake h, OpensslDtlsPeer.Session peer)
            throws Exception {
        DtlsSrtpOutcome o = h.outcome().get(30, TimeUnit.SECONDS);
        return assertInstanceOf(DtlsSrtpOutcome.Established.class, o, () -> o + "\n" + peer.output());
    }

    /** A 12-octet header and a 160-octet payload (G.711, 20 ms), exact length. */
    private static byte[] rtp(int seq, Random random) {
        byte[] p = new byte[12 + 160];
        random.nextBytes(p);
        p[0] = (byte) 0x80;
        p[1] = 0; // PCMU
        Bytes.SHORT_BE.set(p, 2, (short) seq);
        Bytes.putI32(p, 8, SSRC);
        return p;
    }

    /** A receiver report (header and one report block), exact length. */
    private static byte[] rtcp(Random random) {
        byte[] p = new byte[32];
        random.nextBytes(p);
        p[0] = (byte) 0x81;
        p[1] = (byte) 201;
        Bytes.SHORT_BE.set(p, 2, (short) 7);
        Bytes.putI32(p, 4, SSRC);
        return p;
    }

    private static byte[] protect(SrtpSession session, byte[] packet, boolean rtcp) {
        byte[] buf = Arrays.copyOf(packet, packet.length + 64);
        int n = rtcp ? session.protectRtcp(buf, 0, packet.length) : session.protectRtp(buf, 0, packet.length);
        assertTrue(n > 0, "protect: " + SrtpStatus.of(n));
        return Arrays.copyOf(buf, n);
    }

    private static byte[] unprotect(SrtpSession session, byte[] packet, boolean rtcp) {
        byte[] buf = packet.clone();
        int n = rtcp ? session.unprotectRtcp(buf, 0, buf.length) : session.unprotectRtp(buf, 0, buf.length);
        assertTrue(n > 0, "unprotect: " + SrtpStatus.of(n));
        return Arrays.copyOf(buf, n);
    }
}
