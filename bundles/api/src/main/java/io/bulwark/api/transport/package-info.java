/**
 * Contracts of the SIP transport layer (RFC 3261 section 18): zones, transports, the context a
 * framed message arrives with, the sink that receives framed messages and the service that sends.
 */
@Version("1.0.0")
package io.bulwark.api.transport;

import org.osgi.annotation.versioning.Version;
