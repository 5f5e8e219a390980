package io.bulwark.admin.http;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What staff need to know about the admin certificate: whom it names, who signed it, how long it
 * is valid, and the fingerprint to compare with what the browser shows.
 *
 * @param subject the subject DN
 * @param issuer the issuer DN
 * @param subjectAltNames DNS names and IP addresses
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param sha256Fingerprint SHA-256 of the DER certificate, colon-separated hex
 * @param selfSigned whether subject and issuer are the same
 */
public record CertificateInfo(String subject, String issuer, List<String> subjectAltNames, String notBefore,
        String notAfter, String sha256Fingerprint, boolean selfSigned) {

    /** @return the description of a certificate */
    public static CertificateInfo of(X509Certificate c) {
        List<String> sans = new ArrayList<>();
        try {
            if (c.getSubjectAlternativeNames() != null) {
                c.getSubjectAlternativeNames().forEach(san -> sans.add(String.valueOf(san.get(1))));
            }
            String fp = HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
            return new CertificateInfo(c.getSubjectX500Principal().getName(), c.getIssuerX500Principal().getName(),
                    sans, c.getNotBefore().toInstant().toString(), c.getNotAfter().toInstant().toString(), fp,
                    c.getSubjectX500Principal().equals(c.getIssuerX500Principal()));
        } catch (CertificateParsingException | CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot describe the certificate: " + e.getMessage(), e);
        }
    }
}
