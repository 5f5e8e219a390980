package io.bulwark.media.srtp;

import java.util.HexFormat;

/** Test vectors as the RFCs print them: hexadecimal with spaces and line breaks. */
final class Hex {

    private Hex() {
    }

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s", "").toLowerCase(java.util.Locale.ROOT));
    }

    static String string(byte[] bytes, int off, int len) {
        return HexFormat.of().formatHex(bytes, off, off + len);
    }

    static String string(byte[] bytes) {
        return string(bytes, 0, bytes.length);
    }
}
