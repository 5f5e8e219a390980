package io.bulwark.admin.rest;

import io.bulwark.admin.problem.ProblemException;
import io.bulwark.admin.security.Role;
import io.bulwark.api.store.AuditEntry;
import io.bulwark.api.store.AuditLog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import javax.annotation.security.RolesAllowed;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

/** The audit log (admins and auditors). */
@Path("/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.ADMIN_NAME, Role.AUDITOR_NAME})
@Tag(name = "audit", description = "Who changed what, when (admin and auditor)")
public final class AuditResource {

    private final AuditLog log;

    /** @param log the audit log */
    public AuditResource(AuditLog log) {
        this.log = log;
    }

    /**
     * @param id sequence number
     * @param time when
     * @param actor who
     * @param action what
     * @param target on what
     * @param oldValue before, JSON
     * @param newValue after, JSON
     * @param source client address
     */
    public record AuditView(long id, String time, String actor, String action, String target, String oldValue,
            String newValue, String source) {
    }

    /**
     * @param items newest first
     * @param nextCursor pass as {@code before} for older entries, or null
     */
    public record AuditPage(List<AuditView> items, String nextCursor) {
    }

    /** @return one page, newest first */
    @GET
    @Operation(summary = "Audit entries, newest first")
    public AuditPage page(@QueryParam("limit") @DefaultValue("100") String limit, @QueryParam("before") String before) {
        int n;
        long beforeId;
        try {
            n = Integer.parseInt(limit.trim());
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > 500) {
            throw ProblemException.invalid("limit", "range", "must be a whole number from 1 to 500");
        }
        try {
            beforeId = before == null || before.isBlank() ? 0 : Long.parseLong(before.trim());
        } catch (NumberFormatException e) {
            beforeId = -1;
        }
        if (beforeId < 0) {
            throw ProblemException.invalid("before", "pattern", "not a cursor this API returned");
        }
        List<AuditEntry> entries = log.page(beforeId, n + 1);
        List<AuditView> items = entries.stream().limit(n).map(e -> new AuditView(e.id(), e.time().toString(),
                e.actor(), e.action(), e.target(), e.oldValue(), e.newValue(), e.source())).toList();
        String next = entries.size() > n ? String.valueOf(items.get(n - 1).id()) : null;
        return new AuditPage(items, next);
    }
}
