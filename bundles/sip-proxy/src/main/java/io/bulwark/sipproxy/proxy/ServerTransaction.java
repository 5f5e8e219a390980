package io.bulwark.sipproxy.proxy;

import io.bulwark.sipproxy.codec.SipMessageImpl;

/**
 * The upstream half of a proxied transaction (RFC 3261 section 17.2): the request as received,
 * where to answer, and the last response sent, for absorbing retransmissions.
 */
final class ServerTransaction {

    final String key;
    final SipMessageImpl request;
    final Flow upstream;
    volatile byte[] lastResponse;
    volatile int lastStatus;
    volatile ClientTransaction client;
    volatile boolean cancelled;

    ServerTransaction(String key, SipMessageImpl request, Flow upstream) {
        this.key = key;
        this.request = request;
        this.upstream = upstream;
    }

    boolean isInvite() {
        return "INVITE".equals(request.method());
    }
}
