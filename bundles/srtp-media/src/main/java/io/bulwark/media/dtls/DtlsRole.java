package io.bulwark.media.dtls;

/**
 * Which end of the DTLS handshake the appliance plays on a media leg: the client sends the
 * ClientHello, the server waits for it. {@link SetupAttribute} decides it from {@code a=setup}.
 */
public enum DtlsRole {
    /** Starts the handshake ({@code a=setup:active}). */
    CLIENT,
    /** Waits for the peer's ClientHello ({@code a=setup:passive}). */
    SERVER
}
