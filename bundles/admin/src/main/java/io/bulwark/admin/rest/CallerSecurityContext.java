package io.bulwark.admin.rest;

import io.bulwark.admin.security.Caller;
import java.security.Principal;
import javax.ws.rs.core.SecurityContext;

/** Carries the authenticated {@link Caller} from the filter to the resources. */
final class CallerSecurityContext implements SecurityContext {

    private final CallerPrincipal principal;

    CallerSecurityContext(Caller caller) {
        this.principal = new CallerPrincipal(caller);
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public boolean isUserInRole(String role) {
        return principal.caller().role().id().equals(role);
    }

    @Override
    public boolean isSecure() {
        return true;
    }

    @Override
    public String getAuthenticationScheme() {
        return principal.caller().session() == null ? "Bearer" : "Session";
    }

    /** The principal, holding the caller. */
    record CallerPrincipal(Caller caller) implements Principal {
        @Override
        public String getName() {
            return caller.username();
        }
    }

    /**
     * @param sc the request's security context
     * @return the caller the filter put there
     */
    static Caller callerOf(SecurityContext sc) {
        if (sc != null && sc.getUserPrincipal() instanceof CallerPrincipal p) {
            return p.caller();
        }
        throw new IllegalStateException("no authenticated caller: the auth filter did not run");
    }
}
