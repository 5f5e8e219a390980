package io.bulwark.admin.rest;

import io.bulwark.admin.config.ConfigCatalog;
import io.bulwark.admin.metrics.CallRateSampler;
import io.bulwark.api.sip.DialogRegistry;
import io.bulwark.api.transport.SipTransport;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/** Health at a glance: bundles, listeners, calls now, the call rate. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "status", description = "Health of the appliance")
public final class StatusResource {

    private final BundleContext context;
    private final RuntimeView runtime;
    private final CallRateSampler callRate;
    private final Instant startedAt;
    private final int intervalSeconds;

    /**
     * @param context for the bundle list
     * @param runtime the other bundles' services
     * @param callRate the sampled call rate
     * @param startedAt when the admin plane started
     * @param intervalSeconds the sampling interval
     */
    public StatusResource(BundleContext context, RuntimeView runtime, CallRateSampler callRate, Instant startedAt,
            int intervalSeconds) {
        this.context = context;
        this.runtime = runtime;
        this.callRate = callRate;
        this.startedAt = startedAt;
        this.intervalSeconds = intervalSeconds;
    }

    /**
     * @param id bundle id
     * @param symbolicName symbolic name
     * @param name human name
     * @param version version
     * @param state INSTALLED, RESOLVED, STARTING, STOPPING, ACTIVE or UNINSTALLED
     * @param bulwark whether it is one of Bulwark's
     */
    public record BundleView(long id, String symbolicName, String name, String version, String state, boolean bulwark) {
    }

    /**
     * @param zone outside or inside
     * @param protocol UDP, TCP or TLS
     * @param address bound address
     * @param port bound port
     * @param connections open connections
     */
    public record ListenerView(String zone, String protocol, String address, int port, int connections) {
    }

    /**
     * @param version the appliance version
     * @param startedAt when the admin plane started
     * @param health OK or DEGRADED
     * @param activeCalls calls up now (-1 when the proxy is not running)
     * @param bundles Bulwark's bundles
     * @param listeners bound SIP listeners
     */
    public record StatusView(String version, String startedAt, String health, int activeCalls,
            List<BundleView> bundles, List<ListenerView> listeners) {
    }

    /**
     * @param intervalSeconds seconds per point
     * @param points oldest first
     */
    public record CallRateView(int intervalSeconds, List<CallRateSampler.Point> points) {
    }

    /** @return the status */
    @GET
    @Path("status")
    @Operation(summary = "Health, Bulwark bundles, SIP listeners and calls now")
    public StatusView status() {
        List<BundleView> bundles = bundles(true);
        List<ListenerView> listeners = listeners();
        boolean healthy = !listeners.isEmpty() && bundles.stream().allMatch(b -> "ACTIVE".equals(b.state()))
                && runtime.dialogs() != null;
        DialogRegistry d = runtime.dialogs();
        return new StatusView(context.getBundle().getVersion().toString(), startedAt.toString(),
                healthy ? "OK" : "DEGRADED", d == null ? -1 : d.activeCount(), bundles, listeners);
    }

    /** @return every bundle */
    @GET
    @Path("bundles")
    @Operation(summary = "Every bundle of the runtime with its version and state")
    public List<BundleView> allBundles() {
        return bundles(false);
    }

    /** @return the call rate */
    @GET
    @Path("metrics/calls")
    @Operation(summary = "Calls started per interval and calls up, over the last hour")
    public CallRateView callRate() {
        return new CallRateView(intervalSeconds, callRate.points());
    }

    private List<BundleView> bundles(boolean onlyBulwark) {
        List<BundleView> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            String bsn = b.getSymbolicName() == null ? "" : b.getSymbolicName();
            boolean ours = bsn.startsWith(ConfigCatalog.BULWARK_PREFIX);
            if (onlyBulwark && !ours) {
                continue;
            }
            String name = b.getHeaders("").get("Bundle-Name");
            out.add(new BundleView(b.getBundleId(), bsn, name == null ? bsn : name, b.getVersion().toString(),
                    state(b.getState()), ours));
        }
        return out;
    }

    private List<ListenerView> listeners() {
        SipTransport t = runtime.transport();
        if (t == null) {
            return List.of();
        }
        List<ListenerView> out = new ArrayList<>();
        for (SipTransport.ListenerInfo l : t.listeners()) {
            InetSocketAddress a = l.address();
            out.add(new ListenerView(l.zone().name().toLowerCase(Locale.ROOT), l.protocol().name(),
                    a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress(), a.getPort(),
                    l.connections()));
        }
        return out;
    }

    private static String state(int s) {
        return switch (s) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            default -> "UNINSTALLED";
        };
    }
}
