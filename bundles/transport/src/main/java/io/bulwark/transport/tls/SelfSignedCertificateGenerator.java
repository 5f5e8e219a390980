package io.bulwark.transport.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Generates the appliance's own TLS identity on first start: an ECDSA P-256 key and a
 * self-signed certificate naming the listener addresses, written as PEM (PKCS#8 key, mode 0600).
 * Uses the JDK provider for key generation and signing, Bouncy Castle only to build the
 * certificate, so no provider has to be installed globally.
 */
public final class SelfSignedCertificateGenerator {

    private static final Duration VALIDITY = Duration.ofDays(825);

    private SelfSignedCertificateGenerator() {
    }

    /**
     * Writes {@code certFile} and {@code keyFile} unless both already exist.
     *
     * @param commonName the subject CN
     * @param addresses IP addresses and DNS names for the subjectAltName
     * @return true when new files were written
     */
    public static synchronized boolean ensure(Path certFile, Path keyFile, String commonName, List<String> addresses)
            throws IOException {
        if (Files.exists(certFile) && Files.exists(keyFile)) {
            return false;
        }
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
            kpg.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = kpg.generateKeyPair();
            X509Certificate cert = selfSign(pair, commonName, addresses);
            for (Path f : new Path[] {certFile, keyFile}) {
                Path dir = f.toAbsolutePath().getParent();
                if (dir != null) {
                    Files.createDirectories(dir);
                }
            }
            writePem(keyFile, "PRIVATE KEY", pair.getPrivate().getEncoded(), true);
            writePem(certFile, "CERTIFICATE", cert.getEncoded(), false);
            return true;
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot generate the TLS certificate: " + e.getMessage(), e);
        }
    }

    static X509Certificate selfSign(KeyPair pair, String commonName, List<String> addresses)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Name subject = new X500Name("CN=" + commonName.replaceAll("[,=+<>#;\"\\\\]", "_") + ",O=Bulwark");
        Instant now = Instant.now();
        BigInteger serial = new BigInteger(64, new SecureRandom());
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial,
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), subject,
                pair.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
        builder.addExtension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
        List<GeneralName> names = new ArrayList<>();
        for (String a : addresses) {
            names.add(isIpLiteral(a) ? new GeneralName(GeneralName.iPAddress, a) : new GeneralName(GeneralName.dNSName, a));
        }
        if (!names.isEmpty()) {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(new GeneralName[0])));
        }
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
        X509CertificateHolder holder = builder.build(signer);
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    private static boolean isIpLiteral(String s) {
        if (s.indexOf(':') >= 0) {
            return true;
        }
        return s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static void writePem(Path file, String type, byte[] der, boolean secret) throws IOException {
        String pem = "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (secret) {
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
        }
        Files.writeString(tmp, pem, StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** @return a name for the certificate subject: the host name, else "bulwark" */
    public static String defaultCommonName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "bulwark";
        }
    }
}
