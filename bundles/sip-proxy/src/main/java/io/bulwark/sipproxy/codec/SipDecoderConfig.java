package io.bulwark.sipproxy.codec;

/**
 * Hard limits the {@link SipMessageDecoder} enforces on every message.
 *
 * @param maxMessageBytes largest message (start line, headers, blank line and body) in bytes;
 *     larger messages are rejected with 513 Message Too Large
 * @param maxHeaderCount largest number of header fields (lines after unfolding); more fields are
 *     rejected with 400
 * @param maxLineLength longest start line or header field (after unfolding continuation lines, name
 *     included) in bytes; longer lines are rejected with 400
 * @param maxBodyBytes largest body in bytes; a larger Content-Length is rejected with 513
 */
public record SipDecoderConfig(int maxMessageBytes, int maxHeaderCount, int maxLineLength, int maxBodyBytes) {

    /** Validates the limits. */
    public SipDecoderConfig {
        requirePositive("maxMessageBytes", maxMessageBytes);
        requirePositive("maxHeaderCount", maxHeaderCount);
        requirePositive("maxLineLength", maxLineLength);
        requirePositive("maxBodyBytes", maxBodyBytes);
    }

    /** @return the defaults: 65535 bytes per message, 128 headers, 8192 bytes per line, 60000 body bytes */
    public static SipDecoderConfig defaults() {
        return new SipDecoderConfig(65535, 128, 8192, 60000);
    }

    private static void requirePositive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, got " + value);
        }
    }
}
