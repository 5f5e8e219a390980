package io.bulwark.inspection.limits;

import io.bulwark.api.sip.SipMessage;
import java.util.List;

/**
 * A decoded message with its body or Content-Length replaced: what the codec can never hand over
 * (it frames the body by Content-Length), for the checks that guard against it anyway.
 */
final class Doctored implements SipMessage {

    private final SipMessage m;
    private final byte[] body;
    private final String contentLength;

    /**
     * @param m the real message
     * @param body the body to show instead
     * @param contentLength the Content-Length value to show instead (null: none)
     */
    Doctored(SipMessage m, byte[] body, String contentLength) {
        this.m = m;
        this.body = body.clone();
        this.contentLength = contentLength;
    }

    @Override
    public boolean isRequest() {
        return m.isRequest();
    }

    @Override
    public String method() {
        return m.method();
    }

    @Override
    public String requestUri() {
        return m.requestUri();
    }

    @Override
    public int statusCode() {
        return m.statusCode();
    }

    @Override
    public String reasonPhrase() {
        return m.reasonPhrase();
    }

    @Override
    public String header(String name) {
        return isContentLength(name) ? contentLength : m.header(name);
    }

    @Override
    public List<String> headers(String name) {
        return isContentLength(name) ? (contentLength == null ? List.of() : List.of(contentLength)) : m.headers(name);
    }

    @Override
    public List<String> headerNames() {
        return m.headerNames();
    }

    @Override
    public String callId() {
        return m.callId();
    }

    @Override
    public long cseq() {
        return m.cseq();
    }

    @Override
    public String fromTag() {
        return m.fromTag();
    }

    @Override
    public String toTag() {
        return m.toTag();
    }

    @Override
    public byte[] body() {
        return body;
    }

    private static boolean isContentLength(String name) {
        return "Content-Length".equalsIgnoreCase(name) || "l".equalsIgnoreCase(name);
    }
}
