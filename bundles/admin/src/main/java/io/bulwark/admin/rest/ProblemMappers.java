package io.bulwark.admin.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.bulwark.admin.problem.FieldError;
import io.bulwark.admin.problem.Problem;
import io.bulwark.admin.problem.ProblemException;
import java.util.List;
import java.util.stream.Collectors;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns every failure into a problem+json response, so clients see one error shape. */
final class ProblemMappers {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemMappers.class);

    private ProblemMappers() {
    }

    static Response response(Problem p, long retryAfter) {
        Response.ResponseBuilder b = Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p);
        if (retryAfter > 0) {
            b.header("Retry-After", retryAfter);
        }
        return b.build();
    }

    /** Our own problems. */
    static final class OfProblem implements ExceptionMapper<ProblemException> {
        @Override
        public Response toResponse(ProblemException e) {
            return response(e.problem(), e.retryAfterSeconds());
        }
    }

    /** JAX-RS errors (404, 405, 415, unreadable bodies...). */
    static final class OfWebApplication implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            Throwable cause = e.getCause();
            if (cause instanceof JsonProcessingException jpe) {
                return OfJson.problem(jpe);
            }
            int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
            String reason = Response.Status.fromStatusCode(status) == null ? "Error"
                    : Response.Status.fromStatusCode(status).getReasonPhrase();
            String detail = status == 400 ? "the request body or parameters could not be read"
                    : status == 404 ? "no such resource" : reason;
            return response(ProblemException.of(status, "http-" + status, reason, detail).problem(), 0);
        }
    }

    /** Bodies that are not the JSON the endpoint expects. */
    static final class OfJson implements ExceptionMapper<JsonProcessingException> {
        @Override
        public Response toResponse(JsonProcessingException e) {
            if (e instanceof com.fasterxml.jackson.databind.exc.InvalidDefinitionException) {
                // a type the API cannot serialize: our bug, not the client's
                LOG.error("Admin API could not map a value to JSON", e);
                return response(ProblemException.of(500, "internal", "Internal error",
                        "the response could not be written; see the log").problem(), 0);
            }
            return problem(e);
        }

        static Response problem(JsonProcessingException e) {
            String field = "body";
            String rule = "type";
            if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
                field = jme.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                        : String.valueOf(r.getIndex())).collect(Collectors.joining("."));
            }
            if (e instanceof UnrecognizedPropertyException) {
                rule = "unknown";
            }
            String message = e instanceof UnrecognizedPropertyException ? "unknown field"
                    : "malformed JSON or wrong type: " + e.getOriginalMessage();
            return response(ProblemException.validation("the request body is invalid at " + field,
                    List.of(new FieldError(field, rule, message))).problem(), 0);
        }
    }

    /** Anything else: a 500 that says nothing about the inside, and a log line that does. */
    static final class OfAnything implements ExceptionMapper<RuntimeException> {
        @Override
        public Response toResponse(RuntimeException e) {
            if (e instanceof WebApplicationException wae) {
                return new OfWebApplication().toResponse(wae);
            }
            if (e instanceof ProblemException pe) {
                return new OfProblem().toResponse(pe);
            }
            if (e instanceof IllegalArgumentException) {
                return response(ProblemException.invalid("request", "value", e.getMessage()).problem(), 0);
            }
            LOG.error("Admin API request failed", e);
            return response(ProblemException.of(500, "internal", "Internal error",
                    "the request failed inside the appliance; see the log").problem(), 0);
        }
    }
}
