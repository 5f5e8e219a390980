package io.bulwark.inspection.toll;

import io.bulwark.api.sip.SipMessage;
import io.bulwark.api.transport.MessageContext;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import io.bulwark.inspection.testing.Sip;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Outbound calls of a PBX as the toll-fraud inspector sees them: INVITEs, answers, BYEs. */
final class Calls {

    static final MessageContext PBX = new MessageContext(Zone.INSIDE, TransportProtocol.UDP,
            new InetSocketAddress("192.0.2.10", 5060), new InetSocketAddress("192.0.2.2", 5060), 0, null, 0);
    static final MessageContext TRUNK = new MessageContext(Zone.OUTSIDE, TransportProtocol.UDP,
            new InetSocketAddress("198.51.100.40", 5060), new InetSocketAddress("203.0.113.2", 5060), 0, null, 0);

    private static final AtomicLong SEQ = new AtomicLong();

    private Calls() {
    }

    /** One call's INVITE, as the PBX sent it. */
    record Call(SipMessage invite, String callId, String callerTag, String extension) {
    }

    /** @return an INVITE from the extension to the Request-URI user, with a fresh Call-ID, tag and branch */
    static Call dial(String extension, String number, String... extraHeaders) {
        return call(extension, "sip:" + number + "@trunk.example.net", extraHeaders);
    }

    /** @return an INVITE from the extension to any Request-URI */
    static Call call(String extension, String requestUri, String... extraHeaders) {
        long n = SEQ.incrementAndGet();
        return call(extension, requestUri, "pbx-" + n + "@192.0.2.10", "pbxtag" + n, 1, extraHeaders);
    }

    /** @return an INVITE with the given Call-ID, caller's tag and CSeq number (and a fresh branch) */
    static Call call(String extension, String requestUri, String callId, String tag, int cseq,
            String... extraHeaders) {
        long n = SEQ.incrementAndGet();
        StringBuilder b = new StringBuilder();
        b.append("INVITE ").append(requestUri).append(" SIP/2.0\r\n")
                .append("Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-pbx").append(n).append("\r\n")
                .append("Max-Forwards: 70\r\n")
                .append("From: \"Ext ").append(extension).append("\" <sip:").append(extension)
                .append("@pbx.example.com>;tag=").append(tag).append("\r\n")
                .append("To: <").append(requestUri).append(">\r\n")
                .append("Call-ID: ").append(callId).append("\r\n")
                .append("CSeq: ").append(cseq).append(" INVITE\r\n");
        for (String h : extraHeaders) {
            b.append(h).append("\r\n");
        }
        b.append("Content-Length: 0\r\n\r\n");
        return new Call(Sip.parse(b.toString()), callId, tag, extension);
    }

    /** @return a response to the call's INVITE, as it goes back to the PBX */
    static SipMessage answer(Call c, int status) {
        String to = c.invite().header("To") + (status > 100 ? ";tag=callee-" + c.callId().hashCode() : "");
        return Sip.parse("SIP/2.0 " + status + " Whatever\r\n"
                + "Via: " + c.invite().header("Via") + "\r\n"
                + "From: " + c.invite().header("From") + "\r\n"
                + "To: " + to + "\r\n"
                + "Call-ID: " + c.callId() + "\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Content-Length: 0\r\n\r\n");
    }

    /** @return the PBX's BYE for the call: its own Call-ID, its tag as From tag */
    static SipMessage byeFromPbx(Call c) {
        return inDialog("BYE", c.callId(), "<sip:" + c.extension() + "@pbx.example.com>;tag=" + c.callerTag(),
                "<sip:far@trunk.example.net>;tag=callee-" + c.callId().hashCode(), "192.0.2.10");
    }

    /** @return the trunk's BYE for the call: the outside leg's Call-ID, the caller's tag as To tag */
    static SipMessage byeFromTrunk(Call c) {
        return inDialog("BYE", "bw0123456789abcdef" + c.callId().hashCode(),
                "<sip:far@trunk.example.net>;tag=callee-" + c.callId().hashCode(),
                "<sip:" + c.extension() + "@pbx.example.com>;tag=" + c.callerTag(), "198.51.100.40");
    }

    /** @return the PBX's CANCEL of the call */
    static SipMessage cancel(Call c) {
        return Sip.parse("CANCEL " + c.invite().requestUri() + " SIP/2.0\r\n"
                + "Via: " + c.invite().header("Via") + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: " + c.invite().header("From") + "\r\n"
                + "To: " + c.invite().header("To") + "\r\n"
                + "Call-ID: " + c.callId() + "\r\n"
                + "CSeq: 1 CANCEL\r\n"
                + "Content-Length: 0\r\n\r\n");
    }

    private static SipMessage inDialog(String method, String callId, String from, String to, String host) {
        long n = SEQ.incrementAndGet();
        return Sip.parse(method + " sip:peer@" + host + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + host + ":5060;branch=z9hG4bK-dlg" + n + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: " + from + "\r\n"
                + "To: " + to + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 2 " + method + "\r\n"
                + "Content-Length: 0\r\n\r\n");
    }

    /**
     * @param overrides configuration values by attribute method name (e.g. {@code time_zone})
     * @return the configuration: the overrides, else the defaults
     */
    static TollFraudInspector.Config config(Map<String, Object> overrides) {
        Class<TollFraudInspector.Config> type = TollFraudInspector.Config.class;
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> overrides.containsKey(method.getName()) ? overrides.get(method.getName())
                        : method.getDefaultValue()));
    }
}
