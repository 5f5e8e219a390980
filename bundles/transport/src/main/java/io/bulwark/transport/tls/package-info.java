/**
 * TLS for SIP (RFC 3261 section 26.2, RFC 5630): the appliance's certificate, generated on first
 * start with Bouncy Castle or supplied by the admin, and TLS 1.2+ contexts.
 */
package io.bulwark.transport.tls;
