/**
 * Netty listeners of the SIP transport layer (RFC 3261 section 18): UDP, TCP and TLS per zone,
 * sharing one set of event loops.
 */
package io.bulwark.transport.netty;
