/**
 * Media anchoring between the SIP proxy and the media relay: the proxy hands over every SDP offer
 * and answer crossing the appliance and sends on the SDP it gets back (or refuses the request);
 * status pages read the media sessions.
 */
@Version("1.1.0")
package io.bulwark.api.media;

import org.osgi.annotation.versioning.Version;
