package io.bulwark.inspection.toll;

import static io.bulwark.inspection.toll.Calls.PBX;
import static io.bulwark.inspection.toll.Calls.TRUNK;
import static io.bulwark.inspection.toll.Calls.answer;
import static io.bulwark.inspection.toll.Calls.dial;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.api.event.EventKinds;
import io.bulwark.api.event.Severity;
import io.bulwark.api.inspect.Verdict;
import io.bulwark.inspection.testing.ManualClock;
import io.bulwark.inspection.testing.Sip;
import io.bulwark.inspection.toll.Calls.Call;
import io.bulwark.sipproxy.inspect.BoundedInspectionState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TollFraudInspectorTest {

    /** Saturday 2026-11-28 03:00 in Berlin (CET, UTC+1). */
    private static final Instant SATURDAY_3AM = Instant.parse("2026-11-28T02:00:00Z");
    /** Wednesday 2026-11-25 10:00 in Berlin. */
    private static final Instant WEDNESDAY_10AM = Instant.parse("2026-11-25T09:00:00Z");

    private final BoundedInspectionState state = new BoundedInspectionState(64, 10_000, 1_000);
    private ManualClock clock = new ManualClock(SATURDAY_3AM, ZoneOffset.UTC);

    /** @return the inspector with the defaults, in Berlin, and these attribute overrides */
    private TollFraudInspector inspector(Object... nameValues) {
        return new TollFraudInspector(TollSettings.of(Calls.config(overrides(nameValues))), state, clock);
    }

    private static Map<String, Object> overrides(Object... nameValues) {
        Map<String, Object> o = new HashMap<>();
        o.put("time_zone", "Europe/Berlin");
        for (int i = 0; i < nameValues.length; i += 2) {
            o.put((String) nameValues[i], nameValues[i + 1]);
        }
        return o;
    }

    private void at(Instant instant) {
        clock = new ManualClock(instant, ZoneOffset.UTC);
    }

    private static Verdict place(TollFraudInspector t, Call c) {
        return t.onRequest(c.invite(), PBX);
    }

    /** The call is answered and the PBX hangs up. */
    private static void talkAndHangUp(TollFraudInspector t, Call c) {
        assertEquals(Verdict.PASS, t.onResponse(answer(c, 200), c.invite(), PBX));
        assertEquals(Verdict.PASS, t.onRequest(Calls.byeFromPbx(c), PBX));
    }

    private String deadline(Call c) {
        return state.get(TollFraudInspector.TABLE_DEADLINE, c.callId(), clock.millis());
    }

    private static void assertRefused(Severity severity, String reason, Verdict v) {
        assertEquals(Verdict.Action.REJECT, v.action(), String.valueOf(v));
        assertEquals(403, v.status());
        assertEquals(EventKinds.SIP_TOLL_FRAUD, v.finding().kind());
        assertEquals(severity, v.finding().severity(), v.finding().reason());
        assertTrue(v.finding().reason().contains(reason), v.finding().reason());
    }

    @Test
    void aDeniedPrefixIsRefusedNamingThePeriodTheNumberAndThePrefix() {
        TollFraudInspector t = inspector();
        Verdict v = place(t, dial("1001", "0088213456789"));
        assertEquals(Verdict.Action.REJECT, v.action());
        assertEquals(403, v.status());
        assertEquals(EventKinds.SIP_TOLL_FRAUD, v.finding().kind());
        assertEquals(Severity.HIGH, v.finding().severity());
        assertEquals("1001", v.finding().target());
        assertEquals("off-hours (Sat 03:00 Europe/Berlin): destination +88213456789 matches denied prefix 882",
                v.finding().reason());
        // whatever way it is written
        assertRefused(Severity.HIGH, "matches denied prefix 882", place(t, dial("1001", "+882-1345-6789")));
        assertRefused(Severity.HIGH, "matches denied prefix 882", place(t, dial("1001", "%2B88213456789")));
        assertRefused(Severity.HIGH, "matches denied prefix 881",
                place(t, Calls.call("1001", "tel:+881-6-31234567;phone-context=+49")));
        assertRefused(Severity.HIGH, "destination +19005550100 matches denied prefix 1900",
                place(t, dial("1001", "001-900-555-0100")));
        assertRefused(Severity.HIGH, "destination +449091234567 matches denied prefix 449",
                place(t, dial("1001", "0044(909)1234567")));
        // a national premium number, in E.164 form with the country code
        assertRefused(Severity.HIGH, "destination +499001234567 matches denied prefix 49900",
                place(t, dial("1001", "0900-1234567")));
        assertNull(state.get(TollFraudInspector.TABLE_DEADLINE, "any", clock.millis()));
    }

    @Test
    void aNationalCallPassesAtNightWithTheOffHoursDeadline() {
        TollFraudInspector t = inspector();
        Call c = dial("1001", "030-1234567");
        assertEquals(Verdict.PASS, place(t, c));
        long start = clock.millis();
        assertEquals(Long.toString(start + 3_600_000), deadline(c));
        assertEquals("off-hours (Sat 03:00 Europe/Berlin): call of extension 1001 to +49301234567 longer than the "
                + "maximum of 3600 s",
                state.get(TollFraudInspector.TABLE_DEADLINE_REASON, c.callId(), start));
        clock.advance(Duration.ofSeconds(5));
        assertEquals(Verdict.PASS, t.onResponse(answer(c, 180), c.invite(), PBX));
        assertEquals(Long.toString(start + 3_600_000), deadline(c), "ringing does not move it");
        clock.advance(Duration.ofSeconds(15));
        assertEquals(Verdict.PASS, t.onResponse(answer(c, 200), c.invite(), PBX));
        long answered = clock.millis();
        assertEquals(Long.toString(answered + 3_600_000), deadline(c), "the maximum runs from the answer");
        clock.advance(Duration.ofSeconds(2));
        t.onResponse(answer(c, 200), c.invite(), PBX); // a retransmitted 200
        assertEquals(Long.toString(answered + 3_600_000), deadline(c));
        t.onRequest(Calls.byeFromPbx(c), PBX);
        assertNull(deadline(c), "gone with the call");
        assertNull(state.get(TollFraudInspector.TABLE_DEADLINE_REASON, c.callId(), clock.millis()));
        // a national number in international form is national too
        assertEquals(Verdict.PASS, place(t, dial("1002", "+4930-7654321")));
    }

    @Test
    void aCallDuringOfficeHoursGetsTheOfficeDeadlineWhichOutlivesItByTheGraceOnly() {
        at(WEDNESDAY_10AM);
        TollFraudInspector t = inspector();
        Call c = dial("1001", "0033-1-23456789");
        assertEquals(Verdict.PASS, place(t, c));
        long deadline = clock.millis() + 14_400_000;
        assertEquals(Long.toString(deadline), deadline(c));
        assertEquals("office hours (Wed 10:00 Europe/Berlin): call of extension 1001 to +33123456789 longer than "
                + "the maximum of 14400 s",
                state.get(TollFraudInspector.TABLE_DEADLINE_REASON, c.callId(), clock.millis()));
        // the proxy reads it past the deadline, until the grace runs out
        long late = deadline + TollFraudInspector.DEADLINE_GRACE_MILLIS;
        assertEquals(Long.toString(deadline), state.get(TollFraudInspector.TABLE_DEADLINE, c.callId(), late - 1));
        assertNull(state.get(TollFraudInspector.TABLE_DEADLINE, c.callId(), late));
    }

    @Test
    void internationalCallsOverTheNightLimitRestrictTheExtensionToNationalCalls() {
        TollFraudInspector t = inspector();
        Call first = dial("1001", "0033123456789");
        assertEquals(Verdict.PASS, place(t, first));
        talkAndHangUp(t, first);
        clock.advance(Duration.ofMinutes(2));
        Call second = dial("1001", "+44-20-7946-0000");
        assertEquals(Verdict.PASS, place(t, second));
        talkAndHangUp(t, second);
        clock.advance(Duration.ofMinutes(2));
        Verdict v = place(t, dial("1001", "001-212-555-0100"));
        assertEquals(Verdict.Action.REJECT, v.action());
        assertEquals(Severity.HIGH, v.finding().severity());
        assertEquals("off-hours (Sat 03:04 Europe/Berlin): 3 international calls within 3600 s from extension 1001 "
                + "(limit 2); extension 1001 restricted to national calls for 60 min", v.finding().reason());
        // national calls go on
        clock.advance(Duration.ofMinutes(2));
        Call national = dial("1001", "089-1234567");
        assertEquals(Verdict.PASS, place(t, national));
        talkAndHangUp(t, national);
        // international ones do not, whatever the count
        clock.advance(Duration.ofMinutes(2));
        assertRefused(Severity.LOW, "international call to +33987654321 refused: extension 1001 restricted to national "
                + "calls until Sat 04:04 Europe/Berlin (off-hours (Sat 03:04 Europe/Berlin): 3 international calls",
                place(t, dial("1001", "0033987654321")));
        // another extension is not restricted
        assertEquals(Verdict.PASS, place(t, dial("1002", "0033987654321")));
        // and the restriction ends
        clock.advance(Duration.ofHours(2));
        assertEquals(Verdict.PASS, place(t, dial("1001", "0033987654321")));
    }

    @Test
    void callsPerMinuteOverTheOfficeLimitAreRefused() {
        at(WEDNESDAY_10AM);
        TollFraudInspector t = inspector();
        for (int i = 0; i < 10; i++) {
            Call c = dial("1001", "030-555000" + i);
            assertEquals(Verdict.PASS, place(t, c), "call " + i);
            t.onResponse(answer(c, 486), c.invite(), PBX); // busy: frees its slot
        }
        Verdict v = place(t, dial("1001", "030-5550010"));
        assertEquals(Verdict.Action.REJECT, v.action());
        assertEquals(Severity.MEDIUM, v.finding().severity());
        assertEquals("office hours (Wed 10:00 Europe/Berlin): 11 calls within 60 s from extension 1001 (limit 10)",
                v.finding().reason());
        assertEquals(Verdict.PASS, place(t, dial("1002", "030-5550011")), "another extension");
    }

    @Test
    void callsSpreadOverMoreThanAMinuteStayWithinTheLimit() {
        at(WEDNESDAY_10AM);
        TollFraudInspector t = inspector();
        for (int i = 0; i < 40; i++) {
            Call c = dial("1001", "030-555" + (1000 + i));
            assertEquals(Verdict.PASS, place(t, c), "call " + i);
            talkAndHangUp(t, c);
            clock.advance(Duration.ofSeconds(8));
        }
    }

    @Test
    void concurrentCallsAreLimitedAndEveryWayOfEndingACallFreesItsSlot() {
        TollFraudInspector t = inspector("off_hours_calls_per_minute", 100);
        Call a = dial("1001", "030-1111111");
        assertEquals(Verdict.PASS, place(t, a));
        t.onResponse(answer(a, 200), a.invite(), PBX);
        Verdict v = place(t, dial("1001", "030-2222222"));
        assertEquals(Verdict.Action.REJECT, v.action());
        assertEquals("off-hours (Sat 03:00 Europe/Berlin): 2 concurrent calls of extension 1001 (limit 1)",
                v.finding().reason());
        assertEquals(Verdict.PASS, place(t, dial("1002", "030-3333333")), "another extension");
        // the PBX hangs up: a slot is free
        t.onRequest(Calls.byeFromPbx(a), PBX);
        Call b = dial("1001", "030-4444444");
        assertEquals(Verdict.PASS, place(t, b));
        t.onResponse(answer(b, 200), b.invite(), PBX);
        // the far end hangs up: its BYE has the outside leg's Call-ID, the call is found by its tag
        t.onRequest(Calls.byeFromTrunk(b), TRUNK);
        Call c = dial("1001", "030-5555555");
        assertEquals(Verdict.PASS, place(t, c));
        // busy
        t.onResponse(answer(c, 486), c.invite(), PBX);
        Call d = dial("1001", "030-6666666");
        assertEquals(Verdict.PASS, place(t, d));
        // the caller gives up
        t.onRequest(Calls.cancel(d), PBX);
        assertEquals(Verdict.PASS, place(t, dial("1001", "030-7777777")));
    }

    @Test
    void aRetransmittedInviteIsNeitherCountedNorRefused() {
        TollFraudInspector t = inspector();
        Call a = dial("1001", "030-1111111");
        for (int i = 0; i < 4; i++) {
            assertEquals(Verdict.PASS, place(t, a), "transmission " + i);
        }
        talkAndHangUp(t, a);
        Call b = dial("1001", "030-2222222");
        assertEquals(Verdict.PASS, place(t, b), "the second call of the minute (limit 2)");
        t.onResponse(answer(b, 486), b.invite(), PBX);
        // a refused INVITE retransmitted is refused again, but is not a second offence
        Call c = dial("1001", "030-3333333");
        assertRefused(Severity.MEDIUM, "3 calls within 60 s", place(t, c));
        Verdict again = place(t, c);
        assertRefused(Severity.MEDIUM, "3 calls within 60 s", again);
        assertFalse(again.finding().reason().contains("suspended"), again.finding().reason());
    }

    @Test
    void anInviteResentAfterAChallengeIsTheSameCall() {
        TollFraudInspector t = inspector();
        Call first = dial("1001", "030-1111111");
        assertEquals(Verdict.PASS, place(t, first));
        assertEquals(Verdict.PASS, t.onResponse(answer(first, 407), first.invite(), PBX));
        assertNull(deadline(first), "the challenge ended the attempt");
        Call resent = Calls.call("1001", first.invite().requestUri(), first.callId(), first.callerTag(), 2,
                "Proxy-Authorization: Digest username=\"1001\", realm=\"trunk\", nonce=\"n\", "
                        + "uri=\"sip:trunk.example.net\", response=\"0123456789abcdef0123456789abcdef\"");
        assertEquals(Verdict.PASS, place(t, resent));
        assertNotNull(deadline(resent));
        talkAndHangUp(t, resent);
        Call second = dial("1001", "030-2222222");
        assertEquals(Verdict.PASS, place(t, second), "the first call counted once (limit 2)");
        t.onResponse(answer(second, 486), second.invite(), PBX);
        assertRefused(Severity.MEDIUM, "3 calls within 60 s", place(t, dial("1001", "030-3333333")));
    }

    @Test
    void aNewCallUnderTheCallIdOfOneInProgressIsRefused() {
        TollFraudInspector t = inspector("off_hours_concurrent_calls", 100);
        Call a = dial("1001", "030-1111111");
        assertEquals(Verdict.PASS, place(t, a));
        Verdict otherTag = place(t, Calls.call("1001", "sip:030-1111111@trunk.example.net", a.callId(), "other", 1));
        assertRefused(Severity.MEDIUM, "reuses the Call-ID of a call in progress of extension 1001", otherTag);
        Verdict otherNumber = place(t, Calls.call("1001", "sip:030-9999999@trunk.example.net", a.callId(),
                a.callerTag(), 2));
        assertRefused(Severity.MEDIUM, "an INVITE to +49309999999 reuses the Call-ID", otherNumber);
        t.onRequest(Calls.byeFromPbx(a), PBX);
        assertEquals(Verdict.PASS, place(t, Calls.call("1001", "sip:030-9999999@trunk.example.net", a.callId(),
                a.callerTag(), 3)), "once the call is over, it is a call like any other");
    }

    @Test
    void anUnansweredCallStopsCountingAfterTheSetUpTimeAndAnAnsweredOneAtItsDeadline() {
        TollFraudInspector t = inspector("off_hours_calls_per_minute", 100, "escalate_rules", "");
        Call a = dial("1001", "030-1111111");
        assertEquals(Verdict.PASS, place(t, a));
        assertRefused(Severity.MEDIUM, "2 concurrent calls", place(t, dial("1001", "030-2222222")));
        clock.advance(Duration.ofSeconds(301)); // no final answer ever reached the inspector
        Call b = dial("1001", "030-3333333");
        assertEquals(Verdict.PASS, place(t, b));
        t.onResponse(answer(b, 200), b.invite(), PBX);
        clock.advance(Duration.ofSeconds(3599));
        assertRefused(Severity.MEDIUM, "2 concurrent calls", place(t, dial("1001", "030-4444444")));
        clock.advance(Duration.ofSeconds(2)); // past its deadline: the proxy has ended it
        assertEquals(Verdict.PASS, place(t, dial("1001", "030-5555555")));
    }

    @Test
    void aRepeatedOffenceSuspendsTheExtensionUntilTheSuspensionExpires() {
        TollFraudInspector t = inspector();
        for (int i = 0; i < 2; i++) {
            Call c = dial("1001", "030-111111" + i);
            assertEquals(Verdict.PASS, place(t, c));
            talkAndHangUp(t, c);
        }
        Verdict third = place(t, dial("1001", "030-2222222"));
        assertRefused(Severity.MEDIUM, "3 calls within 60 s from extension 1001 (limit 2)", third);
        assertFalse(third.finding().reason().contains("suspended"), third.finding().reason());
        Verdict fourth = place(t, dial("1001", "030-3333333"));
        assertRefused(Severity.HIGH, "", fourth);
        assertEquals("off-hours (Sat 03:00 Europe/Berlin): 4 calls within 60 s from extension 1001 (limit 2); "
                + "offence 2 of the extension within 10 min (escalation at 2); extension 1001 suspended for 60 min",
                fourth.finding().reason());
        clock.advance(Duration.ofMinutes(5));
        assertRefused(Severity.LOW, "call to +49301234567 refused: extension 1001 suspended until Sat 04:00 "
                + "Europe/Berlin (off-hours (Sat 03:00 Europe/Berlin): 4 calls within 60 s",
                place(t, dial("1001", "030-1234567")));
        assertEquals(Verdict.PASS, place(t, dial("1002", "030-1234567")), "another extension");
        assertEquals(Verdict.PASS, place(t, dial("1001", "112")), "an emergency call always passes");
        clock.advance(Duration.ofMinutes(56));
        assertEquals(Verdict.PASS, place(t, dial("1001", "030-1234567")), "the suspension is over");
    }

    @Test
    void offencesFurtherApartThanTheEscalationWindowAreNotARepeat() {
        TollFraudInspector t = inspector("off_hours_concurrent_calls", 100, "off_hours_trunk_concurrent_calls", 100);
        for (int round = 0; round < 3; round++) {
            assertEquals(Verdict.PASS, place(t, dial("1001", "030-1000001")));
            assertEquals(Verdict.PASS, place(t, dial("1001", "030-1000002")));
            Verdict v = place(t, dial("1001", "030-1000003"));
            assertRefused(Severity.MEDIUM, "3 calls within 60 s", v);
            assertFalse(v.finding().reason().contains("suspended"), "round " + round + ": " + v.finding().reason());
            clock.advance(Duration.ofMinutes(12));
        }
    }

    @Test
    void theAllowedListAdmitsOnlyItsPrefixesAndALongerDeniedPrefixStillWins() {
        at(WEDNESDAY_10AM);
        TollFraudInspector t = inspector("allowed_prefixes", "49, 43, +882 16");
        Call national = dial("1001", "030-1234567");
        assertEquals(Verdict.PASS, place(t, national));
        talkAndHangUp(t, national);
        Call austria = dial("1001", "+43-1-2345678");
        assertEquals(Verdict.PASS, place(t, austria));
        talkAndHangUp(t, austria);
        Call network = dial("1001", "+88216-1234567");
        assertEquals(Verdict.PASS, place(t, network), "allowed 88216 is longer than denied 882");
        talkAndHangUp(t, network);
        assertRefused(Severity.HIGH, "destination +499001234567 matches denied prefix 49900",
                place(t, dial("1001", "0900-1234567")));
        assertRefused(Severity.HIGH, "office hours (Wed 10:00 Europe/Berlin): destination +33123456789 matches no "
                + "allowed prefix (43, 49, 88216)", place(t, dial("1001", "0033-123456789")));
        assertRefused(Severity.HIGH, "matches denied prefix 882", place(t, dial("1001", "+88299-1234567")));
        // a SIP address that is no telephone number has no prefix to check
        assertEquals(Verdict.PASS, place(t, Calls.call("1001", "sip:alice@partner.example.org")));
    }

    @Test
    void theTrunkLimitsAllExtensionsTogether() {
        at(WEDNESDAY_10AM);
        TollFraudInspector t = inspector("office_trunk_concurrent_calls", 2, "office_trunk_calls_per_minute", 3);
        assertEquals(Verdict.PASS, place(t, dial("1001", "030-1111111")));
        assertEquals(Verdict.PASS, place(t, dial("1002", "030-2222222")));
        Verdict v = place(t, dial("1003", "030-3333333"));
        assertRefused(Severity.MEDIUM, "office hours (Wed 10:00 Europe/Berlin): 3 concurrent calls through the "
                + "trunk (limit 2)", v);
        assertEquals("1003", v.finding().target());
        assertRefused(Severity.MEDIUM, "4 calls within 60 s through the trunk (limit 3)",
                place(t, dial("1004", "030-4444444")));
    }

    @Test
    void anAlertResponseLetsTheCallGoOnAndANationalOnlyOneRefusesInternationalCallsOnly() {
        at(WEDNESDAY_10AM);
        TollFraudInspector t = inspector("response_destination", "alert", "response_rate", "national-only",
                "office_calls_per_minute", 1, "escalate_rules", "");
        Call premium = dial("1001", "0088213456789");
        Verdict v = place(t, premium);
        assertTrue(v.passes());
        assertEquals(Severity.MEDIUM, v.finding().severity());
        assertTrue(v.finding().reason().endsWith("destination +88213456789 matches denied prefix 882"),
                v.finding().reason());
        assertNotNull(deadline(premium), "an alerted call is a call like any other");
        t.onResponse(answer(premium, 486), premium.invite(), PBX);
        // over the rate with a national call: alerted, and international calls are off
        Verdict national = place(t, dial("1001", "030-1234567"));
        assertTrue(national.passes());
        assertTrue(national.finding().reason().contains("2 calls within 60 s from extension 1001 (limit 1); "
                + "extension 1001 restricted to national calls for 60 min"), national.finding().reason());
        assertRefused(Severity.LOW, "restricted to national calls until Wed 11:00", place(t, dial("1001",
                "0033123456789")));
    }

    @Test
    void theExtensionIsTheAssertedIdentityWhenThereIsOne() {
        TollFraudInspector t = inspector();
        Verdict v = place(t, dial("1001", "00882123", "P-Asserted-Identity: <sip:+4930555123@pbx.example.com>"));
        assertEquals("+4930555123", v.finding().target());
        assertTrue(v.finding().reason().contains("matches denied prefix 882"));
        assertEquals("2001", TollFraudInspector.extension(Calls.call("2001", "tel:+4930123").invite()));
    }

    @Test
    void inboundCallsInDialogRequestsAndADisabledInspectorAreLeftAlone() {
        TollFraudInspector t = inspector();
        // a call from the trunk to a premium-looking extension
        assertEquals(Verdict.PASS, t.onRequest(Sip.request("INVITE", "sip:0088213456789@pbx.example.com"), TRUNK));
        // a re-INVITE within a call
        assertEquals(Verdict.PASS, t.onRequest(Sip.parse("INVITE sip:00882123@trunk.example.net SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKre\r\nMax-Forwards: 70\r\n"
                + "From: <sip:1001@pbx.example.com>;tag=a\r\nTo: <sip:00882123@trunk.example.net>;tag=b\r\n"
                + "Call-ID: re@pbx\r\nCSeq: 2 INVITE\r\nContent-Length: 0\r\n\r\n"), PBX));
        // answers to unknown calls and BYEs of unknown calls
        Call unknown = dial("1001", "030-1234567");
        assertEquals(Verdict.PASS, t.onResponse(answer(unknown, 200), unknown.invite(), PBX));
        assertEquals(Verdict.PASS, t.onRequest(Calls.byeFromTrunk(unknown), TRUNK));
        // switched off at run time
        t.modified(Calls.config(overrides("enabled", false)));
        assertEquals(Verdict.PASS, place(t, dial("1001", "0088213456789")));
        t.modified(Calls.config(overrides()));
        assertRefused(Severity.HIGH, "denied prefix 882", place(t, dial("1001", "0088213456789")));
    }

    @Test
    void endedCallsDoNotPileUpInTheCountOfActiveOnes() {
        at(WEDNESDAY_10AM);
        TollFraudInspector t = inspector("office_calls_per_minute", 1000, "office_trunk_calls_per_minute", 1000);
        for (int i = 0; i < 50; i++) {
            Call c = dial("1001", "030-555" + (1000 + i));
            assertEquals(Verdict.PASS, place(t, c), "call " + i);
            talkAndHangUp(t, c);
        }
        for (int i = 0; i < 4; i++) {
            assertEquals(Verdict.PASS, place(t, dial("1001", "030-666" + (1000 + i))), "active call " + i);
        }
        assertRefused(Severity.MEDIUM, "5 concurrent calls of extension 1001 (limit 4)",
                place(t, dial("1001", "030-7771000")));
    }

    @Test
    void numbersAreNormalisedByTheDialingPlan() {
        Numbering de = new Numbering("0", "00", "49");
        assertEquals(new Dialed("+4930123", "4930123", false), de.classify("sip:+49-30-123@x"));
        assertEquals(new Dialed("0030123", "30123", true), de.classify("sip:00.30.123@x;user=phone"));
        assertEquals(new Dialed("030123", "4930123", false), de.classify("<sip:030(123)@x>"));
        assertEquals(new Dialed("11833", "4911833", false), de.classify("sip:11833@x"));
        assertEquals(new Dialed("+8816", "8816", true), de.classify("tel:+8816;phone-context=example.com"));
        assertEquals(new Dialed("+33123", "33123", true), de.classify("sip:+33123;npdi@x"));
        assertNull(de.classify("sip:alice@x"));
        assertNull(de.classify("sip:*31#00882@x"));
        assertNull(de.classify("sip:x.example.com"));
        assertNull(de.classify("sip:%2@x"));
        assertNull(de.classify("sip:00@x"));
        assertNull(de.classify(null));
        Numbering nanp = new Numbering("1", "011", "1");
        assertEquals(new Dialed("19005550100", "19005550100", false), nanp.classify("sip:19005550100@x"));
        assertEquals(new Dialed("2125550100", "12125550100", false), nanp.classify("sip:2125550100@x"));
        assertEquals(new Dialed("01144207946", "44207946", true), nanp.classify("sip:01144207946@x"));
    }

    @Test
    void theCalendarKnowsOfficeHoursBreaksWeekendsAndHolidays() {
        OfficeCalendar c = OfficeCalendar.parse("Europe/Berlin", "mon-Fri", "08:00-12:00, 13:00-18:00",
                "12-25,2026-11-26");
        assertEquals(new OfficeCalendar.Period(true, "office hours (Wed 10:00 Europe/Berlin)"),
                c.at(WEDNESDAY_10AM.toEpochMilli()));
        assertFalse(c.at(Instant.parse("2026-11-25T11:30:00Z").toEpochMilli()).office(), "lunch break");
        assertTrue(c.at(Instant.parse("2026-11-25T12:00:00Z").toEpochMilli()).office(), "13:00");
        assertFalse(c.at(Instant.parse("2026-11-25T17:00:00Z").toEpochMilli()).office(), "18:00");
        assertEquals(new OfficeCalendar.Period(false, "off-hours (Thu 10:00 Europe/Berlin, a holiday)"),
                c.at(Instant.parse("2026-11-26T09:00:00Z").toEpochMilli()));
        assertFalse(c.at(Instant.parse("2026-12-25T09:00:00Z").toEpochMilli()).office(), "every year");
        assertEquals(new OfficeCalendar.Period(false, "off-hours (Sat 03:00 Europe/Berlin)"),
                c.at(SATURDAY_3AM.toEpochMilli()));
        OfficeCalendar weekend = OfficeCalendar.parse("UTC", "FRI-MON", "00:00-24:00", "");
        assertTrue(weekend.at(SATURDAY_3AM.toEpochMilli()).office(), "a range across the week's end");
        assertFalse(weekend.at(WEDNESDAY_10AM.toEpochMilli()).office());
    }

    @Test
    void theDefaultsAreValid() {
        TollSettings s = TollSettings.of(Calls.config(Map.of()));
        assertEquals("UTC", s.calendar().zone().getId());
        assertEquals(Response.NATIONAL_ONLY, s.responses().get(Rule.INTERNATIONAL));
        assertTrue(s.prefixes().denied().contains("882"));
        assertEquals(3600, s.offHours().maxCallSeconds());
    }

    @Test
    void badSettingsNameTheirKey() {
        assertBad("time.zone", "time_zone", "Mars/Olympus_Mons");
        assertBad("office.hours", "office_hours", "25:00-08:00");
        assertBad("office.hours", "office_hours", "18:00-08:00");
        assertBad("office.hours", "office_hours", "8-18");
        assertBad("office.days", "office_days", "MON-FRY");
        assertBad("office.days", "office_days", "MO");
        assertBad("holidays", "holidays", "12-32");
        assertBad("denied.prefixes", "denied_prefixes", "882,44a9");
        assertBad("allowed.prefixes", "allowed_prefixes", "abc");
        assertBad("allowed.prefixes", "allowed_prefixes", "882");
        assertBad("denied.prefixes", "denied_prefixes", "1234567890123456");
        assertBad("country.code", "country_code", "049");
        assertBad("international.prefix", "international_prefix", "");
        assertBad("national.prefix", "national_prefix", "00");
        assertBad("emergency.numbers", "emergency_numbers", "112,sos");
        assertBad("response.rate", "response_rate", "ban");
        assertBad("escalate.rules", "escalate_rules", "rate,speed");
        assertBad("escalate.offences", "escalate_offences", 1);
        assertBad("zones", "zones", "dmz");
        assertBad("off.hours.max.call.seconds", "off_hours_max_call_seconds", 10);
        assertBad("office.concurrent.calls", "office_concurrent_calls", -1);
        assertBad("suspend.minutes", "suspend_minutes", 0);
        assertBad("setup.seconds", "setup_seconds", 5);
    }

    private static void assertBad(String key, String attribute, Object value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TollSettings.of(Calls.config(overrides(attribute, value))), key);
        assertTrue(e.getMessage().startsWith(key), e.getMessage());
    }
}
