package io.bulwark.sipproxy.proxy;

import io.bulwark.api.transport.MessageContext;
import io.bulwark.sipproxy.codec.SipMessageImpl;

/**
 * The upstream half of a proxied transaction (RFC 3261 section 17.2): the request as received,
 * where to answer, and the last response sent, for absorbing retransmissions.
 */
final class ServerTransaction {

    final String key;
    final SipMessageImpl request;
    final Flow upstream;
    /** Where the request came from, as the inspectors see it. */
    final MessageContext context;
    volatile byte[] lastResponse;
    volatile int lastStatus;
    volatile ClientTransaction client;
    volatile boolean cancelled;

    ServerTransaction(String key, SipMessageImpl request, MessageContext context) {
        this.key = key;
        this.request = request;
        this.context = context;
        this.upstream = Flow.of(context);
    }

    boolean isInvite() {
        return "INVITE".equals(request.method());
    }
}
