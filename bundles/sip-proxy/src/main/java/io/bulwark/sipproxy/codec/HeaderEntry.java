package io.bulwark.sipproxy.codec;

import java.nio.charset.StandardCharsets;

/**
 * One header field line as received or set: name plus raw value. Immutable; the value String is
 * decoded from the wire bytes only when first asked for, and unmodified, unfolded values are written
 * back byte for byte by the encoder.
 */
final class HeaderEntry {

    /** Canonical long name for known headers, the name as received otherwise. */
    final String name;
    /** Lower-case long name, used for lookup. */
    final String key;
    /** Whether the value is a comma-separated list (RFC 3261 7.3.1). */
    final boolean list;
    /** {@link SipHeaderNames.Known#id} of the name, or {@link SipHeaderNames#UNKNOWN_ID}. */
    final int id;

    private final byte[] raw;
    private final int off;
    private final int len;
    private final boolean folded;
    /** Whether the raw value (its first physical line, when folded) is all ASCII. */
    private final boolean ascii;
    private String value;

    /**
     * An entry referring to wire bytes (owned by the decoded message, never modified).
     *
     * @param ascii whether every byte of the first physical line of the value is below 0x80
     */
    HeaderEntry(SipHeaderNames.Known known, String rawName, byte[] raw, int off, int len, boolean folded,
            boolean ascii) {
        this.name = known != null ? known.name : rawName;
        this.key = known != null ? known.key : rawName.toLowerCase(java.util.Locale.ROOT);
        this.list = known != null && known.list;
        this.id = known != null ? known.id : SipHeaderNames.UNKNOWN_ID;
        this.raw = raw;
        this.off = off;
        this.len = len;
        this.folded = folded;
        this.ascii = ascii;
    }

    /** An entry with a String value (set by a mutator). */
    HeaderEntry(String name, String value) {
        SipHeaderNames.Known known = SipHeaderNames.lookup(name);
        this.name = known != null ? known.name : name;
        this.key = known != null ? known.key : name.toLowerCase(java.util.Locale.ROOT);
        this.list = known != null && known.list;
        this.id = known != null ? known.id : SipHeaderNames.UNKNOWN_ID;
        this.raw = null;
        this.off = 0;
        this.len = 0;
        this.folded = false;
        this.ascii = false;
        this.value = value;
    }

    /** @return the whole value of this line (continuation lines unfolded), decoded on first use */
    String value() {
        String v = value;
        if (v == null) {
            v = plainBytes() ? new String(raw, off, len, StandardCharsets.ISO_8859_1)
                : SipSyntax.decodeText(raw, off, len, folded);
            value = v;
        }
        return v;
    }

    /**
     * @return whether {@link #raw()}, {@link #off()} and {@link #end()} hold exactly the characters
     *     of {@link #value()}: a wire value, not folded, all ASCII. The byte-level parsers
     *     ({@link HeaderBytes}) are used on such values only.
     */
    boolean plainBytes() {
        return ascii && !folded && raw != null;
    }

    /** @return the wire bytes (shared, never modified), or null for a value set by a mutator */
    byte[] raw() {
        return raw;
    }

    /** @return start of the value in {@link #raw()} */
    int off() {
        return off;
    }

    /** @return end (exclusive) of the value in {@link #raw()} */
    int end() {
        return off + len;
    }

    HeaderEntry withValue(String newValue) {
        return new HeaderEntry(name, newValue);
    }

    /** Writes {@code Name: value CRLF}. */
    void writeTo(ByteSink out) {
        out.ascii(name);
        out.put((byte) ':');
        if (raw != null && !folded) {
            if (len > 0) {
                out.put((byte) ' ');
                out.put(raw, off, len);
            }
        } else {
            String v = value();
            if (!v.isEmpty()) {
                out.put((byte) ' ');
                out.put(v.getBytes(StandardCharsets.UTF_8));
            }
        }
        out.crlf();
    }
}
