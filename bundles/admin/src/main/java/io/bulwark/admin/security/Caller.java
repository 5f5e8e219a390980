package io.bulwark.admin.security;

/**
 * Who makes a request, once authenticated.
 *
 * @param username the account
 * @param role its role
 * @param source the client address
 * @param session the session, or null when a bearer token was presented
 */
public record Caller(String username, Role role, String source, AdminSession session) {

    /** @return true when the caller may do everything */
    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
