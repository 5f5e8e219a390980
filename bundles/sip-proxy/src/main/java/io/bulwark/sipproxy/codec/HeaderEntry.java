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

    private final byte[] raw;
    private final int off;
    private final int len;
    private final boolean folded;
    private String value;

    /** An entry referring to wire bytes (owned by the decoded message, never modified). */
    HeaderEntry(SipHeaderNames.Known known, String rawName, byte[] raw, int off, int len, boolean folded) {
        this.name = known != null ? known.name : rawName;
        this.key = known != null ? known.key : rawName.toLowerCase(java.util.Locale.ROOT);
        this.list = known != null && known.list;
        this.raw = raw;
        this.off = off;
        this.len = len;
        this.folded = folded;
    }

    /** An entry with a String value (set by a mutator). */
    HeaderEntry(String name, String value) {
        SipHeaderNames.Known known = SipHeaderNames.lookup(name);
        this.name = known != null ? known.name : name;
        this.key = known != null ? known.key : name.toLowerCase(java.util.Locale.ROOT);
        this.list = known != null && known.list;
        this.raw = null;
        this.off = 0;
        this.len = 0;
        this.folded = false;
        this.value = value;
    }

    /** @return the whole value of this line (continuation lines unfolded), decoded on first use */
    String value() {
        String v = value;
        if (v == null) {
            v = SipSyntax.decodeText(raw, off, len, folded);
            value = v;
        }
        return v;
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
