package io.bulwark.admin.rest;

import io.bulwark.admin.config.ComponentConfigView;
import io.bulwark.admin.config.ConfigCatalog;
import io.bulwark.admin.problem.ProblemException;
import io.bulwark.admin.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import javax.annotation.security.RolesAllowed;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

/** Configuration of every component, validated against its metatype. */
@Path("/config")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "config", description = "Component configuration, validated against the metatype")
public final class ConfigResource {

    private final ConfigCatalog catalog;

    /** @param catalog the configurable components */
    public ConfigResource(ConfigCatalog catalog) {
        this.catalog = catalog;
    }

    /** @param values new values by key, each a list of strings (one element for single values) */
    public record ConfigUpdate(Map<String, List<String>> values) {
    }

    /** @return the components */
    @GET
    @Operation(summary = "Every configurable component")
    public List<ComponentConfigView> list() {
        return catalog.list();
    }

    /** @return one component with its settings */
    @GET
    @Path("/{pid}")
    @Operation(summary = "One component's settings, their rules and current values")
    public ComponentConfigView get(@PathParam("pid") String pid) {
        return catalog.describe(pid);
    }

    /** @return the component after the change */
    @PUT
    @Path("/{pid}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Change settings; all are validated first and nothing changes if one is bad")
    public ComponentConfigView update(@Context SecurityContext sc, @PathParam("pid") String pid, ConfigUpdate body) {
        if (body == null) {
            throw ProblemException.invalid("values", "required", "give the settings to change");
        }
        return catalog.update(CallerSecurityContext.callerOf(sc), pid, body.values());
    }
}
