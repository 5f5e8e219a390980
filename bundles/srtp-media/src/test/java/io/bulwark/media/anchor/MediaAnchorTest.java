package io.bulwark.media.anchor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.api.transport.Zone;
import io.bulwark.media.dtls.CertificateFingerprint;
import io.bulwark.media.dtls.DtlsCertificate;
import io.bulwark.media.dtls.DtlsRole;
import io.bulwark.media.dtls.DtlsSrtpHandshake;
import io.bulwark.media.dtls.DtlsSrtpOutcome;
import io.bulwark.media.dtls.DtlsSrtpSettings;
import io.bulwark.media.dtls.UdpDtlsEndpoint;
import io.bulwark.media.relay.MediaEvents;
import io.bulwark.media.relay.MediaRelay;
import io.bulwark.media.relay.MediaSession;
import io.bulwark.media.sdp.CryptoAttribute;
import io.bulwark.media.sdp.MediaDescription;
import io.bulwark.media.sdp.SessionDescription;
import io.bulwark.media.srtp.SrtpPolicy;
import io.bulwark.media.srtp.SrtpSession;
import io.bulwark.media.srtp.SrtpSuite;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Offer/answer through the anchor with real sockets: an SRTP phone outside (keys from its own
 * crypto line, protected with the SRTP core), a plain-RTP PBX inside; what crosses each side is
 * checked byte for byte, and the policies refuse what they must.
 */
class MediaAnchorTest {

    private static final InetAddress LO = InetAddress.getLoopbackAddress();
    private static final byte[] PHONE_KEY = new byte[30];
    private static EventLoopGroup group;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private MediaRelay relay;
    private DatagramSocket phone;
    private DatagramSocket pbx;

    static {
        for (int i = 0; i < PHONE_KEY.length; i++) {
            PHONE_KEY[i] = (byte) (i * 7 + 3);
        }
    }

    @BeforeAll
    static void loops() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stopLoops() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @BeforeEach
    void setUp() throws Exception {
        relay = new MediaRelay(group, NioDatagramChannel.class, new MediaRelay.ZoneMedia(LO, 42000, 42039),
                new MediaRelay.ZoneMedia(LO, 42100, 42139), new MediaRelay.Limits(5, 1000, 3), new MediaEvents() {
                    @Override
                    public void injection(MediaSession s, Zone zone, InetSocketAddress from, long count) {
                        events.add("injection " + zone);
                    }

                    @Override
                    public void srtpFailure(MediaSession s, Zone zone, InetSocketAddress from, String status, long n) {
                        events.add("srtp " + zone + " " + status);
                    }

                    @Override
                    public void streamChange(MediaSession s, Zone zone, String what) {
                        events.add("stream " + zone + " " + what);
                    }
                }, Clock.systemUTC());
        phone = new DatagramSocket(new InetSocketAddress(LO, 0));
        pbx = new DatagramSocket(new InetSocketAddress(LO, 0));
        phone.setSoTimeout(2000);
        pbx.setSoTimeout(2000);
    }

    @AfterEach
    void tearDown() {
        relay.close();
        phone.close();
        pbx.close();
    }

    private MediaAnchor anchor(MediaPolicy outside, MediaPolicy inside) {
        return new MediaAnchor(relay, Map.of(Zone.OUTSIDE, outside, Zone.INSIDE, inside));
    }

    private String phoneOffer(boolean crypto) {
        return phoneOffer(crypto, PHONE_KEY);
    }

    private String phoneOffer(boolean crypto, byte[] key) {
        return "v=0\r\no=phone 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + phone.getLocalPort() + (crypto ? " RTP/SAVP" : " RTP/AVP") + " 0 101\r\n"
                + "a=rtpmap:0 PCMU/8000\r\na=rtcp-mux\r\n"
                + "a=candidate:1 1 UDP 2130706431 192.168.1.20 " + phone.getLocalPort() + " typ host\r\n"
                + (crypto ? "a=crypto:1 F8_128_HMAC_SHA1_80 inline:" + Base64.getEncoder().encodeToString(new byte[30])
                        + "\r\na=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:"
                        + Base64.getEncoder().encodeToString(key) + "\r\n" : "")
                + "a=sendrecv\r\n";
    }

    private String pbxAnswer(int lines) {
        return pbxAnswer(lines, pbx);
    }

    private String pbxAnswer(int lines, DatagramSocket at) {
        StringBuilder b = new StringBuilder("v=0\r\no=pbx 5 5 IN IP4 10.9.0.5\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n");
        for (int i = 0; i < lines; i++) {
            b.append("m=audio ").append(at.getLocalPort()).append(" RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n");
        }
        return b.toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] rtp(int seq) {
        byte[] p = new byte[172];
        p[0] = (byte) 0x80;
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        p[8] = 0x12;
        p[11] = 0x34;
        for (int i = 12; i < p.length; i++) {
            p[i] = (byte) (i ^ seq);
        }
        return p;
    }

    private static byte[] receive(DatagramSocket s) throws Exception {
        DatagramPacket d = new DatagramPacket(new byte[2048], 2048);
        s.receive(d);
        return Arrays.copyOf(d.getData(), d.getLength());
    }

