package io.bulwark.admin.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.jaxrs.json.JacksonJsonProvider;
import io.bulwark.admin.audit.Auditor;
import io.bulwark.admin.config.ConfigCatalog;
import io.bulwark.admin.events.EventHistory;
import io.bulwark.admin.http.AdminCertificates;
import io.bulwark.admin.metrics.CallRateSampler;
import io.bulwark.admin.security.AccountPolicy;
import io.bulwark.admin.security.AccountService;
import io.bulwark.admin.security.LoginThrottle;
import io.bulwark.admin.security.PasswordHasher;
import io.bulwark.admin.security.SessionRegistry;
import io.bulwark.admin.security.SetupToken;
import io.bulwark.api.decision.BanEnforcer;
import io.bulwark.api.decision.DecisionStore;
import io.bulwark.api.sip.DialogRegistry;
import io.bulwark.api.store.AdminAccountStore;
import io.bulwark.api.store.AuditLog;
import io.bulwark.api.store.CallRecordStore;
import io.bulwark.api.store.SecurityEventStore;
import io.bulwark.api.transport.SipTransport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the admin REST API ({@code /api/v1}) on CXF's servlet transport, which runs on the
 * HTTPS-only web server that {@link io.bulwark.admin.http.AdminHttpsComponent} configures.
 *
 * <p>On a first start (no account yet) it prints the one-time setup token to the console and
 * the log. The services of other bundles are optional and dynamic: the API stays up while the
 * proxy or the store is being updated, and answers 503 for what is missing.
 */
@Component(immediate = true, configurationPid = AdminApiComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AdminApiComponent.Config.class)
public final class AdminApiComponent {

    /** The configuration PID. */
    public static final String PID = "io.bulwark.admin";
    /** Where the API is published, relative to CXF's servlet ({@code /api}). */
    static final String ADDRESS = "/v1";
    private static final int SAMPLE_SECONDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(AdminApiComponent.class);

    /** Settings of the admin API (PID {@value AdminApiComponent#PID}). */
    @ObjectClassDefinition(name = "Bulwark admin API",
            description = "Sessions, logins and lockout of the web administration and REST API.")
    public @interface Config {

        /** @return idle minutes */
        @AttributeDefinition(name = "Session idle timeout (minutes)",
                description = "A browser session unused for this long ends.", min = "1", max = "1440")
        int session_idle_minutes() default 30;

        /** @return lifetime hours */
        @AttributeDefinition(name = "Session lifetime (hours)",
                description = "Any browser session ends after this long.", min = "1", max = "168")
        int session_lifetime_hours() default 12;

        /** @return failures before lockout */
        @AttributeDefinition(name = "Failed logins before lockout",
                description = "Wrong passwords in a row that lock an account.", min = "1", max = "100")
        int lockout_threshold() default 5;

        /** @return lockout minutes */
        @AttributeDefinition(name = "Lockout duration (minutes)",
                description = "How long a locked account stays locked (an admin can unlock it earlier).",
                min = "1", max = "1440")
        int lockout_minutes() default 15;

        /** @return attempts per client per minute */
        @AttributeDefinition(name = "Failed logins per client per minute",
                description = "Failed logins or setup attempts one client address may make per minute;"
                        + " more are answered 429.", min = "1", max = "1000")
        int login_failures_per_minute() default 10;

        /** @return minimum password length */
        @AttributeDefinition(name = "Minimum password length", min = "12", max = "128",
                description = "Shortest password accepted for an account.")
        int password_min_length() default 12;

        /** @return argon2 memory */
        @AttributeDefinition(name = "Password hash memory (KiB)", min = "8192", max = "1048576",
                description = "Memory per Argon2id password hash; more makes stolen hashes harder to crack"
                        + " and logins slower.")
        int password_hash_memory_kib() default 19456;

        /** @return argon2 passes */
        @AttributeDefinition(name = "Password hash passes", min = "1", max = "10",
                description = "Argon2id passes over the memory.")
        int password_hash_iterations() default 2;

        /** @return token validity limit */
        @AttributeDefinition(name = "Longest API token validity (days)", min = "1", max = "3650",
                description = "The most days an API token can be valid.")
        int token_max_days() default 365;
    }

    private final RuntimeView runtime = new RuntimeView();
    private final ScheduledExecutorService sampler;
    private final Server server;

