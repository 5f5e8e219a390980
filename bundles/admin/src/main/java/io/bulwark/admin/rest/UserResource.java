package io.bulwark.admin.rest;

import io.bulwark.admin.security.AccountService;
import io.bulwark.admin.security.Role;
import io.bulwark.api.store.AdminAccount;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import javax.annotation.security.RolesAllowed;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

/** Users and roles (admins only). */
@Path("/users")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
@Tag(name = "users", description = "Accounts and roles (admin only)")
public final class UserResource {

    private final AccountService accounts;

    /** @param accounts the accounts */
    public UserResource(AccountService accounts) {
        this.accounts = accounts;
    }

    /**
     * @param username login name
     * @param role admin, operator or auditor
     * @param createdAt when created
     * @param lastLoginAt last login, or null
     * @param lockedUntil end of a lockout, or null
     */
    public record UserView(String username, String role, String createdAt, String lastLoginAt, String lockedUntil) {
        static UserView of(AdminAccount a) {
            return new UserView(a.username(), a.role(), str(a.createdAt()), str(a.lastLoginAt()), str(a.lockedUntil()));
        }
    }

    /**
     * @param username login name
     * @param password password
     * @param role role
     */
    public record NewUser(String username, String password, String role) {
    }

    /**
     * @param role a new role, or null
     * @param password a new password, or null
     * @param unlock true to lift a lockout
     */
    public record UserChange(String role, String password, Boolean unlock) {
    }

    /** @return every user */
    @GET
    @Operation(summary = "Every account")
    public List<UserView> list() {
        return accounts.users().stream().map(UserView::of).toList();
    }

    /** @return 201 with the user */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an account")
    public Response create(@Context SecurityContext sc, NewUser body) {
        NewUser b = body == null ? new NewUser(null, null, null) : body;
        AdminAccount a = accounts.createUser(CallerSecurityContext.callerOf(sc), b.username(), b.password(), b.role());
        return Response.status(201).entity(UserView.of(a)).build();
    }

    /** @return the user after the change */
    @PUT
    @Path("/{username}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change role or password, or unlock")
    public UserView update(@Context SecurityContext sc, @PathParam("username") String username, UserChange body) {
        UserChange b = body == null ? new UserChange(null, null, null) : body;
        return UserView.of(accounts.updateUser(CallerSecurityContext.callerOf(sc), username, b.role(), b.password(),
                b.unlock()));
    }

    /** @return 204 */
    @DELETE
    @Path("/{username}")
    @Operation(summary = "Delete an account with its tokens and sessions")
    public Response delete(@Context SecurityContext sc, @PathParam("username") String username) {
        accounts.deleteUser(CallerSecurityContext.callerOf(sc), username);
        return Response.noContent().build();
    }

    private static String str(Instant i) {
        return i == null ? null : i.toString();
    }
}
