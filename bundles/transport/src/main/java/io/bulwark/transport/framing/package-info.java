/**
 * Framing of SIP messages on stream transports (RFC 3261 section 18.3: Content-Length delimits
 * a message on a stream) and CRLF keep-alives (RFC 5626 section 4.4.1: a double CRLF "ping" is
 * answered with a single CRLF "pong").
 */
package io.bulwark.transport.framing;
