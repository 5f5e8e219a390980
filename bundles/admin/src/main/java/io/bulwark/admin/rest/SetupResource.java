package io.bulwark.admin.rest;

import io.bulwark.admin.security.AccountService;
import io.bulwark.api.store.AdminAccount;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import javax.annotation.security.PermitAll;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/** First start: the one-time setup token creates the first admin. */
@Path("/setup")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "session", description = "First-start setup, login and logout")
public final class SetupResource {

    private final AccountService accounts;

    @Context
    private HttpServletRequest http;

    /** @param accounts the accounts */
    public SetupResource(AccountService accounts) {
        this.accounts = accounts;
    }

    /**
     * The body of a setup request.
     *
     * @param token the token printed at first start
     * @param username the first admin's name
     * @param password the first admin's password
     */
    public record SetupRequest(String token, String username, String password) {
    }

    /** @return whether setup is still needed */
    @GET
    @PermitAll
    @Operation(summary = "Whether the first admin still has to be created")
    public Map<String, Boolean> required() {
        return Map.of("required", accounts.setupRequired());
    }

    /** @return 201 with the new admin */
    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create the first admin with the one-time setup token")
    public Response setup(SetupRequest body) {
        SetupRequest b = body == null ? new SetupRequest(null, null, null) : body;
        AdminAccount a = accounts.setup(b.token(), b.username(), b.password(), http.getRemoteAddr());
        return Response.status(201).entity(Map.of("username", a.username(), "role", a.role())).build();
    }
}
