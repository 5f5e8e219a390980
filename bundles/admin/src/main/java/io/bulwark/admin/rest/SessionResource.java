package io.bulwark.admin.rest;

import io.bulwark.admin.problem.ProblemException;
import io.bulwark.admin.security.AccountService;
import io.bulwark.admin.security.AdminSession;
import io.bulwark.admin.security.Caller;
import io.bulwark.admin.security.LoginResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import javax.annotation.security.PermitAll;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

/** Login, the current session, logout and the caller's own password. */
@Path("/session")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "session")
public final class SessionResource {

    private final AccountService accounts;

    @Context
    private HttpServletRequest http;

    /** @param accounts the accounts */
    public SessionResource(AccountService accounts) {
        this.accounts = accounts;
    }

    /**
     * @param username the account
     * @param password its password
     */
    public record LoginRequest(String username, String password) {
    }

    /**
     * @param username the account
     * @param role its role
     * @param csrfToken what to send in {@code X-CSRF-Token} on changes (null for bearer tokens)
     */
    public record SessionView(String username, String role, String csrfToken) {
    }

    /**
     * @param currentPassword the password now
     * @param newPassword the password to set
     */
    public record PasswordChange(String currentPassword, String newPassword) {
    }

    /** @return 200 with the session and its cookie */
    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Log in; sets the session cookie and returns the CSRF token")
    public Response login(LoginRequest body) {
        LoginRequest b = body == null ? new LoginRequest(null, null) : body;
        LoginResult r = accounts.login(b.username(), b.password(), http.getRemoteAddr());
        if (!r.ok()) {
            if (r.retryAfterSeconds() > 0) {
                throw ProblemException.tooManyAttempts("too many failed logins; try again in "
                        + r.retryAfterSeconds() + " s", r.retryAfterSeconds());
            }
            throw ProblemException.unauthenticated("wrong username or password");
        }
        AdminSession s = r.session();
        return Response.ok(new SessionView(s.username(), s.role().id(), s.csrfToken()))
                .header("Set-Cookie", AuthFilter.COOKIE + "=" + s.id() + "; Path=/; Secure; HttpOnly; SameSite=Strict")
                .build();
    }

    /** @return the caller */
    @GET
    @Operation(summary = "The logged-in user, role and CSRF token")
    public SessionView current(@Context SecurityContext sc) {
        Caller c = CallerSecurityContext.callerOf(sc);
        return new SessionView(c.username(), c.role().id(), c.session() == null ? null : c.session().csrfToken());
    }

    /** @return 204, cookie cleared */
    @DELETE
    @Operation(summary = "Log out")
    public Response logout(@Context SecurityContext sc) {
        accounts.logout(CallerSecurityContext.callerOf(sc));
        return Response.noContent().header("Set-Cookie",
                AuthFilter.COOKIE + "=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict").build();
    }

    /** @return 204; every session of the account ends */
    @PUT
    @Path("/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change the caller's own password (ends all its sessions)")
    public Response changePassword(@Context SecurityContext sc, PasswordChange body) {
        PasswordChange b = body == null ? new PasswordChange(null, null) : body;
        accounts.changeOwnPassword(CallerSecurityContext.callerOf(sc), b.currentPassword(), b.newPassword());
        return Response.noContent().build();
    }
}
