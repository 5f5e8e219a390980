package io.bulwark.admin.rest;

import io.bulwark.admin.audit.Auditor;
import io.bulwark.admin.problem.ProblemException;
import io.bulwark.admin.security.Caller;
import io.bulwark.admin.security.Role;
import io.bulwark.api.decision.AllowListEntry;
import io.bulwark.api.decision.Ban;
import io.bulwark.api.decision.BanEnforcer;
import io.bulwark.api.decision.BanOrigin;
import io.bulwark.api.decision.BanRefusedException;
import io.bulwark.api.decision.DecisionStore;
import io.bulwark.api.decision.EnforcementHealth;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.security.RolesAllowed;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

/**
 * Bans and the allow-list, from the DoS bundle's decision store, and the health of kernel
 * enforcement. Operators may ban and unban; only admins change the allow-list (it is policy).
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "bans", description = "Who is banned, who is never banned, and whether the kernel enforces it")
public final class BanResource {

    private static final long MAX_TTL_SECONDS = 366L * 24 * 3600;
    private static final int MAX_TEXT = 200;

    private final RuntimeView runtime;
    private final Auditor auditor;

    /**
     * @param runtime the other bundles' services
     * @param auditor where changes are recorded
     */
    public BanResource(RuntimeView runtime, Auditor auditor) {
        this.runtime = runtime;
        this.auditor = auditor;
    }

    /**
     * @param scope the address or CIDR block
     * @param origin DETECTOR, ADMIN or CLOUD
     * @param originName which detector, admin or cloud source
     * @param reason why
     * @param createdAt when it began
     * @param expiresAt when it ends
     * @param offenceCount repeat offences counted (escalation)
     */
    public record BanView(String scope, String origin, String originName, String reason, String createdAt,
            String expiresAt, int offenceCount) {
        static BanView of(Ban b) {
            return new BanView(b.cidr(), b.origin().name(), b.originName(), b.reason(), b.createdAt().toString(),
                    b.expiresAt().toString(), b.offenceCount());
        }
    }

    /**
     * @param scope address or CIDR block to ban
     * @param ttlSeconds how long
     * @param reason why (shown to other staff)
     */
    public record NewBan(String scope, Long ttlSeconds, String reason) {
    }

    /**
     * @param scope address or CIDR block
     * @param label what it is (trunk provider, PBX, branch office)
     * @param ratePerSecond its own rate limit in packets/s, or 0 for the default of allow-listed sources
     * @param addedBy who added it
     * @param addedAt when
     */
    public record AllowView(String scope, String label, int ratePerSecond, String addedBy, String addedAt) {
        static AllowView of(AllowListEntry a) {
            return new AllowView(a.scope().toString(), a.label(), a.ratePerSecond(), a.addedBy(), a.addedAt().toString());
        }
    }

    /**
     * @param scope address or CIDR block
     * @param label what it is
     * @param ratePerSecond its rate limit, or 0 for the default
     */
    public record NewAllow(String scope, String label, Integer ratePerSecond) {
    }

    /** @return active bans, newest first */
    @GET
    @Path("bans")
    @Operation(summary = "Active bans with their reason, origin and expiry, newest first")
    public List<BanView> bans() {
        return store().bans().stream().sorted(Comparator.comparing(Ban::createdAt).reversed()).map(BanView::of).toList();
    }

    /** @return 201 with the ban */
    @POST
    @Path("bans")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.ADMIN_NAME, Role.OPERATOR_NAME})
    @Operation(summary = "Ban an address or prefix by hand (refused for allow-listed scopes)")
    public Response ban(@Context SecurityContext sc, NewBan body) {
        NewBan b = body == null ? new NewBan(null, null, null) : body;
        String scope = requireScope(b.scope());
        long ttl = b.ttlSeconds() == null ? 3600 : b.ttlSeconds();
        if (ttl < 1 || ttl > MAX_TTL_SECONDS) {
            throw ProblemException.invalid("ttlSeconds", ttl < 1 ? "min" : "max", "must be 1 to " + MAX_TTL_SECONDS);
        }
        String reason = text("reason", b.reason(), "banned by hand");
        Caller caller = CallerSecurityContext.callerOf(sc);
        Ban ban;
        try {
            ban = store().ban(scope, Duration.ofSeconds(ttl), BanOrigin.ADMIN, caller.username(), reason);
        } catch (BanRefusedException e) {
            throw ProblemException.conflict(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("scope", "pattern", e.getMessage());
        }
        auditor.record(caller.username(), "ban.add", ban.cidr(), null,
                Map.of("expiresAt", ban.expiresAt().toString(), "reason", reason), caller.source());
        return Response.status(201).entity(BanView.of(ban)).build();
    }

    /** @return 204, or 404 when that scope is not banned */
    @DELETE
    @Path("bans")
    @RolesAllowed({Role.ADMIN_NAME, Role.OPERATOR_NAME})
    @Operation(summary = "Lift a ban (user space at once, the kernel set within milliseconds)")
    public Response unban(@Context SecurityContext sc, @QueryParam("scope") String scope) {
        String s = requireScope(scope);
        Caller caller = CallerSecurityContext.callerOf(sc);
        Ban before = store().bans().stream().filter(b -> b.cidr().equals(normalized(s))).findFirst().orElse(null);
        boolean removed;
        try {
            removed = store().unban(s, caller.username());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("scope", "pattern", e.getMessage());
        }
        if (!removed) {
            throw ProblemException.notFound(s + " is not banned");
        }
        Map<String, Object> old = new LinkedHashMap<>();
        if (before != null) {
            old.put("origin", before.origin().name() + ":" + before.originName());
            old.put("reason", before.reason());
            old.put("expiresAt", before.expiresAt().toString());
        }
        auditor.record(caller.username(), "ban.remove", s, old, null, caller.source());
        return Response.noContent().build();
    }

    /** @return the allow-list */
    @GET
    @Path("allow-list")
    @Operation(summary = "Sources never banned, only rate-limited (trunks, the PBX, branch sites)")
    public List<AllowView> allowList() {
        return store().allowList().stream().map(AllowView::of).toList();
    }

    /** @return 201 with the entry */
    @POST
    @Path("allow-list")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Allow-list an address or prefix (lifts bans it overlaps)")
    public Response allow(@Context SecurityContext sc, NewAllow body) {
        NewAllow b = body == null ? new NewAllow(null, null, null) : body;
        String scope = requireScope(b.scope());
        String label = text("label", b.label(), null);
        int rate = b.ratePerSecond() == null ? 0 : b.ratePerSecond();
        if (rate < 0 || rate > 10_000_000) {
            throw ProblemException.invalid("ratePerSecond", rate < 0 ? "min" : "max", "must be 0 (default) to 10000000");
        }
        Caller caller = CallerSecurityContext.callerOf(sc);
        AllowListEntry e;
        try {
            e = store().allow(scope, label, rate, caller.username());
        } catch (IllegalArgumentException ex) {
            throw ProblemException.invalid("scope", "pattern", ex.getMessage());
        }
        auditor.record(caller.username(), "allow.add", e.scope().toString(), null,
                Map.of("label", label, "ratePerSecond", rate), caller.source());
        return Response.status(201).entity(AllowView.of(e)).build();
    }

    /** @return 204, or 404 */
    @DELETE
    @Path("allow-list")
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Remove an allow-list entry")
    public Response disallow(@Context SecurityContext sc, @QueryParam("scope") String scope) {
        String s = requireScope(scope);
        Caller caller = CallerSecurityContext.callerOf(sc);
        boolean removed;
        try {
            removed = store().removeAllowed(s, caller.username());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("scope", "pattern", e.getMessage());
        }
        if (!removed) {
            throw ProblemException.notFound(s + " is not on the allow-list");
        }
        auditor.record(caller.username(), "allow.remove", s, null, null, caller.source());
        return Response.noContent().build();
    }

    /**
     * @param state STARTING, ENFORCING or DEGRADED
     * @param mechanism what enforces (nftables table)
     * @param detail what is going on, for people
     * @param since when the state began
     * @param lastSync the last time the kernel was in step, or null
     * @param kernelElements elements in the kernel sets
     */
    public record EnforcementView(String state, String mechanism, String detail, String since, String lastSync,
            int kernelElements) {
    }

    /** @return how bans are enforced */
    @GET
    @Path("enforcement")
    @Operation(summary = "Whether the kernel (nftables) enforces bans, or only user space")
    public EnforcementView enforcement() {
        BanEnforcer e = runtime.enforcer();
        if (e == null) {
            throw ProblemException.unavailable("no kernel enforcer is running; banned sources are dropped in user space");
        }
        EnforcementHealth h = e.enforcementHealth();
        return new EnforcementView(h.state().name(), h.mechanism(), h.detail(), String.valueOf(h.since()),
                h.lastSync() == null ? null : h.lastSync().toString(), h.kernelElements());
    }

    /**
     * @param admitted packets, connections and requests let in
     * @param dropped drops by reason
     */
    public record AdmissionView(long admitted, Map<String, Long> dropped) {
    }

    /** @return the admission gate's counters */
    @GET
    @Path("admission")
    @Operation(summary = "Packets let in and dropped by the admission gate, by reason, since it started")
    public AdmissionView admission() {
        io.bulwark.api.decision.AdmissionStatistics a = runtime.admission();
        if (a == null) {
            throw ProblemException.unavailable("no admission gate is running");
        }
        return new AdmissionView(a.admitted(), a.droppedByReason());
    }

    private DecisionStore store() {
        DecisionStore s = runtime.decisions();
        if (s == null) {
            throw ProblemException.unavailable("the DoS mitigation bundle is not running");
        }
        return s;
    }

    private static String requireScope(String scope) {
        if (scope == null || scope.isBlank() || scope.length() > 64) {
            throw ProblemException.invalid("scope", "required", "an IPv4 or IPv6 address or CIDR block, e.g. 203.0.113.7"
                    + " or 198.51.100.0/24");
        }
        return scope.trim();
    }

    private static String normalized(String scope) {
        try {
            return io.bulwark.api.decision.AddressBlock.parse(scope).toString();
        } catch (IllegalArgumentException e) {
            return scope;
        }
    }

    private static String text(String field, String value, String fallback) {
        if (value == null || value.isBlank()) {
            if (fallback == null) {
                throw ProblemException.invalid(field, "required", "say what it is, 1 to " + MAX_TEXT + " characters");
            }
            return fallback;
        }
        if (value.length() > MAX_TEXT || value.chars().anyMatch(c -> c < 0x20)) {
            throw ProblemException.invalid(field, "length", "1 to " + MAX_TEXT + " printable characters");
        }
        return value.trim();
    }
}
