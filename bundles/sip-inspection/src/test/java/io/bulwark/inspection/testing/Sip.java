package io.bulwark.inspection.testing;

import io.bulwark.api.sip.SipMessage;
import io.bulwark.api.transport.MessageContext;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import io.bulwark.sipproxy.codec.DecodeResult;
import io.bulwark.sipproxy.codec.SipDecoderConfig;
import io.bulwark.sipproxy.codec.SipMessageDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/** Real decoded messages (the proxy's own codec) and contexts for inspector tests. */
public final class Sip {

    private static final SipMessageDecoder DECODER = new SipMessageDecoder(SipDecoderConfig.defaults());
    private static final AtomicLong SEQ = new AtomicLong();

    private Sip() {
    }

    /** @return the message decoded from its text (lines joined with CRLF; a blank line ends the headers) */
    public static SipMessage parse(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        DecodeResult r = DECODER.decode(b, 0, b.length, true);
        if (!r.ok()) {
            throw new IllegalArgumentException("test message does not decode: " + r.errorReason() + "\n" + text);
        }
        return r.message();
    }

    /**
     * @param method the method
     * @param requestUri the Request-URI
     * @param extraHeaders further header lines, each without CRLF
     * @return a request from {@code sip:caller@example.com} to the Request-URI, fresh Call-ID and branch
     */
    public static SipMessage request(String method, String requestUri, String... extraHeaders) {
        long n = SEQ.incrementAndGet();
        StringBuilder b = new StringBuilder();
        b.append(method).append(' ').append(requestUri).append(" SIP/2.0\r\n");
        b.append("Via: SIP/2.0/UDP 203.0.113.9:5060;branch=z9hG4bK-test").append(n).append("\r\n");
        b.append("Max-Forwards: 70\r\n");
        b.append("From: <sip:caller@example.com>;tag=f").append(n).append("\r\n");
        b.append("To: <").append(requestUri).append(">\r\n");
        b.append("Call-ID: call-").append(n).append("@example.com\r\n");
        b.append("CSeq: 1 ").append(method).append("\r\n");
        for (String h : extraHeaders) {
            b.append(h).append("\r\n");
        }
        b.append("Content-Length: 0\r\n\r\n");
        return parse(b.toString());
    }

    /** @return a context for a UDP datagram from that address on the outside zone */
    public static MessageContext from(String address) {
        return from(address, 5060);
    }

    public static MessageContext from(String address, int port) {
        return new MessageContext(Zone.OUTSIDE, TransportProtocol.UDP, new InetSocketAddress(address, port),
                new InetSocketAddress("192.0.2.1", 5060), 0, null, System.nanoTime());
    }
}
