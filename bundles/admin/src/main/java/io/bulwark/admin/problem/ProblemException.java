package io.bulwark.admin.problem;

import java.util.List;

/** Ends a request with a problem+json response. */
public final class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final String BASE = "https://bulwark.io/problems/";

    private final transient Problem problem;
    private final long retryAfterSeconds;

    private ProblemException(Problem problem, long retryAfterSeconds) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** @return the body */
    public Problem problem() {
        return problem;
    }

    /** @return seconds for a Retry-After header, or 0 */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** @return 400 with one entry per invalid field */
    public static ProblemException validation(String detail, List<FieldError> errors) {
        return new ProblemException(new Problem(BASE + "validation", "Invalid input", 400, detail,
                List.copyOf(errors)), 0);
    }

    /** @return 400 for one invalid field */
    public static ProblemException invalid(String field, String rule, String message) {
        return validation(field + ": " + message, List.of(new FieldError(field, rule, message)));
    }

    /** @return 401 */
    public static ProblemException unauthenticated(String detail) {
        return of(401, "unauthenticated", "Authentication required", detail);
    }

    /** @return 403 */
    public static ProblemException forbidden(String detail) {
        return of(403, "forbidden", "Not allowed", detail);
    }

    /** @return 404 */
    public static ProblemException notFound(String detail) {
        return of(404, "not-found", "Not found", detail);
    }

    /** @return 409 */
    public static ProblemException conflict(String detail) {
        return of(409, "conflict", "Conflict", detail);
    }

    /** @return 429 with Retry-After */
    public static ProblemException tooManyAttempts(String detail, long retryAfterSeconds) {
        return new ProblemException(new Problem(BASE + "too-many-attempts", "Too many attempts", 429,
                detail, null), retryAfterSeconds);
    }

    /** @return 503 */
    public static ProblemException unavailable(String detail) {
        return of(503, "unavailable", "Service unavailable", detail);
    }

    /** @return a problem of any status */
    public static ProblemException of(int status, String type, String title, String detail) {
        return new ProblemException(new Problem(BASE + type, title, status, detail, null), 0);
    }
}
