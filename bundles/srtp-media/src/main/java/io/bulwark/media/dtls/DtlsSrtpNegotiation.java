package io.bulwark.media.dtls;

import io.bulwark.media.srtp.SrtpPolicy;
import io.bulwark.media.srtp.SrtpSuite;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Vector;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * What the DTLS-SRTP client and server have in common, kept out of Bouncy Castle's class
 * hierarchy: the use_srtp offer and choice (RFC 5764 section 4.1), the check of the peer's
 * certificate against the signalled fingerprints (RFC 5763 section 5), the key export (RFC 5764
 * section 4.2) and the appliance's signing credentials. One instance per handshake, used by the
 * handshake thread only; when a check refuses the peer it records why, so the outcome can name the
 * reason rather than the alert it became.
 */
final class DtlsSrtpNegotiation {

    /** The exporter label of RFC 5764 section 4.2. */
    static final String EXPORTER_LABEL = "EXTRACTOR-dtls_srtp";

    /** Cipher suites for the appliance's ECDSA certificate: AEAD first, CBC-SHA for older DTLS-SRTP stacks. */
    static final int[] ECDSA_CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
    };

    /** What the appliance offers as client: a peer's certificate may be ECDSA or RSA. */
    static final int[] CLIENT_CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
    };

    /** ECDSA with SHA-256: what a P-256 key signs with, and what every TLS 1.2 peer accepts. */
    private static final SignatureAndHashAlgorithm ECDSA_SHA256 =
            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);

    private final DtlsSrtpSettings settings;
    private final DtlsCertificate certificate;
    private final List<CertificateFingerprint> peerFingerprints;
    private final long deadlineNanos;
    private SrtpProtectionProfile selected;
    private DtlsSrtpOutcome.Failed refusal;
    private SrtpMasterKey protect;
    private SrtpMasterKey unprotect;

    DtlsSrtpNegotiation(DtlsSrtpSettings settings, DtlsCertificate certificate,
            List<CertificateFingerprint> peerFingerprints, long deadlineNanos) {
        this.settings = settings;
        this.certificate = certificate;
        this.peerFingerprints = List.copyOf(peerFingerprints);
        this.deadlineNanos = deadlineNanos;
    }

    /** Milliseconds left for the handshake, at least 1: Bouncy Castle reads 0 as "no limit". */
    int remainingMillis() {
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left));
    }

    // ---- use_srtp ------------------------------------------------------------------------------

    /** The client's use_srtp: every configured profile in order of preference, no MKI. */
    UseSRTPData offer() {
        int[] ids = settings.profiles().stream().mapToInt(SrtpProtectionProfile::id).toArray();
        return new UseSRTPData(ids, TlsUtils.EMPTY_BYTES);
    }

    /**
     * As server, picks the first configured profile the client offered. A client's MKI is answered
     * with none, which RFC 5764 section 4.1.1 allows ("cannot make use of the MKI").
     */
    void chooseProfile(UseSRTPData offered) throws IOException {
        if (offered == null) {
            throw refuse(DtlsFailure.NO_COMMON_PROFILE, AlertDescription.handshake_failure,
                    "the client did not offer use_srtp (RFC 5764)");
        }
        int[] ids = offered.getProtectionProfiles();
        for (SrtpProtectionProfile p : settings.profiles()) {
            for (int id : ids) {
                if (id == p.id()) {
                    selected = p;
                    return;
                }
            }
        }
        throw refuse(DtlsFailure.NO_COMMON_PROFILE, AlertDescription.handshake_failure,
                "the client offered SRTP profiles " + describe(ids) + ", the appliance accepts " + settings.profiles());
    }

    /** The server's use_srtp: the chosen profile and no MKI. */
    UseSRTPData answer() throws IOException {
        requireSelected("the client did not offer use_srtp (RFC 5764)");
        return new UseSRTPData(new int[] {selected.id()}, TlsUtils.EMPTY_BYTES);
    }

    /** As client, takes the server's choice: exactly one profile, one that was offered, and no MKI. */
    void acceptChoice(UseSRTPData chosen) throws IOException {
        if (chosen == null) {
            throw refuse(DtlsFailure.NO_COMMON_PROFILE, AlertDescription.handshake_failure,
                    "the server did not agree to any SRTP profile offered " + settings.profiles());
        }
        int[] ids = chosen.getProtectionProfiles();
        if (ids.length != 1) {
            throw refuse(DtlsFailure.PROTOCOL_ERROR, AlertDescription.illegal_parameter,
                    "the server's use_srtp must name one profile, it named " + describe(ids));
        }
        SrtpProtectionProfile profile = SrtpProtectionProfile.forId(ids[0]).orElse(null);
        if (profile == null || !settings.profiles().contains(profile)) {
            throw refuse(DtlsFailure.PROTOCOL_ERROR, AlertDescription.illegal_parameter,
                    "the server chose SRTP profile " + describe(ids) + ", which was not offered");
        }
        if (chosen.getMki().length != 0) {
            throw refuse(DtlsFailure.PROTOCOL_ERROR, AlertDescription.illegal_parameter,
                    "the server sent an SRTP MKI, which the appliance did not offer");
        }
        selected = profile;
    }

    /** Fails the handshake unless a profile was agreed (a server may send no extensions at all). */
    void requireSelected(String why) throws IOException {
        if (selected == null) {
            throw refuse(DtlsFailure.NO_COMMON_PROFILE, AlertDescription.handshake_failure, why);
        }
    }

    private static String describe(int[] ids) {
        List<String> names = new ArrayList<>();
        for (int id : ids) {
            names.add(SrtpProtectionProfile.forId(id).map(Enum::name).orElse(String.format("0x%04x", id)));
        }
        return names.toString();
    }

    // ---- the peer's certificate ----------------------------------------------------------------

    /**
     * Checks the peer's end-entity certificate against the fingerprints from its SDP. The chain is
     * not validated otherwise: self-signed certificates are the norm, and the fingerprint is the
     * trust anchor. Possession of the private key is proved by the handshake's signatures.
     */
    void checkPeerCertificate(Certificate chain) throws IOException {
        if (chain == null || chain.isEmpty()) {
            throw refuse(DtlsFailure.NO_PEER_CERTIFICATE, AlertDescription.handshake_failure,
                    "the peer sent no certificate to check against its a=fingerprint");
        }
        byte[] der = chain.getCertificateAt(0).getEncoded();
        if (!CertificateFingerprint.matchesStrongest(peerFingerprints, der)) {
            FingerprintHash hash = peerFingerprints.stream().map(CertificateFingerprint::hash)
                    .max(Enum::compareTo).orElse(FingerprintHash.SHA_256);
            throw refuse(DtlsFailure.FINGERPRINT_MISMATCH, AlertDescription.bad_certificate,
                    "the peer's certificate is " + CertificateFingerprint.of(hash, der) + ", its SDP said "
                    + peerFingerprints);
        }
    }

    // ---- credentials and keys ------------------------------------------------------------------

    /**
     * The signature algorithms the appliance accepts from a peer (its ServerKeyExchange or
     * CertificateVerify): Bouncy Castle's defaults without SHA-1, SHA-224 and DSA, which a peer
     * could otherwise pick to sign the handshake that the fingerprint check relies on.
     */
    @SuppressWarnings({"rawtypes", "unchecked"}) // Bouncy Castle's API takes a raw Vector
    static Vector acceptedSignatureAlgorithms(TlsContext context) {
        Vector accepted = new Vector();
        for (Object o : TlsUtils.getDefaultSupportedSignatureAlgorithms(context)) {
            SignatureAndHashAlgorithm a = (SignatureAndHashAlgorithm) o;
            short hash = a.getHash();
            if (hash != HashAlgorithm.md5 && hash != HashAlgorithm.sha1 && hash != HashAlgorithm.sha224
                    && a.getSignature() != SignatureAlgorithm.dsa) {
                accepted.add(a);
            }
        }
        return accepted;
    }

    /** The appliance's certificate and ECDSA key as Bouncy Castle signs with them. */
    TlsCredentialedSigner signer(TlsContext context, BcTlsCrypto crypto) throws IOException {
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, certificate.signingKey(),
                certificate.tlsCertificate(crypto), ECDSA_SHA256);
    }

    /**
     * Exports the SRTP keys once the handshake is complete (RFC 5764 section 4.2): client write key,
     * server write key, client write salt, server write salt, in that order. The appliance protects
     * with its own role's key and unprotects with the peer's. Must run while Bouncy Castle still holds
     * the master secret, that is in {@code notifyHandshakeComplete}.
     */
    void exportKeys(TlsContext context, DtlsRole role) throws IOException {
        requireSelected("no SRTP profile was agreed");
        SrtpSuite suite = selected.suite();
        int k = suite.keyLength();
        int s = suite.saltLength();
        byte[] material = context.exportKeyingMaterial(EXPORTER_LABEL, null, selected.keyingMaterialLength());
        try {
            SrtpPolicy policy = SrtpPolicy.of(suite);
            SrtpMasterKey client = new SrtpMasterKey(policy, Arrays.copyOfRange(material, 0, k),
                    Arrays.copyOfRange(material, 2 * k, 2 * k + s));
            SrtpMasterKey server = new SrtpMasterKey(policy, Arrays.copyOfRange(material, k, 2 * k),
                    Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s));
            protect = role == DtlsRole.CLIENT ? client : server;
            unprotect = role == DtlsRole.CLIENT ? server : client;
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    /** The outcome of a handshake Bouncy Castle completed, or null if the keys were not exported. */
    DtlsSrtpOutcome.Established established(DtlsRole role, long elapsedMillis) {
        return protect == null ? null : new DtlsSrtpOutcome.Established(role, selected, protect, unprotect, elapsedMillis);
    }

    /** Why the appliance refused the peer, if a check did; null otherwise. */
    DtlsSrtpOutcome.Failed refusal() {
        return refusal;
    }

    private TlsFatalAlert refuse(DtlsFailure reason, short alert, String detail) {
        refusal = new DtlsSrtpOutcome.Failed(reason, detail, 0);
        return new TlsFatalAlert(alert, detail);
    }
}
