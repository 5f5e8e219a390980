package io.bulwark.api.media;

import java.time.Instant;

/**
 * An anchored media line.
 *
 * @param id the dialog and media line it belongs to
 * @param created when it was opened
 * @param lastActivity when either party last sent a packet
 * @param outside the trunk side
 * @param inside the PBX side
 */
public record MediaSessionView(String id, Instant created, Instant lastActivity, MediaLegView outside,
        MediaLegView inside) {
}
