package io.bulwark.media.dtls;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * The appliance's identity in DTLS-SRTP handshakes: an ECDSA P-256 key and a self-signed
 * certificate, whose fingerprint goes into the SDP the appliance sends ({@code a=fingerprint},
 * RFC 5763 section 5). No CA is involved: the peer trusts the certificate because the signalling
 * carried its fingerprint, so the certificate only has to be fresh and private. ECDSA on P-256 is
 * what every DTLS-SRTP peer accepts (RFC 8827 section 6.5 makes TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
 * on P-256 mandatory for WebRTC), and its keys are cheap enough to make one per call.
 *
 * <p>Immutable and safe to share between handshakes. The private key never leaves the object and
 * appears in no {@code toString()}.
 */
public final class DtlsCertificate {

    /** Validity unless given: long enough for any call; peers check the fingerprint, not the dates. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(30);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] der;
    private final AsymmetricKeyParameter signingKey;
    private final CertificateFingerprint sha256;
    private final Instant notAfter;

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter signingKey, Instant notAfter) {
        this.der = der;
        this.signingKey = signingKey;
        this.sha256 = CertificateFingerprint.of(FingerprintHash.SHA_256, der);
        this.notAfter = notAfter;
    }

    /** A new key and certificate valid for {@link #DEFAULT_VALIDITY}. */
    public static DtlsCertificate generate() {
        return generate(DEFAULT_VALIDITY);
    }

    /**
     * A new key and a certificate valid from an hour ago (peers' clocks differ) for {@code validity}.
     *
     * @throws IllegalStateException if the JDK cannot make or use a P-256 key, which every JDK 17 can
     */
    public static DtlsCertificate generate(Duration validity) {
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive, got " + validity);
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair pair = generator.generateKeyPair();
            Instant now = Instant.now();
            Instant notAfter = now.plus(validity);
            X500Name subject = new X500Name("CN=bulwark-dtls-srtp");
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(63, RANDOM).add(BigInteger.ONE), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(notAfter), subject, pair.getPublic());
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            X509CertificateHolder holder = builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").setSecureRandom(RANDOM).build(pair.getPrivate()));
            return new DtlsCertificate(holder.getEncoded(), PrivateKeyFactory.createKey(pair.getPrivate().getEncoded()),
                    notAfter);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate the DTLS certificate: " + e.getMessage(), e);
        }
    }

    /** The SHA-256 fingerprint, as the appliance signals it. */
    public CertificateFingerprint fingerprint() {
        return sha256;
    }

    /** The fingerprint with another hash function. */
    public CertificateFingerprint fingerprint(FingerprintHash hash) {
        return CertificateFingerprint.of(hash, der);
    }

    /** A copy of the certificate's DER encoding. */
    public byte[] encoded() {
        return der.clone();
    }

    /** When the certificate expires. */
    public Instant notAfter() {
        return notAfter;
    }

    /** The private key, for Bouncy Castle's signer in the handshake. */
    AsymmetricKeyParameter signingKey() {
        return signingKey;
    }

    /** The certificate as Bouncy Castle's TLS sends it: a chain of this one certificate. */
    Certificate tlsCertificate(TlsCrypto crypto) throws IOException {
        return new Certificate(new TlsCertificate[] {crypto.createCertificate(der)});
    }

    @Override
    public String toString() {
        return "DtlsCertificate[" + sha256.sdpValue() + ", until " + notAfter + "]";
    }
}
