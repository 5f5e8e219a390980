package io.bulwark.admin.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The PKCS#12 keystore of the admin web server. On first start it holds a self-signed ECDSA
 * P-256 certificate naming the admin listen addresses, built with Bouncy Castle; an admin can
 * replace it with an uploaded certificate and key later. Files are written mode 0600, through a
 * temporary file and an atomic move, so the web server never reads half a keystore.
 */
public final class AdminKeystore {

    /** The alias of the server key in the keystore. */
    public static final String ALIAS = "bulwark-admin";
    private static final Duration VALIDITY = Duration.ofDays(825);

    private AdminKeystore() {
    }

    /**
     * @param file a keystore file
     * @param password its password
     * @return true when it exists and opens with that password and holds the server key
     */
    public static boolean opens(Path file, String password) {
        if (password == null || !Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password.toCharArray());
            return ks.isKeyEntry(ALIAS);
        } catch (IOException | GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * Writes a new keystore with a fresh self-signed certificate.
     *
     * @param file where
     * @param password the keystore (and key) password
     * @param names IP addresses and DNS names for the subjectAltName
     * @return the certificate
     */
    public static X509Certificate generate(Path file, String password, List<String> names) throws IOException {
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
            kpg.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = kpg.generateKeyPair();
            X509Certificate cert = selfSign(pair, names);
            write(file, password, pair.getPrivate(), new Certificate[] {cert});
            return cert;
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot generate the admin certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Writes a keystore holding a given key and chain.
     */
    public static void write(Path file, String password, java.security.PrivateKey key, Certificate[] chain)
            throws IOException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(ALIAS, key, password.toCharArray(), chain);
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            try (OutputStream out = Files.newOutputStream(tmp)) {
                ks.store(out, password.toCharArray());
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write the admin keystore: " + e.getMessage(), e);
        }
    }

    private static X509Certificate selfSign(KeyPair pair, List<String> names)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Name subject = new X500Name("CN=Bulwark admin,O=Bulwark");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject,
                new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        List<GeneralName> sans = new ArrayList<>();
        for (String n : names) {
            boolean ip = n.indexOf(':') >= 0 || n.matches("\\d{1,3}(\\.\\d{1,3}){3}");
            sans.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, n));
        }
        if (!sans.isEmpty()) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(new GeneralName[0])));
        }
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    }
}
