/**
 * Read-only view of SIP messages (RFC 3261 section 7 and 20) and of the dialogs the proxy
 * tracks (section 12), for inspectors and other consumers.
 */
@Version("1.2.0")
package io.bulwark.api.sip;

import org.osgi.annotation.versioning.Version;
