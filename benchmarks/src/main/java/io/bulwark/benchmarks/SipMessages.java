package io.bulwark.benchmarks;

import java.nio.charset.StandardCharsets;

/** The messages the parse benchmark uses: typical of a trunk. */
final class SipMessages {

    private SipMessages() {
    }

    private static final String SDP = "v=0\r\n"
            + "o=- 3912354321 3912354321 IN IP4 198.51.100.7\r\n"
            + "s=-\r\n"
            + "c=IN IP4 198.51.100.7\r\n"
            + "t=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0 8 101\r\n"
            + "a=rtpmap:0 PCMU/8000\r\n"
            + "a=rtpmap:8 PCMA/8000\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\n"
            + "a=fmtp:101 0-16\r\n"
            + "a=ptime:20\r\n"
            + "a=sendrecv\r\n";

    static final byte[] INVITE = ("INVITE sip:+4930123456@203.0.113.10:5060;user=phone SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK-524287-1---6a0c2b6f1f3d;rport\r\n"
            + "Max-Forwards: 70\r\n"
            + "Contact: <sip:+4989555123@198.51.100.7:5060;transport=udp>\r\n"
            + "To: <sip:+4930123456@203.0.113.10;user=phone>\r\n"
            + "From: \"Alice\" <sip:+4989555123@carrier.example;user=phone>;tag=3f2a9c1b\r\n"
            + "Call-ID: 9b1e2f6a-7c3d-4e5f-8a9b-0c1d2e3f4a5b@198.51.100.7\r\n"
            + "CSeq: 1 INVITE\r\n"
            + "Allow: INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, OPTIONS, UPDATE, PRACK\r\n"
            + "Supported: replaces, timer, 100rel\r\n"
            + "Session-Expires: 1800\r\n"
            + "P-Asserted-Identity: <sip:+4989555123@carrier.example;user=phone>\r\n"
            + "User-Agent: CarrierSBC 5.1\r\n"
            + "Content-Type: application/sdp\r\n"
            + "Content-Length: " + SDP.length() + "\r\n\r\n" + SDP).getBytes(StandardCharsets.US_ASCII);

    static final byte[] OK = ("SIP/2.0 200 OK\r\n"
            + "Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK-524287-1---6a0c2b6f1f3d;rport=5060;received=198.51.100.7\r\n"
            + "Contact: <sip:bw-0a1b2c3d4e5f@203.0.113.10:5060>\r\n"
            + "To: <sip:+4930123456@203.0.113.10;user=phone>;tag=as5d8f9a1c\r\n"
            + "From: \"Alice\" <sip:+4989555123@carrier.example;user=phone>;tag=3f2a9c1b\r\n"
            + "Call-ID: 9b1e2f6a-7c3d-4e5f-8a9b-0c1d2e3f4a5b@198.51.100.7\r\n"
            + "CSeq: 1 INVITE\r\n"
            + "Allow: INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, OPTIONS, UPDATE\r\n"
            + "Supported: replaces, timer\r\n"
            + "Server: Bulwark\r\n"
            + "Content-Type: application/sdp\r\n"
            + "Content-Length: " + SDP.length() + "\r\n\r\n" + SDP).getBytes(StandardCharsets.US_ASCII);

    static final byte[] REGISTER = ("REGISTER sip:pbx.example.com SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 192.0.2.44:5060;branch=z9hG4bK776asdhds;rport\r\n"
            + "Max-Forwards: 70\r\n"
            + "To: \"Bob\" <sip:201@pbx.example.com>\r\n"
            + "From: \"Bob\" <sip:201@pbx.example.com>;tag=456248\r\n"
            + "Call-ID: 843817637684230@998sdasdh09\r\n"
            + "CSeq: 1826 REGISTER\r\n"
            + "Contact: <sip:201@192.0.2.44:5060;line=k2fj3>;expires=3600;+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\"\r\n"
            + "Authorization: Digest username=\"201\", realm=\"pbx.example.com\", nonce=\"ea9c8e88df84f1cec4341ae6cbe5a359\", "
            + "uri=\"sip:pbx.example.com\", response=\"dfe56131d1958046689d83306477ecc\", algorithm=MD5\r\n"
            + "Expires: 3600\r\n"
            + "User-Agent: Yealink SIP-T46U 108.86.0.45\r\n"
            + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
}
