package io.bulwark.media.dtls;

import io.bulwark.media.srtp.SrtpPolicy;
import io.bulwark.media.srtp.SrtpSession;
import io.bulwark.media.srtp.SrtpSuite;
import java.util.Objects;

/**
 * One direction's SRTP keying from a DTLS-SRTP handshake: the policy and the master key and salt
 * it takes. The relay needs sessions, not key bytes, so the key leaves this package only inside a
 * new {@link SrtpSession}; {@link #toString()} names the suite and nothing else.
 */
public final class SrtpMasterKey {

    private final SrtpPolicy policy;
    private final byte[] key;
    private final byte[] salt;

    SrtpMasterKey(SrtpPolicy policy, byte[] key, byte[] salt) {
        this.policy = Objects.requireNonNull(policy, "policy");
        SrtpSuite suite = policy.suite();
        if (key.length != suite.keyLength() || salt.length != suite.saltLength()) {
            throw new IllegalArgumentException(suite + " takes a " + suite.keyLength() + "-octet key and a "
                    + suite.saltLength() + "-octet salt");
        }
        this.key = key.clone();
        this.salt = salt.clone();
    }

    /** The policy: the negotiated suite, no MKI, SRTCP encrypted (DTLS-SRTP has no unencrypted SRTCP). */
    public SrtpPolicy policy() {
        return policy;
    }

    /** The negotiated suite. */
    public SrtpSuite suite() {
        return policy.suite();
    }

    /** A new session keyed with this master key: one per direction and leg, used by one thread. */
    public SrtpSession newSession() {
        return new SrtpSession(policy, key, salt);
    }

    /** A session with another policy of the same suite (a bigger replay window, more streams). */
    public SrtpSession newSession(SrtpPolicy other) {
        if (other.suite() != policy.suite()) {
            throw new IllegalArgumentException("the key is for " + policy.suite() + ", not " + other.suite());
        }
        return new SrtpSession(other, key, salt);
    }

    /** A copy of the master key: for the tests that compare it with what the peer exported. */
    byte[] key() {
        return key.clone();
    }

    /** A copy of the master salt. */
    byte[] salt() {
        return salt.clone();
    }

    @Override
    public String toString() {
        return "SrtpMasterKey[" + policy.suite() + ", key and salt redacted]";
    }
}