    /**
     * DS entry point.
     */
    @Activate
    public AdminApiComponent(BundleContext context, Config config,
            @Reference AdminAccountStore accountStore, @Reference AuditLog auditLog,
            @Reference ConfigurationAdmin configAdmin, @Reference MetaTypeService metaType,
            @Reference AdminCertificates certificates, @Reference EventHistory events) {
        Clock clock = Clock.systemUTC();
        ObjectMapper json = objectMapper();
        Auditor auditor = new Auditor(auditLog, clock, json);
        SessionRegistry sessions = new SessionRegistry(clock, Duration.ofMinutes(config.session_idle_minutes()),
                Duration.ofHours(config.session_lifetime_hours()), 1000);
        LoginThrottle throttle = new LoginThrottle(clock, config.login_failures_per_minute(), Duration.ofMinutes(1));
        AccountPolicy policy = new AccountPolicy(config.lockout_threshold(), Duration.ofMinutes(config.lockout_minutes()),
                config.password_min_length(), config.token_max_days());
        SetupToken setupToken = accountStore.count() == 0 ? SetupToken.generate() : null;
        AccountService accounts = new AccountService(accountStore, new PasswordHasher(config.password_hash_memory_kib(),
                config.password_hash_iterations()), sessions, throttle, auditor, policy, clock, setupToken);
        CallRateSampler callRate = new CallRateSampler(clock, this::totalCalls, this::activeCalls, 360);
        ConfigCatalog catalog = new ConfigCatalog(context, metaType, configAdmin, auditor);

        this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bulwark-admin-sampler");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(callRate::sample, 0, SAMPLE_SECONDS, TimeUnit.SECONDS);

        List<Object> resources = List.of(new SetupResource(accounts), new SessionResource(accounts),
                new TokenResource(accounts),
                new StatusResource(context, runtime, callRate, Instant.now(clock), SAMPLE_SECONDS),
                new CallResource(runtime), new ConfigResource(catalog), new UserResource(accounts),
                new AuditResource(auditLog), new CertificateResource(certificates, auditor),
                new BanResource(runtime, auditor), new EventResource(events, runtime), new MediaResource(runtime),
                new OpenApiResource());
        this.server = publish(resources, List.of(new JacksonJsonProvider(json), new AuthFilter(accounts, sessions),
                new SecurityHeadersFilter(), new ProblemMappers.OfProblem(), new ProblemMappers.OfWebApplication(),
                new ProblemMappers.OfJson(), new ProblemMappers.OfAnything()));
        LOG.info("Bulwark admin API published at /api{}", ADDRESS);
        if (setupToken != null) {
            announce(setupToken);
        }
    }

    private static Server publish(List<Object> resources, List<Object> providers) {
        JAXRSServerFactoryBean bean = new JAXRSServerFactoryBean();
        bean.setBus(BusFactory.getDefaultBus());
        bean.setAddress(ADDRESS);
        bean.setServiceBeans(resources);
        bean.setProviders(providers);
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        // CXF and Jackson look up providers through the context class loader.
        Thread.currentThread().setContextClassLoader(AdminApiComponent.class.getClassLoader());
        try {
            return bean.create();
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private static void announce(SetupToken token) {
        String line = "Bulwark first start: open the web admin and enter the one-time setup token "
                + token.value() + " to create the first admin account.";
        LOG.warn(line);
        // The console of `bin/karaf` (or the appliance's serial console) is where staff look first.
        System.out.println(line);
    }

    static ObjectMapper objectMapper() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .serializationInclusion(JsonInclude.Include.ALWAYS)
                .build();
    }

    private long totalCalls() {
        CallRecordStore s = runtime.callRecords();
        try {
            return s == null ? -1 : s.count();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private long activeCalls() {
        DialogRegistry d = runtime.dialogs();
        return d == null ? -1 : d.activeCount();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindDialogRegistry(DialogRegistry d) {
        runtime.dialogs(d);
    }

    void unbindDialogRegistry(DialogRegistry d) {
        if (runtime.dialogs() == d) {
            runtime.dialogs(null);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindSipTransport(SipTransport t) {
        runtime.transport(t);
    }

    void unbindSipTransport(SipTransport t) {
        if (runtime.transport() == t) {
            runtime.transport(null);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindCallRecordStore(CallRecordStore s) {
        runtime.callRecords(s);
    }

    void unbindCallRecordStore(CallRecordStore s) {
        if (runtime.callRecords() == s) {
            runtime.callRecords(null);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindSecurityEventStore(SecurityEventStore s) {
        runtime.securityEvents(s);
    }

    void unbindSecurityEventStore(SecurityEventStore s) {
        if (runtime.securityEvents() == s) {
            runtime.securityEvents(null);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindMediaAnchoring(io.bulwark.api.media.MediaAnchoring m) {
        runtime.media(m);
    }

    void unbindMediaAnchoring(io.bulwark.api.media.MediaAnchoring m) {
        if (runtime.media() == m) {
            runtime.media(null);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindMessageTrace(io.bulwark.api.sip.MessageTrace t) {
        runtime.messageTrace(t);
    }

    void unbindMessageTrace(io.bulwark.api.sip.MessageTrace t) {
        if (runtime.messageTrace() == t) {
            runtime.messageTrace(null);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindDecisionStore(DecisionStore s) {
        runtime.decisions(s);
    }

    void unbindDecisionStore(DecisionStore s) {
        if (runtime.decisions() == s) {
            runtime.decisions(null);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindAdmissionStatistics(io.bulwark.api.decision.AdmissionStatistics a) {
        runtime.admission(a);
    }

    void unbindAdmissionStatistics(io.bulwark.api.decision.AdmissionStatistics a) {
        if (runtime.admission() == a) {
            runtime.admission(null);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindBanEnforcer(BanEnforcer e) {
        runtime.enforcer(e);
    }

    void unbindBanEnforcer(BanEnforcer e) {
        if (runtime.enforcer() == e) {
            runtime.enforcer(null);
        }
    }

    /** Stops the API and the sampler. */
    @Deactivate
    void deactivate() {
        sampler.shutdownNow();
        server.destroy();
        LOG.info("Bulwark admin API stopped");
    }
}
