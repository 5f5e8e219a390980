package io.bulwark.transport.framing;

/**
 * Hard limits for framing one message on a stream. Checked before any SIP parsing so that an
 * oversized or never-ending message cannot make the appliance buffer without bound.
 *
 * @param maxMessageBytes the largest whole message (headers and body) accepted
 * @param maxHeaderCount the most header lines in one message
 * @param maxLineLength the longest single line, in bytes
 */
public record FramingLimits(int maxMessageBytes, int maxHeaderCount, int maxLineLength) {

    /** Limits suitable for SIP signalling of any PBX seen in practice. */
    public static final FramingLimits DEFAULTS = new FramingLimits(65_535, 128, 8_192);

    public FramingLimits {
        requirePositive("max.message.bytes", maxMessageBytes);
        requirePositive("max.header.count", maxHeaderCount);
        requirePositive("max.line.length", maxLineLength);
    }

    private static void requirePositive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be > 0, got " + value);
        }
    }
}
