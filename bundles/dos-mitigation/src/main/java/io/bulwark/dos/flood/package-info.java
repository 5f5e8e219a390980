/**
 * Flood detection in the manner of Kamailio's pike module: a packet counter per source that
 * decays exponentially, and a {@code network.flood} security event (and through the ban policy
 * a ban) when a source stays over the threshold. RFC 5390 section 3 lists such per-source
 * detection among the remedies for SIP overload. Private to the bundle.
 */
package io.bulwark.dos.flood;
