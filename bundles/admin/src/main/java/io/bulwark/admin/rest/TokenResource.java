package io.bulwark.admin.rest;

import io.bulwark.admin.security.AccountService;
import io.bulwark.api.store.ApiToken;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

/** The caller's API tokens, for scripts. */
@Path("/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "tokens", description = "Bearer tokens for scripts; a token has its owner's role")
public final class TokenResource {

    private final AccountService accounts;

    /** @param accounts the accounts */
    public TokenResource(AccountService accounts) {
        this.accounts = accounts;
    }

    /**
     * @param name what the token is for
     * @param validDays how long it works (default 90)
     */
    public record TokenRequest(String name, Integer validDays) {
    }

    /**
     * @param id the token id
     * @param name its name
     * @param createdAt when created
     * @param expiresAt when it stops working
     * @param token the secret, only in the creation response
     */
    public record TokenView(String id, String name, String createdAt, String expiresAt, String token) {
        static TokenView of(ApiToken t, String secret) {
            return new TokenView(t.id(), t.name(), t.createdAt().toString(), t.expiresAt().toString(), secret);
        }
    }

    /** @return the caller's tokens */
    @GET
    @Operation(summary = "List the caller's tokens (without secrets)")
    public List<TokenView> list(@Context SecurityContext sc) {
        return accounts.tokens(CallerSecurityContext.callerOf(sc)).stream().map(t -> TokenView.of(t, null)).toList();
    }

    /** @return 201 with the secret, shown only now */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a token; the secret is in this response only")
    public Response create(@Context SecurityContext sc, TokenRequest body) {
        TokenRequest b = body == null ? new TokenRequest(null, null) : body;
        Map.Entry<ApiToken, String> t = accounts.createToken(CallerSecurityContext.callerOf(sc), b.name(), b.validDays());
        return Response.status(201).entity(TokenView.of(t.getKey(), t.getValue())).build();
    }

    /** @return 204 */
    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke one of the caller's tokens")
    public Response delete(@Context SecurityContext sc, @PathParam("id") String id) {
        accounts.deleteToken(CallerSecurityContext.callerOf(sc), id);
        return Response.noContent().build();
    }
}
