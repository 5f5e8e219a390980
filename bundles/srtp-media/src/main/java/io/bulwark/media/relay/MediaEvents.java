package io.bulwark.media.relay;

import io.bulwark.api.transport.Zone;
import java.net.InetSocketAddress;

/** What the relay notices on a media line, for events; called on the relay's I/O threads, so it must not block. */
public interface MediaEvents {

    /**
     * Packets from a source that is not the latched peer reached a leg: injection, or RTP bleed.
     *
     * @param count packets from non-peers within the window that fired
     */
    void injection(MediaSession session, Zone zone, InetSocketAddress from, long count);

    /**
     * SRTP packets from the party that failed authentication or were replays.
     *
     * @param status the last failure (AUTH_FAIL, REPLAY_FAIL, REPLAY_OLD, ...)
     * @param count failures within the window that fired
     */
    void srtpFailure(MediaSession session, Zone zone, InetSocketAddress from, String status, long count);

    /** A new SSRC or a sequence jump in the stream one party sends. */
    void streamChange(MediaSession session, Zone zone, String what);
}
