package io.bulwark.inspection.harvest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.api.event.EventKinds;
import io.bulwark.api.event.Severity;
import io.bulwark.api.inspect.Verdict;
import io.bulwark.api.sip.SipMessage;
import io.bulwark.api.transport.MessageContext;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import io.bulwark.inspection.common.ConfigLists;
import io.bulwark.inspection.testing.ManualClock;
import io.bulwark.inspection.testing.Sip;
import io.bulwark.sipproxy.inspect.BoundedInspectionState;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HarvestingInspectorTest {

    private static final String CREDENTIALS = "Authorization: Digest username=\"1001\", realm=\"pbx\", nonce=\"n\", "
            + "uri=\"sip:pbx.example.com\", response=\"0123456789abcdef0123456789abcdef\"";

    private final ManualClock clock = new ManualClock();
    private final BoundedInspectionState state = new BoundedInspectionState(64, 10_000, 1_000);

    private HarvestingInspector inspector() {
        return new HarvestingInspector(HarvestingSettings.defaults(), state, clock);
    }

    private HarvestingInspector inspector(int sourceUsers, int prefixUsers) {
        HarvestingSettings d = HarvestingSettings.defaults();
        return new HarvestingInspector(new HarvestingSettings(true, d.zones(), d.statuses(), d.windowMillis(),
                sourceUsers, prefixUsers, d.maskMethods(), d.maskStatuses(), d.maskStatus()), state, clock);
    }

    /** @return a REGISTER for that user, as a phone sends it (Request-URI the domain, the user in To) */
    private static SipMessage register(String user, String... extra) {
        StringBuilder b = new StringBuilder("REGISTER sip:pbx.example.com SIP/2.0\r\n")
                .append("Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK-reg").append(System.nanoTime()).append("\r\n")
                .append("Max-Forwards: 70\r\n")
                .append("From: <sip:").append(user).append("@pbx.example.com>;tag=r1\r\n")
                .append("To: <sip:").append(user).append("@pbx.example.com>\r\n")
                .append("Call-ID: reg-").append(user).append('-').append(System.nanoTime()).append("\r\n")
                .append("CSeq: 1 REGISTER\r\n")
                .append("Contact: <sip:").append(user).append("@198.51.100.7:5060>\r\n");
        for (String h : extra) {
            b.append(h).append("\r\n");
        }
        return Sip.parse(b.append("Content-Length: 0\r\n\r\n").toString());
    }

    /** @return a response to the request with that status */
    static SipMessage respond(SipMessage request, int status, String... extra) {
        StringBuilder b = new StringBuilder("SIP/2.0 ").append(status).append(" Whatever\r\n")
                .append("Via: ").append(request.header("Via")).append("\r\n")
                .append("From: ").append(request.header("From")).append("\r\n")
                .append("To: ").append(request.header("To")).append(status > 100 ? ";tag=uas" : "").append("\r\n")
                .append("Call-ID: ").append(request.callId()).append("\r\n")
                .append("CSeq: ").append(request.cseq()).append(' ').append(request.method()).append("\r\n");
        for (String h : extra) {
            b.append(h).append("\r\n");
        }
        return Sip.parse(b.append("Content-Length: 0\r\n\r\n").toString());
    }

    private static Verdict answered(HarvestingInspector h, SipMessage request, int status, MessageContext from) {
        return h.onResponse(respond(request, status), request, from);
    }

    @Test
    void oneSourceOverItsLimitOfRefusedUsersIsBanned() {
        HarvestingInspector h = inspector();
        MessageContext from = Sip.from("198.51.100.7");
        for (int u = 0; u < 20; u++) {
            Verdict v = answered(h, Sip.request("INVITE", "sip:" + (3000 + u * 13) + "@pbx.example.com"), 404, from);
            assertTrue(v.passes(), "user " + u + ": " + v);
        }
        // the same users again add nothing
        assertTrue(answered(h, Sip.request("INVITE", "sip:3000@pbx.example.com"), 404, from).passes());
        Verdict v = answered(h, Sip.request("INVITE", "sip:9999@pbx.example.com"), 404, from);
        assertEquals(Verdict.Action.BAN, v.action());
        assertEquals(EventKinds.SIP_HARVESTING, v.finding().kind());
        assertEquals(Severity.HIGH, v.finding().severity());
        assertEquals("9999", v.finding().target());
        assertEquals("extension harvesting: 21 distinct users refused or challenged within 60 s (limit 20)",
                v.finding().reason());
        // its further requests are banned too, whatever they are; another source is not affected
        Verdict next = h.onRequest(Sip.request("OPTIONS", "sip:1@pbx.example.com"), from);
        assertEquals(Verdict.Action.BAN, next.action());
        assertTrue(next.finding().reason().startsWith("known harvester: extension harvesting: 21"),
                next.finding().reason());
        assertTrue(h.onRequest(Sip.request("OPTIONS", "sip:1@pbx.example.com"), Sip.from("203.0.113.50")).passes());
        // until the window has passed
        clock.advance(Duration.ofSeconds(61));
        assertTrue(h.onRequest(Sip.request("OPTIONS", "sip:1@pbx.example.com"), from).passes());
    }

    @Test
    void challengesCountAsProbesLikeRefusals() {
        HarvestingInspector h = inspector(5, 40);
        MessageContext from = Sip.from("198.51.100.8");
        int[] statuses = {401, 403, 407, 484, 604};
        for (int i = 0; i < statuses.length; i++) {
            assertTrue(answered(h, Sip.request("INVITE", "sip:" + (100 + i) + "@pbx.example.com"), statuses[i], from)
                    .passes(), "status " + statuses[i]);
        }
        assertEquals(Verdict.Action.BAN,
                answered(h, Sip.request("INVITE", "sip:200@pbx.example.com"), 401, from).action());
    }

    @Test
    void aHarvestSpreadOverMoreThanTheWindowIsNotOne() {
        HarvestingInspector h = inspector();
        MessageContext from = Sip.from("198.51.100.9");
        for (int u = 0; u < 60; u++) {
            Verdict v = answered(h, Sip.request("INVITE", "sip:" + (5000 + u) + "@pbx.example.com"), 404, from);
            assertTrue(v.passes(), "user " + u + ": " + v);
            clock.advance(Duration.ofSeconds(4)); // 15 users per window
        }
    }

    @Test
    void otherAnswersNeitherCountNorChange() {
        HarvestingInspector h = inspector(2, 2);
        MessageContext from = Sip.from("198.51.100.10");
        int[] statuses = {100, 180, 183, 200, 202, 302, 486, 488, 500, 503};
        for (int u = 0; u < 30; u++) {
            for (int status : statuses) {
                SipMessage register = register("u" + u);
                assertEquals(Verdict.PASS, answered(h, register, status, from), "status " + status);
            }
        }
    }

    @Test
    void manyNeighboursTogetherFlagTheirNetwork() {
        HarvestingInspector h = inspector(20, 40);
        int user = 7000;
        for (int src = 1; src <= 5; src++) {
            for (int i = 0; i < 8; i++) { // 8 users each, well under the per-source limit
                Verdict v = answered(h, Sip.request("INVITE", "sip:" + user++ + "@pbx.example.com"), 404,
                        Sip.from("198.51.100." + src));
                assertTrue(v.passes(), "source " + src + " user " + i + ": " + v);
            }
        }
        // the 41st distinct user from the /24 bans the source that asked, and flags the network
        Verdict v = answered(h, Sip.request("INVITE", "sip:" + user + "@pbx.example.com"), 404,
                Sip.from("198.51.100.6"));
        assertEquals(Verdict.Action.BAN, v.action());
        assertEquals("extension harvesting from 198.51.100.0/24: 41 distinct users refused or challenged within "
                + "60 s (limit 40)", v.finding().reason());
        Verdict neighbour = h.onRequest(Sip.request("REGISTER", "sip:pbx.example.com"), Sip.from("198.51.100.200"));
        assertEquals(Verdict.Action.BAN, neighbour.action());
        assertTrue(neighbour.finding().reason().startsWith("network flagged: "), neighbour.finding().reason());
        // another network is not affected, and the flag goes with the window
        assertTrue(h.onRequest(Sip.request("REGISTER", "sip:pbx.example.com"), Sip.from("198.51.101.1")).passes());
        clock.advance(Duration.ofSeconds(61));
        assertTrue(h.onRequest(Sip.request("REGISTER", "sip:pbx.example.com"), Sip.from("198.51.100.200")).passes());
    }

    @Test
    void anIpv6NetworkIsItsSlash64() {
        HarvestingInspector h = inspector(100, 3);
        for (int i = 0; i < 3; i++) {
            assertTrue(answered(h, Sip.request("INVITE", "sip:" + (400 + i) + "@pbx.example.com"), 404,
                    Sip.from("2001:db8:1:2::" + (i + 1))).passes());
        }
        assertTrue(answered(h, Sip.request("INVITE", "sip:500@pbx.example.com"), 404, Sip.from("2001:db8:1:3::1"))
                .passes(), "another /64");
        Verdict v = answered(h, Sip.request("INVITE", "sip:403@pbx.example.com"), 404, Sip.from("2001:db8:1:2::99"));
        assertEquals(Verdict.Action.BAN, v.action());
        assertTrue(v.finding().reason().contains("2001:db8:1:2:0:0:0:0/64"), v.finding().reason());
    }

    @Test
    void anUnauthenticatedRegisterForAnUnknownUserIsAnsweredLikeAKnownOne() {
        HarvestingInspector h = inspector();
        MessageContext from = Sip.from("198.51.100.11");
        for (int status : new int[] {404, 403, 484, 604}) {
            Verdict v = answered(h, register("9" + status), status, from);
            assertEquals(Verdict.Action.REJECT, v.action(), "status " + status);
            assertEquals(401, v.status());
            assertEquals(HarvestingInspector.MASKED, v.finding().kind());
            assertEquals(Severity.INFO, v.finding().severity());
            assertEquals("9" + status, v.finding().target());
            assertEquals(status + " to REGISTER without credentials masked as 401", v.finding().reason());
        }
        // a known user's challenge goes through untouched: the phone needs the registrar's nonce
        assertEquals(Verdict.PASS, answered(h, register("1001"), 401, from));
        // with credentials the answer is the registrar's (and still counted)
        assertEquals(Verdict.PASS, answered(h, register("1001", CREDENTIALS), 404, from));
        // another method is not masked by default, nor another zone's request
        assertEquals(Verdict.PASS, answered(h, Sip.request("INVITE", "sip:555@pbx.example.com"), 404, from));
        assertEquals(Verdict.PASS, answered(h, register("556"), 404, inside("10.0.0.5")));
    }

    @Test
    void theUniformAnswerCanBeAProxyChallengeAndMaskingCanBeOff() {
        HarvestingSettings d = HarvestingSettings.defaults();
        HarvestingInspector proxyChallenge = new HarvestingInspector(new HarvestingSettings(true, d.zones(),
                d.statuses(), d.windowMillis(), 20, 40, Set.of("REGISTER", "INVITE"), Set.of(404), 407), state, clock);
        Verdict v = answered(proxyChallenge, Sip.request("INVITE", "sip:555@pbx.example.com"), 404,
                Sip.from("198.51.100.12"));
        assertEquals(Verdict.Action.REJECT, v.action());
        assertEquals(407, v.status());
        HarvestingInspector off = new HarvestingInspector(new HarvestingSettings(true, d.zones(), d.statuses(),
                d.windowMillis(), 20, 40, Set.of(), d.maskStatuses(), 401), state, clock);
        assertEquals(Verdict.PASS, answered(off, register("557"), 404, Sip.from("198.51.100.13")));
    }

    @Test
    void anUnknownUserOverTheLimitIsBannedRatherThanMasked() {
        HarvestingInspector h = inspector(3, 40);
        MessageContext from = Sip.from("198.51.100.14");
        for (int u = 0; u < 3; u++) {
            assertEquals(Verdict.Action.REJECT, answered(h, register("x" + u), 404, from).action());
        }
        assertEquals(Verdict.Action.BAN, answered(h, register("x3"), 404, from).action());
        // an answer still in flight to the flagged source is dropped, not masked
        Verdict late = answered(h, register("x0"), 404, from);
        assertEquals(Verdict.Action.BAN, late.action());
        assertTrue(late.finding().reason().startsWith("known harvester: "), late.finding().reason());
        // but what it is never told is never touched
        assertEquals(Verdict.PASS, answered(h, register("x0"), 200, from));
    }

    @Test
    void theInsideZoneIsNotWatchedByDefault() {
        HarvestingInspector h = inspector(2, 2);
        for (int u = 0; u < 10; u++) {
            assertEquals(Verdict.PASS, answered(h, Sip.request("INVITE", "sip:" + u + "@trunk.example.net"), 404,
                    inside("10.0.0.5")));
        }
        assertTrue(h.onRequest(Sip.request("INVITE", "sip:1@trunk.example.net"), inside("10.0.0.5")).passes());
    }

    @Test
    void requestsWithoutAUserAreMaskedButNotCounted() {
        HarvestingInspector h = inspector(2, 2);
        MessageContext from = Sip.from("198.51.100.15");
        SipMessage odd = Sip.parse("REGISTER sip:pbx.example.com SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.15;"
                + "branch=z9hG4bKodd\r\nFrom: <sip:pbx.example.com>;tag=1\r\nTo: <sip:pbx.example.com>\r\n"
                + "Call-ID: odd@x\r\nCSeq: 1 REGISTER\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
        for (int i = 0; i < 5; i++) {
            Verdict v = answered(h, odd, 404, from);
            assertEquals(Verdict.Action.REJECT, v.action());
            assertNull(v.finding().target());
        }
    }

    @Test
    void disabledPassesEverything() {
        HarvestingSettings d = HarvestingSettings.defaults();
        HarvestingInspector h = new HarvestingInspector(new HarvestingSettings(false, d.zones(), d.statuses(),
                d.windowMillis(), 2, 2, d.maskMethods(), d.maskStatuses(), 401), state, clock);
        MessageContext from = Sip.from("198.51.100.16");
        for (int u = 0; u < 10; u++) {
            assertEquals(Verdict.PASS, answered(h, register("d" + u), 404, from));
        }
        assertEquals(Verdict.PASS, h.onRequest(register("d0"), from));
    }

    @Test
    void theDefaultsAreTheConfigurationDefaults() {
        assertEquals(HarvestingSettings.defaults(), HarvestingSettings.of(annotationDefaults()));
    }

    @Test
    void badSettingsNameTheirKey() {
        HarvestingSettings d = HarvestingSettings.defaults();
        assertKey("source.users", () -> new HarvestingSettings(true, d.zones(), d.statuses(), 60_000, 1, 40,
                d.maskMethods(), d.maskStatuses(), 401));
        assertKey("prefix.users", () -> new HarvestingSettings(true, d.zones(), d.statuses(), 60_000, 20, 0,
                d.maskMethods(), d.maskStatuses(), 401));
        assertKey("window.seconds", () -> new HarvestingSettings(true, d.zones(), d.statuses(), 0, 20, 40,
                d.maskMethods(), d.maskStatuses(), 401));
        assertKey("zones", () -> new HarvestingSettings(true, Set.of(), d.statuses(), 60_000, 20, 40,
                d.maskMethods(), d.maskStatuses(), 401));
        assertKey("statuses", () -> new HarvestingSettings(true, d.zones(), Set.of(200), 60_000, 20, 40,
                d.maskMethods(), d.maskStatuses(), 401));
        assertKey("mask.statuses", () -> new HarvestingSettings(true, d.zones(), d.statuses(), 60_000, 20, 40,
                d.maskMethods(), Set.of(404, 401), 401));
        assertKey("mask.status", () -> new HarvestingSettings(true, d.zones(), d.statuses(), 60_000, 20, 40,
                d.maskMethods(), d.maskStatuses(), 404));
        assertKey("statuses", () -> ConfigLists.statuses("statuses", "404, four-o-four"));
        assertKey("zones", () -> ConfigLists.zones("zones", "outside,dmz"));
        assertKey("mask.methods", () -> ConfigLists.methods("mask.methods", "REGISTER;INVITE"));
        assertEquals(Set.of("REGISTER", "INVITE"), ConfigLists.methods("mask.methods", " register, ,INVITE "));
    }

    private static void assertKey(String key, org.junit.jupiter.api.function.Executable bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad);
        assertTrue(e.getMessage().startsWith(key + " "), e.getMessage());
    }

    private static MessageContext inside(String address) {
        return new MessageContext(Zone.INSIDE, TransportProtocol.UDP, new InetSocketAddress(address, 5060),
                new InetSocketAddress("10.0.0.1", 5060), 0, null, System.nanoTime());
    }

    /** @return a configuration answering every attribute with its declared default */
    private static HarvestingInspector.Config annotationDefaults() {
        return (HarvestingInspector.Config) Proxy.newProxyInstance(HarvestingInspector.Config.class.getClassLoader(),
                new Class<?>[] {HarvestingInspector.Config.class}, (proxy, method, args) -> method.getDefaultValue());
    }
}
