package io.bulwark.api.sip;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A decoded SIP request or response (RFC 3261 section 7). Header names are matched without
 * regard to case and compact forms (section 7.3.3) are equivalent to their long forms.
 */
@ProviderType
public interface SipMessage {

    /** @return true for a request, false for a response */
    boolean isRequest();

    /** @return the request method, or for a response the method of its CSeq */
    String method();

    /** @return the Request-URI of a request, or null for a response */
    String requestUri();

    /** @return the status code of a response, or 0 for a request */
    int statusCode();

    /** @return the reason phrase of a response (may be empty), or null for a request */
    String reasonPhrase();

    /**
     * @param name a header name, long or compact form, any case
     * @return the first value of that header, or null
     */
    String header(String name);

    /**
     * @param name a header name, long or compact form, any case
     * @return every value, with comma-separated lists of multi-value headers split, in order
     */
    List<String> headers(String name);

    /** @return the names of the headers present, in their long form, in order of first appearance */
    List<String> headerNames();

    /** @return the Call-ID */
    String callId();

    /** @return the CSeq sequence number */
    long cseq();

    /** @return the tag parameter of From, or null */
    String fromTag();

    /** @return the tag parameter of To, or null */
    String toTag();

    /** @return the body (empty array when there is none); callers must not modify it */
    byte[] body();
}
