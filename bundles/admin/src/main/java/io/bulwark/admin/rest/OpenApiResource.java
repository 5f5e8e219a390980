package io.bulwark.admin.rest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.bulwark.admin.problem.ProblemException;
import java.io.IOException;
import java.io.InputStream;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/** The OpenAPI 3 description of this API, generated from the resources when the bundle is built. */
@Path("/openapi.json")
@Tag(name = "status")
public final class OpenApiResource {

    /** Where the build put the document inside the bundle. */
    static final String DOCUMENT = "/openapi/openapi.json";

    /** @return the document */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "This API's OpenAPI 3 document")
    public Response document() throws IOException {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw ProblemException.notFound("the OpenAPI document is missing from the bundle");
            }
            return Response.ok(in.readAllBytes(), MediaType.APPLICATION_JSON_TYPE).build();
        }
    }
}
