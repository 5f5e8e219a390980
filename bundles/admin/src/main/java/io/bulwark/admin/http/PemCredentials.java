package io.bulwark.admin.http;

import io.bulwark.admin.problem.ProblemException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * An uploaded certificate chain and private key, checked before the web server gets them: both
 * parse, the key belongs to the first certificate (a signature made with the key verifies with the
 * certificate), and the certificate is valid now.
 *
 * @param chain the chain, server certificate first
 * @param key the private key
 */
record PemCredentials(List<X509Certificate> chain, PrivateKey key) {

    private static final int MAX_PEM_CHARS = 64 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * @throws ProblemException 400 naming {@code certificatePem} or {@code privateKeyPem}
     */
    static PemCredentials parse(String certificatePem, String privateKeyPem, Instant now) {
        List<X509Certificate> chain = certificates(certificatePem);
        PrivateKey key = key(privateKeyPem);
        X509Certificate leaf = chain.get(0);
        if (now.isAfter(leaf.getNotAfter().toInstant()) || now.isBefore(leaf.getNotBefore().toInstant())) {
            throw ProblemException.invalid("certificatePem", "validity", "the certificate is not valid now (valid "
                    + leaf.getNotBefore().toInstant() + " to " + leaf.getNotAfter().toInstant() + ")");
        }
        if (!matches(key, leaf)) {
            throw ProblemException.invalid("privateKeyPem", "match", "the private key does not belong to the certificate");
        }
        return new PemCredentials(chain, key);
    }

    private static List<X509Certificate> certificates(String pem) {
        if (pem == null || pem.isBlank() || pem.length() > MAX_PEM_CHARS || !pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw ProblemException.invalid("certificatePem", "format",
                    "a PEM certificate chain (-----BEGIN CERTIFICATE-----), at most 64 KiB");
        }
        try {
            List<X509Certificate> out = new ArrayList<>();
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (var c : cf.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new GeneralSecurityException("no certificate found");
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw ProblemException.invalid("certificatePem", "format", "not a readable certificate: " + e.getMessage());
        }
    }

    private static PrivateKey key(String pem) {
        if (pem == null || pem.isBlank() || pem.length() > MAX_PEM_CHARS) {
            throw ProblemException.invalid("privateKeyPem", "format", "a PEM private key, at most 64 KiB");
        }
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IOException(o == null ? "no key found" : "an unencrypted private key is needed, got "
                    + o.getClass().getSimpleName());
        } catch (IOException e) {
            throw ProblemException.invalid("privateKeyPem", "format", "not a readable private key: " + e.getMessage());
        }
    }

    private static boolean matches(PrivateKey key, X509Certificate cert) {
        String alg = switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (alg == null) {
            return false;
        }
        try {
            byte[] probe = new byte[32];
            RANDOM.nextBytes(probe);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(cert.getPublicKey());
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
