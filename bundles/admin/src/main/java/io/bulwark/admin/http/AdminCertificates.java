package io.bulwark.admin.http;

/** The certificate of the admin plane: shown to staff, and replaced by an uploaded one. */
public interface AdminCertificates {

    /** @return the certificate the admin plane presents now */
    CertificateInfo current();

    /**
     * Replaces the certificate; the HTTPS listener restarts with it a moment later.
     *
     * @param certificatePem the certificate chain, PEM, server certificate first
     * @param privateKeyPem its private key, PEM (PKCS#8, or traditional EC/RSA)
     * @return the new certificate
     * @throws io.bulwark.admin.problem.ProblemException 400 naming the field when the PEM does not
     *     parse, the key does not match the certificate, or the certificate is not valid now
     */
    CertificateInfo install(String certificatePem, String privateKeyPem);
}
