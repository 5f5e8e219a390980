/**
 * The media relay: per call and media line, one UDP port pair on each zone's media address, with
 * symmetric latching, strict source checking and stream tracking (SSRC, sequence numbers).
 */
package io.bulwark.media.relay;
