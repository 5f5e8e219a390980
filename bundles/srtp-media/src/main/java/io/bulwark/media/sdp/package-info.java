/**
 * SDP (RFC 4566) as the media anchor reads and rewrites it in offers and answers (RFC 3264): a
 * line-preserving model of the session and its media sections, and SDES crypto attributes
 * (RFC 4568) checked against the suites the appliance implements.
 */
package io.bulwark.media.sdp;
