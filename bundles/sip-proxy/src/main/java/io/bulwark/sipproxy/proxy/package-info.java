/**
 * The transaction-stateful proxy (RFC 3261 sections 16 and 17) between the trunk (outside) and
 * the PBX (inside), with dialog tracking (section 12) and topology hiding: every Via,
 * Record-Route, Contact and Call-ID of one side is replaced before it reaches the other side, and
 * restored on the way back.
 */
package io.bulwark.sipproxy.proxy;
