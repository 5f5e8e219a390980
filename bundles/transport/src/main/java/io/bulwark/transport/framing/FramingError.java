package io.bulwark.transport.framing;

/**
 * Emitted by {@link SipStreamFramer} instead of a frame when the stream cannot be framed; the
 * connection is closed after it.
 *
 * @param reason what was wrong, naming the field or limit
 * @param partial the bytes of the broken message received so far (at most a few KiB)
 */
public record FramingError(String reason, byte[] partial) {
}
