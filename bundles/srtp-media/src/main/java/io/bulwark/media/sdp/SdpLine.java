package io.bulwark.media.sdp;

/**
 * One {@code <type>=<value>} line of an SDP, in the order it came.
 *
 * @param type the line's type letter ({@code v}, {@code o}, {@code c}, {@code m}, {@code a}, ...)
 * @param value everything after the {@code =}
 */
public record SdpLine(char type, String value) {

    /** @return the attribute name of an {@code a=} line (before the first colon), else null */
    public String attributeName() {
        if (type != 'a') {
            return null;
        }
        int colon = value.indexOf(':');
        return colon < 0 ? value : value.substring(0, colon);
    }

    /** @return the attribute value of an {@code a=} line (after the first colon), or null when it has none */
    public String attributeValue() {
        int colon = value.indexOf(':');
        return type != 'a' || colon < 0 ? null : value.substring(colon + 1);
    }

    @Override
    public String toString() {
        return type + "=" + ("crypto".equals(attributeName()) ? "crypto:<redacted>" : value);
    }
}