    @Test
    void anSrtpPhoneOutsideTalksToAPlainPbxInsideThroughTheBridge() throws Exception {
        MediaAnchor a = anchor(MediaPolicy.SRTP_REQUIRED, MediaPolicy.RTP);
        AnchorResult offered = a.offer("d1", Zone.OUTSIDE, LO, bytes(phoneOffer(true)));
        assertTrue(offered.accepted(), offered.reason());
        int ports = relay.portsInUse();
        assertArrayEquals(offered.sdp(), a.offer("d1", Zone.OUTSIDE, LO, bytes(phoneOffer(true))).sdp(),
                "the same offer again while it waits for its answer (a retransmitted 2xx) gets the same SDP");
        assertEquals(ports, relay.portsInUse(), "and no new ports");
        String toPbx = new String(offered.sdp(), StandardCharsets.ISO_8859_1);
        SessionDescription pbxView = SessionDescription.parse(toPbx);
        MediaDescription pm = pbxView.media().get(0);
        assertEquals("RTP/AVP", pm.proto());
        assertTrue(pm.cryptos().isEmpty(), "the inside (rtp policy) gets no key:\n" + toPbx);
        assertFalse(toPbx.contains("192.168.1.20"), "no ICE candidate of the outside reaches the inside");
        assertFalse(toPbx.contains("a=rtcp-mux"));
        InetSocketAddress relayInside = new InetSocketAddress(pbxView.connectionOf(pm).address(), pm.port());

        AnchorResult answered = a.answer("d1", Zone.INSIDE, LO, bytes(pbxAnswer(1)));
        assertTrue(answered.accepted(), answered.reason());
        assertArrayEquals(answered.sdp(), a.answer("d1", Zone.INSIDE, LO, bytes(pbxAnswer(1))).sdp(),
                "the same answer again (183, then 200) gets the same SDP and keys");
        SessionDescription phoneView = SessionDescription.parse(answered.sdp());
        MediaDescription am = phoneView.media().get(0);
        assertEquals("RTP/SAVP", am.proto());
        assertTrue(am.rtcpMux());
        CryptoAttribute ours = am.cryptos().get(0);
        assertEquals(2, ours.tag(), "the answer takes the first suite the appliance implements, with its tag");
        assertEquals(SrtpSuite.AES_CM_128_HMAC_SHA1_80, ours.suite());
        assertEquals(1, am.cryptos().size());
        InetSocketAddress relayOutside = new InetSocketAddress(phoneView.connectionOf(am).address(), am.port());

        // the phone's SRTP contexts: it protects with its own key, unprotects with the one the appliance answered
        SrtpSuite suite = ours.suite();
        SrtpSession phoneOut = new SrtpSession(SrtpPolicy.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80),
                Arrays.copyOf(PHONE_KEY, 16), Arrays.copyOfRange(PHONE_KEY, 16, 30));
        SrtpSession phoneIn = new SrtpSession(SrtpPolicy.of(suite), ours.keys().get(0).masterKey(suite),
                ours.keys().get(0).masterSalt(suite));
        for (int seq = 1; seq <= 20; seq++) {
            byte[] clear = rtp(seq);
            byte[] buf = Arrays.copyOf(clear, clear.length + 64);
            int n = phoneOut.protectRtp(buf, 0, clear.length);
            phone.send(new DatagramPacket(buf, n, relayOutside));
            assertArrayEquals(clear, receive(pbx), "the PBX gets the phone's audio in clear");
            byte[] back = rtp(seq + 1000);
            pbx.send(new DatagramPacket(back, back.length, relayInside));
            byte[] srtp = receive(phone);
            assertEquals(back.length + 10, srtp.length, "SRTP with an 80-bit tag on the outside");
            assertFalse(Arrays.equals(Arrays.copyOfRange(back, 12, back.length),
                    Arrays.copyOfRange(srtp, 12, back.length)), "the payload is encrypted on the outside");
            byte[] work = Arrays.copyOf(srtp, srtp.length);
            assertEquals(back.length, phoneIn.unprotectRtp(work, 0, work.length));
            assertArrayEquals(back, Arrays.copyOf(work, back.length));
            if (seq == 20) {
                // a replay and a tampered packet from the phone's own address: dropped and reported
                phone.send(new DatagramPacket(buf, n, relayOutside));
                byte[] next = Arrays.copyOf(rtp(21), 172 + 64);
                int m = phoneOut.protectRtp(next, 0, 172);
                next[20] ^= 1;
                phone.send(new DatagramPacket(next, m, relayOutside));
                phone.send(new DatagramPacket(next, m, relayOutside));
            }
        }
        pbx.setSoTimeout(300);
        assertTrue(assertNothing(pbx), "no replayed or tampered packet reached the PBX");
        MediaSession s = relay.sessions().get(0);
        assertEquals(3, s.leg(Zone.OUTSIDE).srtpFailures());
        assertEquals("AES_CM_128_HMAC_SHA1_80", s.leg(Zone.OUTSIDE).suite());
        assertEquals(null, s.leg(Zone.INSIDE).suite());
        assertEquals(List.of("srtp OUTSIDE AUTH_FAIL"), events);
        a.release("d1");
        assertEquals(0, relay.portsInUse());
        assertEquals(0, a.dialogs());
    }

    private String pbxSrtpAnswer(byte[] key) {
        return "v=0\r\no=pbx 5 5 IN IP4 10.9.0.5\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + pbx.getLocalPort() + " RTP/SAVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:" + Base64.getEncoder().encodeToString(key) + "\r\n";
    }

    private static SrtpSession context(byte[] keyAndSalt) {
        return new SrtpSession(SrtpPolicy.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80), Arrays.copyOf(keyAndSalt, 16),
                Arrays.copyOfRange(keyAndSalt, 16, 30));
    }

    private static byte[] protect(SrtpSession s, byte[] clear) {
        byte[] buf = Arrays.copyOf(clear, clear.length + 64);
        return Arrays.copyOf(buf, s.protectRtp(buf, 0, clear.length));
    }

    @Test
    void srtpOnBothSidesPassesThroughEndToEndAndEveryPacketIsStillVerified() throws Exception {
        MediaAnchor a = anchor(MediaPolicy.SRTP_REQUIRED, MediaPolicy.SRTP_PREFERRED);
        a.passThrough(true);
        byte[] pbxKey = new byte[30];
        Arrays.fill(pbxKey, (byte) 0x5a);
        AnchorResult offered = a.offer("p1", Zone.OUTSIDE, LO, bytes(phoneOffer(true)));
        assertTrue(offered.accepted(), offered.reason());
        SessionDescription pbxView = SessionDescription.parse(offered.sdp());
        MediaDescription pm = pbxView.media().get(0);
        assertEquals(1, pm.cryptos().size());
        assertEquals(2, pm.cryptos().get(0).tag());
        assertArrayEquals(PHONE_KEY, pm.cryptos().get(0).keys().get(0).keyAndSalt(),
                "the phone's own key goes on to the PBX unchanged");
        InetSocketAddress relayInside = new InetSocketAddress(pbxView.connectionOf(pm).address(), pm.port());

        AnchorResult answered = a.answer("p1", Zone.INSIDE, LO, bytes(pbxSrtpAnswer(pbxKey)));
        assertTrue(answered.accepted(), answered.reason());
        SessionDescription phoneView = SessionDescription.parse(answered.sdp());
        MediaDescription am = phoneView.media().get(0);
        assertEquals(1, am.cryptos().size());
        assertArrayEquals(pbxKey, am.cryptos().get(0).keys().get(0).keyAndSalt(),
                "and the PBX's own key comes back to the phone unchanged");
        assertEquals(2, am.cryptos().get(0).tag());
        InetSocketAddress relayOutside = new InetSocketAddress(phoneView.connectionOf(am).address(), am.port());

        SrtpSession phoneOut = context(PHONE_KEY);
        SrtpSession pbxIn = context(PHONE_KEY);
        SrtpSession pbxOut = context(pbxKey);
        SrtpSession phoneIn = context(pbxKey);
        byte[] last = null;
        for (int seq = 1; seq <= 10; seq++) {
            byte[] srtp = protect(phoneOut, rtp(seq));
            phone.send(new DatagramPacket(srtp, srtp.length, relayOutside));
            byte[] got = receive(pbx);
            assertArrayEquals(srtp, got, "the phone's SRTP reaches the PBX as it was sent");
            assertEquals(172, pbxIn.unprotectRtp(got, 0, got.length), "and the PBX decrypts it with the phone's key");
            byte[] back = protect(pbxOut, rtp(seq + 500));
            pbx.send(new DatagramPacket(back, back.length, relayInside));
            byte[] atPhone = receive(phone);
            assertArrayEquals(back, atPhone);
            assertEquals(172, phoneIn.unprotectRtp(atPhone, 0, atPhone.length));
            last = srtp;
        }
        // a replay and two forgeries from the phone's own address: the relay knows the phone's key
        phone.send(new DatagramPacket(last, last.length, relayOutside));
        byte[] forged = protect(phoneOut, rtp(11));
        forged[30] ^= 1;
        phone.send(new DatagramPacket(forged, forged.length, relayOutside));
        phone.send(new DatagramPacket(forged, forged.length, relayOutside));
        pbx.setSoTimeout(300);
        assertTrue(assertNothing(pbx), "no replayed or forged packet reached the PBX");
        MediaSession s = relay.sessions().get(0);
        assertTrue(s.leg(Zone.OUTSIDE).passesThrough() && s.leg(Zone.INSIDE).passesThrough());
        assertEquals("AES_CM_128_HMAC_SHA1_80", s.leg(Zone.OUTSIDE).suite());
        assertEquals("AES_CM_128_HMAC_SHA1_80", s.leg(Zone.INSIDE).suite());
        assertEquals(3, s.leg(Zone.OUTSIDE).srtpFailures());
        assertEquals(List.of("srtp OUTSIDE AUTH_FAIL"), events);

        // a session refresh repeating both keys keeps the line passing through, replay window and all
        AnchorResult reoffer = a.offer("p1", Zone.OUTSIDE, LO, bytes(phoneOffer(true)));
        assertArrayEquals(PHONE_KEY, SessionDescription.parse(reoffer.sdp()).media().get(0).cryptos().get(0).keys()
                .get(0).keyAndSalt());
        assertTrue(a.answer("p1", Zone.INSIDE, LO, bytes(pbxSrtpAnswer(pbxKey))).accepted());
        phone.send(new DatagramPacket(last, last.length, relayOutside));
        assertTrue(assertNothing(pbx), "the replay window survived the re-offer");
        byte[] next = protect(phoneOut, rtp(12));
        phone.send(new DatagramPacket(next, next.length, relayOutside));
        pbx.setSoTimeout(2000);
        assertArrayEquals(next, receive(pbx));
        a.release("p1");
        assertEquals(0, relay.portsInUse());
    }

    @Test
    void passThroughFallsBackToBridgingWhenTheOtherPartyAnswersPlainRtp() throws Exception {
        MediaAnchor a = anchor(MediaPolicy.SRTP_REQUIRED, MediaPolicy.SRTP_PREFERRED);
        a.passThrough(true);
        AnchorResult offered = a.offer("p2", Zone.OUTSIDE, LO, bytes(phoneOffer(true)));
        assertTrue(offered.accepted(), offered.reason());
        SessionDescription pbxView = SessionDescription.parse(offered.sdp());
        MediaDescription pm = pbxView.media().get(0);
        AnchorResult answered = a.answer("p2", Zone.INSIDE, LO, bytes(pbxAnswer(1)));
        assertTrue(answered.accepted(), answered.reason());
        MediaDescription am = SessionDescription.parse(answered.sdp()).media().get(0);
        CryptoAttribute ours = am.cryptos().get(0);
        assertFalse(Arrays.equals(PHONE_KEY, ours.keys().get(0).keyAndSalt()), "the phone gets the appliance's key");
        InetSocketAddress relayOutside = new InetSocketAddress(
                SessionDescription.parse(answered.sdp()).connectionOf(am).address(), am.port());
        byte[] srtp = protect(context(PHONE_KEY), rtp(1));
        phone.send(new DatagramPacket(srtp, srtp.length, relayOutside));
        assertArrayEquals(rtp(1), receive(pbx), "the plain PBX gets clear RTP");
        byte[] back = rtp(600);
        pbx.send(new DatagramPacket(back, back.length,
                new InetSocketAddress(pbxView.connectionOf(pm).address(), pm.port())));
        byte[] atPhone = receive(phone);
        assertEquals(172, context(ours.keys().get(0).keyAndSalt()).unprotectRtp(atPhone, 0, atPhone.length));
        MediaSession s = relay.sessions().get(0);
        assertFalse(s.leg(Zone.OUTSIDE).passesThrough());
        assertEquals(null, s.leg(Zone.INSIDE).suite());
        a.release("p2");
    }

    private static boolean assertNothing(DatagramSocket s) throws Exception {
        try {
            receive(s);
            return false;
        } catch (java.net.SocketTimeoutException e) {
            return true;
        }
    }

    @Test
    void aPlainOfferToAnSrtpRequiredZoneIsRefusedAndLeavesNothing() {
        MediaAnchor a = anchor(MediaPolicy.SRTP_REQUIRED, MediaPolicy.RTP);
        AnchorResult r = a.offer("d2", Zone.OUTSIDE, LO, bytes(phoneOffer(false)));
        assertEquals(488, r.status());
        assertEquals(MediaAnchor.UNENCRYPTED_OFFER, r.event());
        assertTrue(r.reason().contains("srtp-required"), r.reason());
        assertEquals(0, relay.portsInUse());
        assertEquals(0, a.dialogs());
    }

    @Test
    void theInsideGetsSrtpWhenItsZonePrefersItAndTheKeysDiffer() throws Exception {
        MediaAnchor a = anchor(MediaPolicy.SRTP_PREFERRED, MediaPolicy.SRTP_PREFERRED);
        AnchorResult r = a.offer("d3", Zone.OUTSIDE, LO, bytes(phoneOffer(true)));
        SessionDescription pbxView = SessionDescription.parse(r.sdp());
        MediaDescription pm = pbxView.media().get(0);
        assertEquals("RTP/AVP", pm.proto(), "best-effort SRTP: RTP/AVP with a crypto line");
        CryptoAttribute toPbx = pm.cryptos().get(0);
        assertFalse(Arrays.equals(PHONE_KEY, toPbx.keys().get(0).keyAndSalt()), "a key of the appliance's own");
        // the PBX answers without crypto: plain RTP inside, which srtp-preferred accepts
        AnchorResult ans = a.answer("d3", Zone.INSIDE, LO, bytes(pbxAnswer(1)));
        assertTrue(ans.accepted(), ans.reason());
        a.release("d3");
        assertEquals(0, relay.portsInUse());
    }

    @Test
    void aReOfferDroppingCryptoIsADowngradeAndRefused() {
        MediaAnchor a = anchor(MediaPolicy.SRTP_PREFERRED, MediaPolicy.RTP);
        assertTrue(a.offer("d4", Zone.OUTSIDE, LO, bytes(phoneOffer(true))).accepted());
        assertTrue(a.answer("d4", Zone.INSIDE, LO, bytes(pbxAnswer(1))).accepted());
        int ports = relay.portsInUse();
        AnchorResult r = a.offer("d4", Zone.OUTSIDE, LO, bytes(phoneOffer(false)));
        assertEquals(488, r.status());
        assertEquals(MediaAnchor.DOWNGRADE, r.event());
        assertEquals(ports, relay.portsInUse(), "the call's media goes on as it was");
        assertTrue(a.offer("d4", Zone.OUTSIDE, LO, bytes(phoneOffer(true))).accepted(), "an encrypted re-offer is fine");
        assertEquals(ports, relay.portsInUse(), "the re-offer keeps the call's ports");
        a.release("d4");
        assertEquals(0, relay.portsInUse());
    }

    @Test
    void badSdpIsRefusedNamingTheField() {
        MediaAnchor a = anchor(MediaPolicy.RTP, MediaPolicy.RTP);
        AnchorResult r = a.offer("d5", Zone.OUTSIDE, LO, bytes("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n"
                + "c=IN IP4 127.0.0.1\r\nm=audio 99999 RTP/AVP 0\r\n"));
        assertEquals(488, r.status());
        assertTrue(r.reason().contains("m= port"), r.reason());
        assertEquals(MediaAnchor.BAD_SDP, r.event());
        assertTrue(a.offer("d6", Zone.OUTSIDE, LO, bytes(phoneOffer(false))).accepted());
        AnchorResult twoLines = a.answer("d6", Zone.INSIDE, LO, bytes(pbxAnswer(2)));
        assertEquals(488, twoLines.status());
        assertTrue(twoLines.reason().contains("media lines"), twoLines.reason());
        a.release("d6");
        assertEquals(0, relay.portsInUse());
    }
    /** The phone's side of an answered call: where to send, and its SRTP contexts. */
    private record PhoneCall(InetSocketAddress relayOutside, InetSocketAddress relayInside, SrtpSession out,
            SrtpSession in, CryptoAttribute ours) {
    }

    private PhoneCall call(MediaAnchor a, String dialog, byte[] phoneKey, DatagramSocket pbxAt) throws Exception {
        AnchorResult offered = a.offer(dialog, Zone.OUTSIDE, LO, bytes(phoneOffer(true, phoneKey)));
        assertTrue(offered.accepted(), offered.reason());
        SessionDescription pbxView = SessionDescription.parse(offered.sdp());
        MediaDescription pm = pbxView.media().get(0);
        AnchorResult answered = a.answer(dialog, Zone.INSIDE, LO, bytes(pbxAnswer(1, pbxAt)));
        assertTrue(answered.accepted(), answered.reason());
        MediaDescription am = SessionDescription.parse(answered.sdp()).media().get(0);
        CryptoAttribute ours = am.cryptos().get(0);
        SrtpSuite suite = ours.suite();
        return new PhoneCall(new InetSocketAddress(LO, am.port()), new InetSocketAddress(LO, pm.port()),
                new SrtpSession(SrtpPolicy.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80), Arrays.copyOf(phoneKey, 16),
                        Arrays.copyOfRange(phoneKey, 16, 30)),
                new SrtpSession(SrtpPolicy.of(suite), ours.keys().get(0).masterKey(suite),
                        ours.keys().get(0).masterSalt(suite)), ours);
    }

    /** Media both ways: the phone's SRTP reaches {@code pbxAt} in clear, the PBX's RTP reaches the phone as SRTP. */
    private void talk(PhoneCall c, SrtpSession phoneOut, DatagramSocket pbxAt, int fromSeq, int count) throws Exception {
        for (int seq = fromSeq; seq < fromSeq + count; seq++) {
            byte[] clear = rtp(seq);
            byte[] buf = Arrays.copyOf(clear, clear.length + 64);
            int n = phoneOut.protectRtp(buf, 0, clear.length);
            phone.send(new DatagramPacket(buf, n, c.relayOutside()));
            assertArrayEquals(clear, receive(pbxAt), "packet " + seq + " reaches the PBX in clear");
            byte[] back = rtp(seq + 1000);
            pbxAt.send(new DatagramPacket(back, back.length, c.relayInside()));
            byte[] srtp = receive(phone);
            assertEquals(back.length, c.in().unprotectRtp(srtp, 0, srtp.length), "packet " + seq
                    + " back to the phone opens with the key the appliance answered");
        }
    }

    @Test
    void aReInviteRepeatingTheSdpKeepsPortsKeysAndTheMediaFlowing() throws Exception {
        MediaAnchor a = anchor(MediaPolicy.SRTP_PREFERRED, MediaPolicy.RTP);
        PhoneCall c = call(a, "d7", PHONE_KEY, pbx);
        talk(c, c.out(), pbx, 1, 5);
        int ports = relay.portsInUse();
        // a session refresh: the same offer and answer again
        AnchorResult reOffer = a.offer("d7", Zone.OUTSIDE, LO, bytes(phoneOffer(true)));
        MediaDescription pm = SessionDescription.parse(reOffer.sdp()).media().get(0);
        assertEquals(c.relayInside().getPort(), pm.port(), "the PBX is re-offered the same port");
        AnchorResult reAnswer = a.answer("d7", Zone.INSIDE, LO, bytes(pbxAnswer(1)));
        MediaDescription am = SessionDescription.parse(reAnswer.sdp()).media().get(0);
        assertEquals(c.relayOutside().getPort(), am.port(), "the phone is answered with the same port");
        assertEquals(c.ours().keys(), am.cryptos().get(0).keys(), "and the same key");
        assertEquals(ports, relay.portsInUse());
        talk(c, c.out(), pbx, 6, 5); // the same SRTP contexts on both ends go on
        a.release("d7");
        assertEquals(0, relay.portsInUse());
    }

    @Test
    void aReOfferTheAnswererRefusesLeavesTheMediaAsItWas() throws Exception {
        MediaAnchor a = anchor(MediaPolicy.SRTP_PREFERRED, MediaPolicy.RTP);
        PhoneCall c = call(a, "d8", PHONE_KEY, pbx);
        talk(c, c.out(), pbx, 1, 3);
        byte[] newKey = PHONE_KEY.clone();
        newKey[0] ^= 0x55;
        String video = "m=video " + phone.getLocalPort() + " RTP/SAVP 96\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"
                + Base64.getEncoder().encodeToString(newKey) + "\r\n";
        AnchorResult reOffer = a.offer("d8", Zone.OUTSIDE, LO, bytes(phoneOffer(true, newKey) + video));
        assertTrue(reOffer.accepted(), reOffer.reason());
        assertEquals(4, relay.portsInUse(), "a video line added by the re-offer has ports of its own meanwhile");
        a.offerRefused("d8"); // e.g. 488 from the PBX
        assertEquals(2, relay.portsInUse(), "the video line's ports are back");
        talk(c, c.out(), pbx, 4, 3); // still the old key: the refused offer changed nothing
        a.release("d8");
        assertEquals(0, relay.portsInUse());
    }

    @Test
    void aReOfferWithANewKeyAndANewAddressReKeysAndLatchesAfresh() throws Exception {
        MediaAnchor a = anchor(MediaPolicy.SRTP_PREFERRED, MediaPolicy.RTP);
        PhoneCall c = call(a, "d9", PHONE_KEY, pbx);
        talk(c, c.out(), pbx, 1, 3);
        byte[] newKey = PHONE_KEY.clone();
        newKey[3] ^= 0x11;
        try (DatagramSocket movedPbx = new DatagramSocket(0, LO)) {
            movedPbx.setSoTimeout(2000);
            assertTrue(a.offer("d9", Zone.OUTSIDE, LO, bytes(phoneOffer(true, newKey))).accepted());
            assertTrue(a.answer("d9", Zone.INSIDE, LO, bytes(pbxAnswer(1, movedPbx))).accepted());
            SrtpSession rekeyed = new SrtpSession(SrtpPolicy.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80),
                    Arrays.copyOf(newKey, 16), Arrays.copyOfRange(newKey, 16, 30));
            talk(c, rekeyed, movedPbx, 4, 3);
            byte[] stale = rtp(50);
            pbx.send(new DatagramPacket(stale, stale.length, c.relayInside()));
            phone.setSoTimeout(300);
            assertTrue(assertNothing(phone), "the PBX's old media address is no longer the party");
        }
        a.release("d9");
        assertEquals(0, relay.portsInUse());
    }
    private static final java.util.concurrent.ExecutorService HANDSHAKES = java.util.concurrent.Executors
            .newCachedThreadPool(r -> {
                Thread t = new Thread(r, "test-dtls");
                t.setDaemon(true);
                return t;
            });

    private String dtlsPhoneOffer(int port, DtlsCertificate phoneCert) {
        return "v=0\r\no=phone 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + port + " UDP/TLS/RTP/SAVP 0\r\na=rtpmap:0 PCMU/8000\r\na=rtcp-mux\r\n"
                + "a=fingerprint:" + phoneCert.fingerprint().sdpValue() + "\r\na=setup:actpass\r\n";
    }

    @Test
    void aDtlsSrtpPhoneIsAnsweredActiveKeyedByTheHandshakeAndBridgedToAPlainPbx() throws Exception {
        DtlsCertificate applianceCert = DtlsCertificate.generate();
        MediaAnchor a = new MediaAnchor(relay, Map.of(Zone.OUTSIDE, MediaPolicy.SRTP_REQUIRED, Zone.INSIDE,
                MediaPolicy.RTP), new DtlsKeying(applianceCert, DtlsSrtpSettings.defaults(), HANDSHAKES));
        DtlsCertificate phoneCert = DtlsCertificate.generate();
        try (UdpDtlsEndpoint phoneDtls = UdpDtlsEndpoint.open()) {
            AnchorResult offered = a.offer("t1", Zone.OUTSIDE, LO, bytes(dtlsPhoneOffer(phoneDtls.port(), phoneCert)));
            assertTrue(offered.accepted(), "a DTLS-SRTP offer is encrypted, so srtp-required takes it: " + offered.reason());
            String toPbx = new String(offered.sdp(), StandardCharsets.ISO_8859_1);
            assertFalse(toPbx.contains("fingerprint") || toPbx.contains("a=setup"), "nothing of the phone's DTLS"
                    + " reaches the PBX:\n" + toPbx);
            MediaDescription pm = SessionDescription.parse(offered.sdp()).media().get(0);
            assertEquals("RTP/AVP", pm.proto());
            // the phone waits as DTLS server for the appliance, whose fingerprint it will get in the answer
            DtlsSrtpHandshake phoneSide = phoneDtls.start(DtlsRole.SERVER, phoneCert,
                    List.of(applianceCert.fingerprint()), DtlsSrtpSettings.defaults(), null, HANDSHAKES);
            AnchorResult answered = a.answer("t1", Zone.INSIDE, LO, bytes(pbxAnswer(1)));
            assertTrue(answered.accepted(), answered.reason());
            MediaDescription am = SessionDescription.parse(answered.sdp()).media().get(0);
            assertEquals("UDP/TLS/RTP/SAVP", am.proto());
            assertEquals("active", am.attribute("setup"), "the appliance answers active (RFC 5763) and connects");
            assertEquals(applianceCert.fingerprint(), CertificateFingerprint.parse(am.attribute("fingerprint")));
            assertTrue(am.cryptos().isEmpty(), "no SDES key beside DTLS");

            DtlsSrtpOutcome outcome = phoneSide.outcome().get(10, TimeUnit.SECONDS);
            assertTrue(outcome instanceof DtlsSrtpOutcome.Established, outcome.toString());
            DtlsSrtpOutcome.Established keys = (DtlsSrtpOutcome.Established) outcome;
            SrtpSession phoneOut = keys.protect().newSession();
            SrtpSession phoneIn = keys.unprotect().newSession();
            InetSocketAddress relayOutside = new InetSocketAddress(LO, am.port());
            InetSocketAddress relayInside = new InetSocketAddress(LO, pm.port());
            MediaSession s = relay.sessions().get(0);
            for (int i = 0; i < 50 && s.leg(Zone.OUTSIDE).suite() == null; i++) {
                Thread.sleep(20); // the appliance's side completes a moment after the phone's
            }
            assertEquals(keys.suite().name(), s.leg(Zone.OUTSIDE).suite());
            for (int seq = 1; seq <= 10; seq++) {
                byte[] clear = rtp(seq);
                byte[] buf = Arrays.copyOf(clear, clear.length + 64);
                int n = phoneOut.protectRtp(buf, 0, clear.length);
                phoneDtls.sendMedia(buf, n, relayOutside);
                assertArrayEquals(clear, receive(pbx), "the PBX gets the DTLS phone's audio in clear");
                byte[] back = rtp(seq + 1000);
                pbx.send(new DatagramPacket(back, back.length, relayInside));
                byte[] srtp = phoneDtls.receiveMedia(2000);
                assertTrue(srtp != null, "the phone gets the PBX's audio");
                assertEquals(back.length, phoneIn.unprotectRtp(srtp, 0, srtp.length), "as SRTP under the DTLS keys");
                assertArrayEquals(back, Arrays.copyOf(srtp, back.length));
            }
            // a session refresh repeating the offer keeps the association (no new handshake, same keys)
            DtlsSrtpHandshake running = s.leg(Zone.OUTSIDE).dtls();
            assertTrue(a.offer("t1", Zone.OUTSIDE, LO, bytes(dtlsPhoneOffer(phoneDtls.port(), phoneCert))).accepted());
            assertTrue(a.answer("t1", Zone.INSIDE, LO, bytes(pbxAnswer(1))).accepted());
            assertTrue(running == s.leg(Zone.OUTSIDE).dtls(), "the same DTLS association");
            byte[] clear = rtp(11);
            byte[] buf = Arrays.copyOf(clear, clear.length + 64);
            phoneDtls.sendMedia(buf, phoneOut.protectRtp(buf, 0, clear.length), relayOutside);
            assertArrayEquals(clear, receive(pbx), "media goes on after the refresh");
            a.release("t1");
        }
        assertEquals(0, relay.portsInUse());
    }

    @Test
    void aDtlsPeerWithAnotherCertificateGetsNoMediaAndIsReported() throws Exception {
        DtlsCertificate applianceCert = DtlsCertificate.generate();
        MediaAnchor a = new MediaAnchor(relay, Map.of(Zone.OUTSIDE, MediaPolicy.SRTP_PREFERRED, Zone.INSIDE,
                MediaPolicy.RTP), new DtlsKeying(applianceCert, DtlsSrtpSettings.defaults(), HANDSHAKES));
        DtlsCertificate signalled = DtlsCertificate.generate();
        DtlsCertificate presented = DtlsCertificate.generate(); // a man in the middle's
        try (UdpDtlsEndpoint impostor = UdpDtlsEndpoint.open()) {
            AnchorResult offered = a.offer("t2", Zone.OUTSIDE, LO, bytes(dtlsPhoneOffer(impostor.port(), signalled)));
            assertTrue(offered.accepted(), offered.reason());
            MediaDescription pm = SessionDescription.parse(offered.sdp()).media().get(0);
            impostor.start(DtlsRole.SERVER, presented, List.of(applianceCert.fingerprint()),
                    DtlsSrtpSettings.defaults(), null, HANDSHAKES);
            assertTrue(a.answer("t2", Zone.INSIDE, LO, bytes(pbxAnswer(1))).accepted());
            for (int i = 0; i < 100 && events.isEmpty(); i++) {
                Thread.sleep(50);
            }
            assertEquals(1, events.size(), events.toString());
            assertTrue(events.get(0).startsWith("srtp OUTSIDE DTLS_FINGERPRINT_MISMATCH"), events.toString());
            byte[] back = rtp(1);
            pbx.send(new DatagramPacket(back, back.length, new InetSocketAddress(LO, pm.port())));
            assertEquals(null, impostor.receiveMedia(300), "no key, no media: nothing reaches the peer, least of all"
                    + " in clear");
            assertEquals(null, relay.sessions().get(0).leg(Zone.OUTSIDE).suite());
            a.release("t2");
        }
        assertEquals(0, relay.portsInUse());
    }
    private String pbxPlainOffer() {
        return "v=0\r\no=pbx 5 5 IN IP4 10.9.0.5\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + pbx.getLocalPort() + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    }

    private String dtlsPhoneAnswer(int port, DtlsCertificate phoneCert, String setup) {
        return "v=0\r\no=phone 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + port + " UDP/TLS/RTP/SAVP 0\r\na=rtpmap:0 PCMU/8000\r\na=rtcp-mux\r\n"
                + "a=fingerprint:" + phoneCert.fingerprint().sdpValue() + "\r\na=setup:" + setup + "\r\n";
    }

    @ParameterizedTest
    @ValueSource(strings = {"active", "passive"})
    void theApplianceOffersDtlsSrtpToAZoneSetToDtlsAndTakesTheRoleTheAnswerLeavesIt(String phoneSetup)
            throws Exception {
        DtlsCertificate applianceCert = DtlsCertificate.generate();
        MediaAnchor a = new MediaAnchor(relay, Map.of(Zone.OUTSIDE, MediaPolicy.SRTP_REQUIRED, Zone.INSIDE,
                MediaPolicy.RTP), new DtlsKeying(applianceCert, DtlsSrtpSettings.defaults(), HANDSHAKES));
        a.offerDtls(Set.of(Zone.OUTSIDE));
        DtlsCertificate phoneCert = DtlsCertificate.generate();
        try (UdpDtlsEndpoint phoneDtls = UdpDtlsEndpoint.open()) {
            AnchorResult offered = a.offer("t3", Zone.INSIDE, LO, bytes(pbxPlainOffer()));
            assertTrue(offered.accepted(), offered.reason());
            MediaDescription om = SessionDescription.parse(offered.sdp()).media().get(0);
            assertEquals("UDP/TLS/RTP/SAVP", om.proto(), "the PBX's call goes out offering DTLS-SRTP");
            assertEquals("actpass", om.attribute("setup"), "the offerer lets the answerer choose (RFC 5763)");
            assertEquals(applianceCert.fingerprint(), CertificateFingerprint.parse(om.attribute("fingerprint")));
            assertTrue(om.rtcpMux());
            assertTrue(om.cryptos().isEmpty(), "no SDES key beside DTLS");
            InetSocketAddress relayOutside = new InetSocketAddress(LO, om.port());
            boolean phoneConnects = phoneSetup.equals("active");
            DtlsSrtpHandshake phoneSide = phoneConnects ? null : phoneDtls.start(DtlsRole.SERVER, phoneCert,
                    List.of(applianceCert.fingerprint()), DtlsSrtpSettings.defaults(), null, HANDSHAKES);
            AnchorResult answered = a.answer("t3", Zone.OUTSIDE, LO,
                    bytes(dtlsPhoneAnswer(phoneDtls.port(), phoneCert, phoneSetup)));
            assertTrue(answered.accepted(), answered.reason());
            String toPbx = new String(answered.sdp(), StandardCharsets.ISO_8859_1);
            MediaDescription pm = SessionDescription.parse(answered.sdp()).media().get(0);
            assertEquals("RTP/AVP", pm.proto());
            assertFalse(toPbx.contains("fingerprint") || toPbx.contains("a=setup"), toPbx);
            if (phoneConnects) { // the appliance waits as DTLS server; the phone connects to its port
                phoneSide = phoneDtls.start(DtlsRole.CLIENT, phoneCert, List.of(applianceCert.fingerprint()),
                        DtlsSrtpSettings.defaults(), relayOutside, HANDSHAKES);
            }
            DtlsSrtpOutcome outcome = phoneSide.outcome().get(10, TimeUnit.SECONDS);
            assertTrue(outcome instanceof DtlsSrtpOutcome.Established, outcome.toString());
            DtlsSrtpOutcome.Established keys = (DtlsSrtpOutcome.Established) outcome;
            MediaSession s = relay.sessions().get(0);
            for (int i = 0; i < 50 && s.leg(Zone.OUTSIDE).suite() == null; i++) {
                Thread.sleep(20);
            }
            assertEquals(keys.suite().name(), s.leg(Zone.OUTSIDE).suite());
            assertEquals(phoneConnects ? DtlsRole.SERVER : DtlsRole.CLIENT, s.leg(Zone.OUTSIDE).dtls().role());
            SrtpSession phoneOut = keys.protect().newSession();
            SrtpSession phoneIn = keys.unprotect().newSession();
            InetSocketAddress relayInside = new InetSocketAddress(LO, pm.port());
            for (int seq = 1; seq <= 10; seq++) {
                byte[] fromPbx = rtp(seq);
                pbx.send(new DatagramPacket(fromPbx, fromPbx.length, relayInside));
                byte[] srtp = phoneDtls.receiveMedia(2000);
                assertTrue(srtp != null, "the phone gets the PBX's audio");
                assertEquals(fromPbx.length, phoneIn.unprotectRtp(srtp, 0, srtp.length), "as SRTP under the DTLS keys");
                assertArrayEquals(fromPbx, Arrays.copyOf(srtp, fromPbx.length));
                byte[] clear = rtp(seq + 1000);
                byte[] buf = Arrays.copyOf(clear, clear.length + 64);
                phoneDtls.sendMedia(buf, phoneOut.protectRtp(buf, 0, clear.length), relayOutside);
                assertArrayEquals(clear, receive(pbx), "the PBX gets the phone's audio in clear");
            }
            a.release("t3");
        }
        assertEquals(0, relay.portsInUse());
    }

    @Test
    void aPlainAnswerToTheAppliancesDtlsOfferIsRefusedOnAnSrtpRequiredZone() throws Exception {
        MediaAnchor a = new MediaAnchor(relay, Map.of(Zone.OUTSIDE, MediaPolicy.SRTP_REQUIRED, Zone.INSIDE,
                MediaPolicy.RTP), new DtlsKeying(DtlsCertificate.generate(), DtlsSrtpSettings.defaults(), HANDSHAKES));
        a.offerDtls(Set.of(Zone.OUTSIDE));
        assertTrue(a.offer("t4", Zone.INSIDE, LO, bytes(pbxPlainOffer())).accepted());
        AnchorResult plain = a.answer("t4", Zone.OUTSIDE, LO, bytes(phoneOffer(false)));
        assertEquals(488, plain.status());
        assertEquals(MediaAnchor.UNENCRYPTED_OFFER, plain.event(), plain.reason());
        a.release("t4");
        assertEquals(0, relay.portsInUse());
    }
}
