/**
 * The proxy's message trace: a bounded memory of the messages it received and sent per Call-ID,
 * read by the admin API for ladder diagrams of security events.
 */
package io.bulwark.sipproxy.trace;
