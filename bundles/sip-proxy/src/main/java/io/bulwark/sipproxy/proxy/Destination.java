package io.bulwark.sipproxy.proxy;

import java.util.List;

/**
 * Where a request goes next.
 *
 * @param flow zone, transport, address and preferred connection
 * @param requestUri the Request-URI to send it with
 * @param routeSet Route header values to put on it
 * @param token the Contact token it was addressed to, or null for an initial request
 */
record Destination(Flow flow, String requestUri, List<String> routeSet, String token) {
}
