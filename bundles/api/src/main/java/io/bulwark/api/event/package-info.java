/**
 * Security events: what a detector saw, at which of the appliance's three threat levels.
 *
 * <p>A detector (the flood detector of dos-mitigation, the SIP inspectors, the media relay)
 * describes a detection as a {@link io.bulwark.api.event.SecurityEvent} and hands it to every
 * registered {@link io.bulwark.api.event.SecurityEventSink} (a whiteboard: dos-mitigation's ban
 * policy is one sink, cloud-push and the event store are others). A detection at one level can
 * act at another: an application-level {@code sip.scanner} event bans the source at the network
 * level.
 *
 * <p>Kinds are dotted lower-case names, the first part naming the area ({@code network.flood},
 * {@code sip.malformed}); {@link io.bulwark.api.event.EventKinds} lists the ones in use. The
 * level names follow the three layers of the product card; flood detection follows the spirit
 * of RFC 5390 section 3 (overload from many or few sources is detected per source before
 * parsing).
 */
@Version("1.2.0")
package io.bulwark.api.event;

import org.osgi.annotation.versioning.Version;
