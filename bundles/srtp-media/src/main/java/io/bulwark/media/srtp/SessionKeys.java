package io.bulwark.media.srtp;

/**
 * The session keys of one direction's SRTP or SRTCP, as derived from the master key (RFC 3711
 * section 4.3) or, for known-answer tests, given directly.
 */
final class SessionKeys {

    private final byte[] encryptionKey;
    private final byte[] salt;
    private final byte[] authenticationKey;

    /**
     * @param encryptionKey the AES key
     * @param salt the session salt: 14 octets for AES-CM, 12 for GCM
     * @param authenticationKey the HMAC-SHA1 key; empty for GCM
     */
    SessionKeys(byte[] encryptionKey, byte[] salt, byte[] authenticationKey) {
        this.encryptionKey = encryptionKey.clone();
        this.salt = salt.clone();
        this.authenticationKey = authenticationKey.clone();
    }

    byte[] encryptionKey() {
        return encryptionKey.clone();
    }

    byte[] salt() {
        return salt.clone();
    }

    byte[] authenticationKey() {
        return authenticationKey.clone();
    }
}
