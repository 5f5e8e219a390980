package io.bulwark.media.relay;

import io.bulwark.api.transport.Zone;

/**
 * One media line of one call, anchored: a leg in each zone; what arrives on one leg from its party
 * leaves by the other leg to the other party.
 */
public final class MediaSession {

    private final String id;
    private final MediaLeg outside;
    private final MediaLeg inside;
    private final long createdMillis;
    volatile boolean closed;

    MediaSession(String id, MediaLeg outside, MediaLeg inside, long now) {
        this.id = id;
        this.outside = outside;
        this.inside = inside;
        this.createdMillis = now;
    }

    /** @return the identifier the signalling gave it (dialog and media line) */
    public String id() {
        return id;
    }

    public MediaLeg leg(Zone zone) {
        return zone == Zone.OUTSIDE ? outside : inside;
    }

    MediaLeg other(MediaLeg leg) {
        return leg == outside ? inside : outside;
    }

    public long createdMillis() {
        return createdMillis;
    }

    /** @return when either party last sent a packet (or the session was made) */
    public long lastActivityMillis() {
        return Math.max(outside.lastPacketMillis, inside.lastPacketMillis);
    }

    public boolean closed() {
        return closed;
    }
}
