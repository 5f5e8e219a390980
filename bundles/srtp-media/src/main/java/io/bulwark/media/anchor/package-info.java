/**
 * Media anchoring (RFC 3264 offer/answer): rewrites the SDP of each offer and answer crossing the
 * appliance so that media flows through the relay, applies each zone's encryption policy, and
 * keys the SRTP legs from SDES.
 */
package io.bulwark.media.anchor;
