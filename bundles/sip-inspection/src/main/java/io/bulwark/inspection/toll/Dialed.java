package io.bulwark.inspection.toll;

/**
 * A dialed telephone number, normalised.
 *
 * @param digits what was dialed, separators removed ({@code +49301234}, {@code 0088216}), for
 *     matching emergency numbers exactly
 * @param e164 the number in E.164 form without "+" ({@code 49301234}), the form destination
 *     prefixes are matched against; a national number gets the country code in front
 * @param international true when it leaves the country: "+" or the international prefix
 *     followed by another country's code
 */
record Dialed(String digits, String e164, boolean international) {

    /** @return the E.164 number with its "+", cut for a reason string */
    String shown() {
        return e164.length() <= 20 ? "+" + e164 : "+" + e164.substring(0, 20) + "...";
    }
}
