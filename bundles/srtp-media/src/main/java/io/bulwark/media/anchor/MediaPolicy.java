package io.bulwark.media.anchor;

import java.util.Locale;

/** How a zone's media must be protected. */
public enum MediaPolicy {
    /** Only SRTP: an offer from this zone without usable crypto is refused with 488, and offers to it carry RTP/SAVP. */
    SRTP_REQUIRED,
    /** SRTP when the party takes it: offers to this zone carry RTP/AVP with crypto lines (best effort). */
    SRTP_PREFERRED,
    /** Plain RTP towards this zone (its parties may still offer SRTP, which is then used). */
    RTP;

    /** @return the policy for its configuration name ({@code srtp-required}, {@code srtp-preferred}, {@code rtp}) */
    public static MediaPolicy of(String name) {
        for (MediaPolicy p : values()) {
            if (p.configName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("media policy must be srtp-required, srtp-preferred or rtp, got '" + name
                + "'");
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
