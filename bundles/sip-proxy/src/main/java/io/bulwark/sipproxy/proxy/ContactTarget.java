package io.bulwark.sipproxy.proxy;

import java.util.List;

/**
 * What a Contact token the appliance handed out stands for: the real Contact URI of one side,
 * the flow it was learned on, and the route set towards it.
 *
 * @param token the token placed in the user part of the appliance's Contact
 * @param flow where the Contact was learned
 * @param contactUri the original Contact URI (only ever sent back to its own zone)
 * @param routeSet Route values to put on requests sent to it (may be empty)
 */
record ContactTarget(String token, Flow flow, String contactUri, List<String> routeSet) {
}
