package io.bulwark.admin.rest;

import io.bulwark.admin.audit.Auditor;
import io.bulwark.admin.http.AdminCertificates;
import io.bulwark.admin.http.CertificateInfo;
import io.bulwark.admin.problem.ProblemException;
import io.bulwark.admin.security.Caller;
import io.bulwark.admin.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import javax.annotation.security.RolesAllowed;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

/** The HTTPS certificate of the admin plane: generated on first start, or uploaded here. */
@Path("/admin-certificate")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "config")
public final class CertificateResource {

    private final AdminCertificates certificates;
    private final Auditor auditor;

    /**
     * @param certificates the admin plane's certificate
     * @param auditor where the change is recorded
     */
    public CertificateResource(AdminCertificates certificates, Auditor auditor) {
        this.certificates = certificates;
        this.auditor = auditor;
    }

    /**
     * @param certificatePem the chain, PEM, server certificate first
     * @param privateKeyPem its unencrypted private key, PEM
     */
    public record CertificateUpload(String certificatePem, String privateKeyPem) {
    }

    /** @return the current certificate */
    @GET
    @Operation(summary = "The certificate the admin plane presents, with its SHA-256 fingerprint")
    public CertificateInfo current() {
        return certificates.current();
    }

    /** @return the new certificate; the HTTPS listener restarts with it within a second */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Replace the certificate with an uploaded chain and key (checked before use)")
    public CertificateInfo install(@Context SecurityContext sc, CertificateUpload body) {
        if (body == null) {
            throw ProblemException.invalid("certificatePem", "required", "give the certificate and its key");
        }
        Caller caller = CallerSecurityContext.callerOf(sc);
        CertificateInfo before = certificates.current();
        CertificateInfo after = certificates.install(body.certificatePem(), body.privateKeyPem());
        auditor.record(caller.username(), "certificate.install", "admin-https",
                Map.of("subject", before.subject(), "sha256", before.sha256Fingerprint()),
                Map.of("subject", after.subject(), "sha256", after.sha256Fingerprint(), "notAfter", after.notAfter()),
                caller.source());
        return after;
    }
}
