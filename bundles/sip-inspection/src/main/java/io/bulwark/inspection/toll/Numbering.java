package io.bulwark.inspection.toll;

import io.bulwark.inspection.common.SipParts;
import java.util.Locale;

/**
 * The dialing plan of the PBX's country, to tell international calls from national ones and to
 * bring every number to its E.164 form.
 * <ul>
 *   <li>{@code +} or the international prefix (e.g. {@code 00}, {@code 011}) starts an
 *       international number, unless the country code that follows is the own one;
 *   <li>the national prefix (e.g. {@code 0}, {@code 1}; may be empty) starts a national number:
 *       the country code replaces it;
 *   <li>any other number is national as well, dialed without its prefix (a short or service
 *       number, or a NANP ten-digit number): the country code goes in front.
 * </ul>
 * Visual separators ({@code - . ( )} and escaped spaces) are ignored. A Request-URI user that is
 * not a telephone number after that (letters, {@code *}, {@code #}) is no number at all.
 *
 * @param nationalPrefix the national (trunk) prefix, digits, possibly empty
 * @param internationalPrefix the international prefix, digits
 * @param countryCode the own country code, digits
 */
record Numbering(String nationalPrefix, String internationalPrefix, String countryCode) {

    /** Longest number considered: beyond E.164's 15 digits, with room for prefixes. */
    private static final int MAX_DIGITS = 32;

    Numbering {
        if (!digits(internationalPrefix, 1, 4)) {
            throw new IllegalArgumentException("international.prefix must be 1 to 4 digits, got '"
                    + internationalPrefix + "'");
        }
        if (!digits(nationalPrefix, 0, 4)) {
            throw new IllegalArgumentException("national.prefix must be up to 4 digits, got '" + nationalPrefix + "'");
        }
        if (!nationalPrefix.isEmpty() && nationalPrefix.startsWith(internationalPrefix)) {
            throw new IllegalArgumentException("national.prefix '" + nationalPrefix
                    + "' must not begin with the international prefix '" + internationalPrefix + "'");
        }
        if (!digits(countryCode, 1, 3) || countryCode.charAt(0) == '0') {
            throw new IllegalArgumentException("country.code must be 1 to 3 digits not starting with 0, got '"
                    + countryCode + "'");
        }
    }

    private static boolean digits(String s, int min, int max) {
        return s != null && s.length() >= min && s.length() <= max && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /**
     * @param uriOrNameAddr a Request-URI (sip, sips or tel), or a name-addr
     * @return the number it dials, or null when it dials none (no user part, or not digits)
     */
    Dialed classify(String uriOrNameAddr) {
        String user = user(uriOrNameAddr);
        if (user == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(user.length());
        for (int i = 0; i < user.length(); i++) {
            char c = user.charAt(i);
            if (c == '%') {
                int v = i + 2 < user.length() ? hex(user.charAt(i + 1)) * 16 + hex(user.charAt(i + 2)) : -1;
                if (v < 0) {
                    return null;
                }
                c = (char) v;
                i += 2;
            }
            if (c >= '0' && c <= '9' || c == '+' && b.length() == 0) {
                b.append(c);
            } else if (" -.()".indexOf(c) < 0) {
                return null; // a name, a feature code or garbage: not a telephone number
            }
            if (b.length() > MAX_DIGITS) {
                return null;
            }
        }
        String digits = b.toString();
        String international;
        if (digits.startsWith("+")) {
            international = digits.substring(1);
        } else if (digits.startsWith(internationalPrefix)) {
            international = digits.substring(internationalPrefix.length());
        } else {
            String national = !nationalPrefix.isEmpty() && digits.startsWith(nationalPrefix)
                    ? digits.substring(nationalPrefix.length()) : digits;
            return national.isEmpty() ? null : new Dialed(digits, countryCode + national, false);
        }
        if (international.isEmpty()) {
            return null;
        }
        return new Dialed(digits, international, !international.startsWith(countryCode));
    }

    /**
     * @param uriOrNameAddr a sip, sips or tel URI, or a name-addr holding one
     * @return its user part (for tel, the number), without user parameters or password, lower
     *     case; or null
     */
    static String user(String uriOrNameAddr) {
        String uri = SipParts.uri(uriOrNameAddr);
        String scheme = SipParts.scheme(uri);
        String user;
        if ("tel".equals(scheme)) {
            user = uri.substring(uri.indexOf(':') + 1);
            int semi = user.indexOf(';');
            user = semi < 0 ? user : user.substring(0, semi);
            user = user.isEmpty() ? null : user.toLowerCase(Locale.ROOT);
        } else {
            user = SipParts.user(uri);
            if (user != null) {
                int semi = user.indexOf(';');
                user = semi == 0 ? null : semi < 0 ? user : user.substring(0, semi);
            }
        }
        return user;
    }

    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10
                : -1000;
    }
}
