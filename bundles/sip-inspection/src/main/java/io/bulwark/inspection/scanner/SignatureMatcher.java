package io.bulwark.inspection.scanner;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a tool signature in a header value or in the SDP session name, in any case, without
 * copying or lowercasing the text: only positions whose character starts some signature are
 * compared. It runs on every request, so it allocates nothing unless the SDP has an {@code s=}
 * line.
 */
final class SignatureMatcher {

    private final List<String> signatures;
    /** By lowercase first character (ASCII): the signatures starting with it. */
    private final String[][] byFirst = new String[128][];
    /** Signatures starting with a character outside ASCII: compared at every position. */
    private final String[] others;

    SignatureMatcher(List<String> lowercaseSignatures) {
        this.signatures = lowercaseSignatures;
        List<String> rest = new ArrayList<>();
        for (String sig : lowercaseSignatures) {
            if (sig.isEmpty()) {
                continue;
            }
            char c = sig.charAt(0);
            if (c < 128) {
                String[] old = byFirst[c];
                String[] grown = old == null ? new String[1] : java.util.Arrays.copyOf(old, old.length + 1);
                grown[grown.length - 1] = sig;
                byFirst[c] = grown;
            } else {
                rest.add(sig);
            }
        }
        this.others = rest.toArray(String[]::new);
    }

    /** @return whether this matcher was built from that list (the settings did not change) */
    boolean builtFrom(List<String> lowercaseSignatures) {
        return signatures == lowercaseSignatures;
    }

    /** @return the first signature the value contains, any case, or null */
    String find(String value) {
        if (value == null) {
            return null;
        }
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            String[] candidates = c < 128 ? byFirst[c] : null;
            if (candidates != null) {
                for (String sig : candidates) {
                    if (value.regionMatches(true, i, sig, 0, sig.length())) {
                        return sig;
                    }
                }
            }
            for (String sig : others) {
                if (value.regionMatches(true, i, sig, 0, sig.length())) {
                    return sig;
                }
            }
        }
        return null;
    }

    /** @return the first signature the SDP session name ({@code s=} line) contains, or null */
    String findInSessionName(byte[] body, int maxScan) {
        int end = Math.min(body.length, maxScan);
        int line = 0;
        while (line + 1 < end) {
            if (body[line] == 's' && body[line + 1] == '=') {
                int e = line + 2;
                while (e < end && body[e] != '\r' && body[e] != '\n') {
                    e++;
                }
                return find(new String(body, line + 2, e - line - 2, StandardCharsets.ISO_8859_1));
            }
            while (line < end && body[line] != '\n') {
                line++;
            }
            line++;
        }
        return null;
    }
}
