package io.bulwark.admin.rest;

import io.bulwark.admin.problem.ProblemException;
import io.bulwark.admin.security.AccountService;
import io.bulwark.admin.security.AdminSession;
import io.bulwark.admin.security.Caller;
import io.bulwark.admin.security.Secrets;
import io.bulwark.admin.security.SessionRegistry;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import javax.annotation.Priority;
import javax.annotation.security.PermitAll;
import javax.annotation.security.RolesAllowed;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Cookie;
import javax.ws.rs.core.HttpHeaders;

/**
 * Authenticates every request and enforces roles and CSRF.
 *
 * <ul>
 * <li>{@code @PermitAll} methods (setup, login) need nobody; everything else needs a session
 * cookie or a bearer token, else 401.</li>
 * <li>With a session cookie, every unsafe method needs {@code X-CSRF-Token} equal to the
 * session's token, else 403. SameSite=Strict already keeps other sites' requests from
 * carrying the cookie; the token also stops a same-site page that is not ours.</li>
 * <li>{@code @RolesAllowed} on the method, else on the class, names the roles; without it any
 * authenticated caller may read.</li>
 * </ul>
 */
@Priority(Priorities.AUTHENTICATION)
public final class AuthFilter implements ContainerRequestFilter {

    /** The session cookie. */
    public static final String COOKIE = "BULWARK_SESSION";
    /** The CSRF header. */
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final AccountService accounts;
    private final SessionRegistry sessions;

    @Context
    private ResourceInfo resourceInfo;
    @Context
    private HttpServletRequest servletRequest;

    /**
     * @param accounts resolves tokens and sessions to callers
     * @param sessions live sessions
     */
    public AuthFilter(AccountService accounts, SessionRegistry sessions) {
        this.accounts = accounts;
        this.sessions = sessions;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Method method = resourceInfo == null ? null : resourceInfo.getResourceMethod();
        if (method != null && (method.isAnnotationPresent(PermitAll.class)
                || method.getDeclaringClass().isAnnotationPresent(PermitAll.class))) {
            return;
        }
        String source = servletRequest == null ? "unknown" : servletRequest.getRemoteAddr();
        Caller caller = authenticate(request, source);
        if (caller.session() != null && !SAFE_METHODS.contains(request.getMethod())
                && !Secrets.constantTimeEquals(caller.session().csrfToken(), request.getHeaderString(CSRF_HEADER))) {
            throw ProblemException.forbidden("missing or wrong " + CSRF_HEADER + " header");
        }
        String[] roles = roles(method);
        if (roles != null && Arrays.stream(roles).noneMatch(r -> r.equals(caller.role().id()))) {
            throw ProblemException.forbidden("the " + caller.role().id() + " role may not "
                    + request.getMethod() + " " + request.getUriInfo().getPath());
        }
        request.setSecurityContext(new CallerSecurityContext(caller));
    }

    private Caller authenticate(ContainerRequestContext request, String source) {
        String auth = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (auth != null) {
            if (!auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw ProblemException.unauthenticated("only Bearer tokens are accepted in Authorization");
            }
            return accounts.authenticateToken(auth.substring(7), source)
                    .orElseThrow(() -> ProblemException.unauthenticated("the bearer token is unknown or expired"));
        }
        Cookie cookie = request.getCookies().get(COOKIE);
        Optional<AdminSession> session = cookie == null ? Optional.empty() : sessions.find(cookie.getValue());
        if (session.isEmpty()) {
            throw ProblemException.unauthenticated("log in first (no valid session or bearer token)");
        }
        return accounts.callerOf(session.get(), source)
                .orElseThrow(() -> ProblemException.unauthenticated("the account of this session is gone"));
    }

    private static String[] roles(Method method) {
        if (method == null) {
            return null;
        }
        RolesAllowed r = method.getAnnotation(RolesAllowed.class);
        if (r == null) {
            r = method.getDeclaringClass().getAnnotation(RolesAllowed.class);
        }
        return r == null ? null : r.value();
    }
}
