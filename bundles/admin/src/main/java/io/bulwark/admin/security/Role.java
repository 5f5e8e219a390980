package io.bulwark.admin.security;

import java.util.Locale;

/** The three roles of the admin plane. */
public enum Role {
    /** Everything, including users and policy. */
    ADMIN,
    /** Reads everything but users and the audit log; acts on calls and bans. */
    OPERATOR,
    /** Reads everything, including the audit log; changes nothing. */
    AUDITOR;

    /** Role names as used in {@code @RolesAllowed}. */
    public static final String ADMIN_NAME = "admin";
    /** See {@link #OPERATOR}. */
    public static final String OPERATOR_NAME = "operator";
    /** See {@link #AUDITOR}. */
    public static final String AUDITOR_NAME = "auditor";

    /** @return the lower-case name used in the API and the database */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param id a role name, any case
     * @return the role, or null when there is none of that name
     */
    public static Role parse(String id) {
        if (id == null) {
            return null;
        }
        for (Role r : values()) {
            if (r.id().equalsIgnoreCase(id.trim())) {
                return r;
            }
        }
        return null;
    }
}
