package io.bulwark.media.dtls;

/**
 * Why a DTLS-SRTP handshake gave no keys. The relay reports these as they are: a fingerprint
 * mismatch is an attack or a broken SBC in the path, a timeout is usually a firewall or a peer
 * that never got the answer.
 */
public enum DtlsFailure {
    /** The peer's certificate is not the one its {@code a=fingerprint} named (RFC 5763 section 5). */
    FINGERPRINT_MISMATCH,
    /** The peer sent no certificate, so nothing could be checked against the fingerprint. */
    NO_PEER_CERTIFICATE,
    /** No SRTP protection profile both sides support, or the peer did not negotiate use_srtp at all. */
    NO_COMMON_PROFILE,
    /** The handshake did not finish within the overall timeout (a silent or unreachable peer). */
    TIMEOUT,
    /** The peer ended the handshake with a fatal alert (its name in the detail). */
    ALERT_RECEIVED,
    /** The peer broke the protocol and the appliance ended the handshake with an alert (named in the detail). */
    PROTOCOL_ERROR,
    /** Closed by the caller before it finished (the call ended, the leg was torn down). */
    CLOSED,
    /** The handshake could not run here: the executor refused it, or an unexpected error. */
    INTERNAL_ERROR
}
