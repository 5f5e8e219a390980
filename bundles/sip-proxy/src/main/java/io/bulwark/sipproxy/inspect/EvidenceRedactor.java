package io.bulwark.sipproxy.inspect;

import java.util.regex.Pattern;

/**
 * Makes a SIP message fit to be kept as evidence: digest credentials ({@code response},
 * {@code nonce}, {@code cnonce}, {@code opaque} of Authorization and Proxy-Authorization, and the
 * challenges) and passwords in URIs are replaced by {@code ***}; SDP crypto keys
 * ({@code a=crypto} inline keys) too. The user name stays: it names the target.
 */
public final class EvidenceRedactor {

    private static final Pattern DIGEST_SECRET = Pattern.compile(
            "(?i)\\b(response|nonce|cnonce|opaque|nextnonce|rspauth)\\s*=\\s*(\"[^\"]*\"|[^,\\s\\r\\n]+)");
    private static final Pattern URI_PASSWORD = Pattern.compile("(sips?:[^:@;\\s<>\"]+):[^@\\s<>\"]*@");
    private static final Pattern SDES_KEY = Pattern.compile("(?i)(inline:)[A-Za-z0-9+/=]+");

    private EvidenceRedactor() {
    }

    /**
     * @param message the message text
     * @return the text with secrets masked, control characters other than CR and LF as {@code ?}
     */
    public static String redact(String message) {
        StringBuilder b = new StringBuilder(message.length());
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            b.append(c == '\r' || c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7f) ? c : '?');
        }
        String s = DIGEST_SECRET.matcher(b).replaceAll("$1=\"***\"");
        s = URI_PASSWORD.matcher(s).replaceAll("$1:***@");
        return SDES_KEY.matcher(s).replaceAll("$1***");
    }
}
