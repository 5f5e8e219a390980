package io.bulwark.media.dtls;

import io.bulwark.media.sdp.SdpException;
import java.util.Locale;

/**
 * The {@code a=setup} attribute (RFC 4145 section 4) as DTLS-SRTP uses it to decide who starts
 * the handshake (RFC 5763 section 5): the endpoint that is {@code active} is the DTLS client, the
 * one that is {@code passive} the server. The offerer says {@code actpass} and lets the answerer
 * choose; the answerer must answer {@code active} or {@code passive}, and RFC 5763 recommends
 * {@code active} because the handshake can then run while the answer is still on its way.
 */
public enum SetupAttribute {
    /** Connects: the DTLS client. */
    ACTIVE("active"),
    /** Accepts: the DTLS server. */
    PASSIVE("passive"),
    /** Either: what an offer says (RFC 5763 section 5: the offerer "MUST use" it). */
    ACTPASS("actpass"),
    /** No connection for now (RFC 4145): no handshake is started. */
    HOLDCONN("holdconn");

    private final String sdpValue;

    SetupAttribute(String sdpValue) {
        this.sdpValue = sdpValue;
    }

    /** The value as written after {@code a=setup:}. */
    public String sdpValue() {
        return sdpValue;
    }

    /**
     * Reads the value after {@code a=setup:}, ignoring case and surrounding white space.
     *
     * @throws SdpException naming {@code a=setup} for anything but the four RFC 4145 values
     */
    public static SetupAttribute parse(String value) throws SdpException {
        String v = value.strip().toLowerCase(Locale.ROOT);
        for (SetupAttribute s : values()) {
            if (s.sdpValue.equals(v)) {
                return s;
            }
        }
        String shown = value.length() > 60 ? value.substring(0, 60) + "..." : value;
        throw new SdpException(0, "a=setup", "expected active, passive, actpass or holdconn, got '" + shown + "'");
    }

    /**
     * What an answerer says to an offer that says {@code offered} (RFC 4145 section 4.1, RFC 5763
     * section 5): {@code active} to {@code actpass} (the recommended choice) and to {@code passive},
     * {@code passive} to {@code active}, {@code holdconn} to {@code holdconn}.
     */
    public static SetupAttribute answerTo(SetupAttribute offered) {
        return switch (offered) {
            case ACTPASS, PASSIVE -> ACTIVE;
            case ACTIVE -> PASSIVE;
            case HOLDCONN -> HOLDCONN;
        };
    }

    /**
     * The offerer's role once the answer says {@code answered}: the opposite of the answerer's.
     *
     * @throws SdpException naming {@code a=setup} when the answer says {@code actpass} (an answer must
     *     choose, RFC 5763 section 5) or {@code holdconn} (no connection, so no handshake to run)
     */
    public static DtlsRole offererRole(SetupAttribute answered) throws SdpException {
        return switch (answered) {
            case ACTIVE -> DtlsRole.SERVER;
            case PASSIVE -> DtlsRole.CLIENT;
            case ACTPASS -> throw new SdpException(0, "a=setup",
                    "an answer must say active or passive, not actpass (RFC 5763 section 5)");
            case HOLDCONN -> throw new SdpException(0, "a=setup", "holdconn: the answerer wants no DTLS connection");
        };
    }

    /**
     * The DTLS role of the endpoint that says this value: client for {@code active}, server for
     * {@code passive}.
     *
     * @throws IllegalStateException for {@code actpass} and {@code holdconn}, which decide no role
     */
    public DtlsRole localRole() {
        return switch (this) {
            case ACTIVE -> DtlsRole.CLIENT;
            case PASSIVE -> DtlsRole.SERVER;
            case ACTPASS, HOLDCONN -> throw new IllegalStateException("a=setup:" + sdpValue + " decides no DTLS role");
        };
    }
}
