package io.bulwark.admin.http;

import io.bulwark.admin.problem.ProblemException;
import io.bulwark.admin.security.Secrets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.Arrays;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns where and how the admin plane listens: HTTPS only, on the configured addresses and port
 * (by default 127.0.0.1:8443; put the inside zone's address here, never the trunk side's), with
 * TLS 1.2 and 1.3 only and the appliance's own certificate.
 *
 * <p>It writes Pax Web's configuration ({@code org.ops4j.pax.web}), generating the keystore
 * first when it is missing or does not open with the recorded password. Pax Web restarts its
 * connector when that configuration changes, so moving the admin port needs no restart. The plain
 * HTTP connector is always off.
 */
@Component(service = AdminCertificates.class, immediate = true, configurationPid = AdminHttpsComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AdminHttpsComponent.Config.class)
public final class AdminHttpsComponent implements AdminCertificates {

    /** The configuration PID. */
    public static final String PID = "io.bulwark.admin.http";
    /** Pax Web's configuration PID. */
    static final String PAX_WEB_PID = "org.ops4j.pax.web";
    private static final Logger LOG = LoggerFactory.getLogger(AdminHttpsComponent.class);

    /** Where the admin plane listens (PID {@value AdminHttpsComponent#PID}). */
    @ObjectClassDefinition(name = "Bulwark admin HTTPS",
            description = "Addresses, port and certificate of the web administration (HTTPS only).")
    public @interface Config {

        /** @return listen addresses */
        @AttributeDefinition(name = "Listen addresses",
                description = "Addresses the admin plane listens on: loopback or the inside zone, never the"
                        + " trunk side.")
        String[] listen_addresses() default {"127.0.0.1"};

        /** @return the port */
        @AttributeDefinition(name = "HTTPS port", min = "1", max = "65535",
                description = "TCP port of the web administration and the REST API.")
        int port() default 8443;

        /** @return keystore path */
        @AttributeDefinition(name = "Keystore", description = "PKCS#12 file with the admin certificate;"
                + " generated on first start when missing. Empty: etc/bulwark-admin.p12.")
        String keystore() default "";
    }

    /** Lets the HTTP response that installed a certificate leave before the listener restarts. */
    private static final long RESTART_DELAY_MS = 500;

    private final ConfigurationAdmin configAdmin;
    private final ScheduledExecutorService restarter = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bulwark-admin-https");
        t.setDaemon(true);
        return t;
    });
    private volatile Config config;
    /** The password of the keystore file as it is now (Pax Web may still be on the old one briefly). */
    private volatile String keystorePassword;

    /** DS entry point. */
    @Activate
    public AdminHttpsComponent(@Reference ConfigurationAdmin configAdmin, Config config) throws IOException {
        this.configAdmin = configAdmin;
        this.config = config;
        apply(config);
    }

    /** Applies a changed configuration (moves the listener). */
    @Modified
    void modified(Config config) throws IOException {
        this.config = config;
        apply(config);
    }

    /** Stops the restart scheduler. */
    @Deactivate
    void deactivate() {
        restarter.shutdown();
    }

    @Override
    public CertificateInfo current() {
        Path keystore = keystorePath(config);
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, keystorePassword.toCharArray());
            return CertificateInfo.of((X509Certificate) ks.getCertificate(AdminKeystore.ALIAS));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw ProblemException.unavailable("the admin certificate cannot be read: " + e.getMessage());
        }
    }

    @Override
    public synchronized CertificateInfo install(String certificatePem, String privateKeyPem) {
        PemCredentials creds = PemCredentials.parse(certificatePem, privateKeyPem, Instant.now());
        Config c = config;
        Path keystore = keystorePath(c);
        String password = Secrets.random(24);
        try {
            AdminKeystore.write(keystore, password, creds.key(), creds.chain().toArray(new Certificate[0]));
        } catch (IOException e) {
            throw ProblemException.unavailable("the keystore could not be written: " + e.getMessage());
        }
        keystorePassword = password;
        restarter.schedule(() -> {
            try {
                pushPaxWeb(c, keystore, password);
            } catch (IOException e) {
                LOG.error("Admin certificate installed but the web server was not reconfigured", e);
            }
        }, RESTART_DELAY_MS, TimeUnit.MILLISECONDS);
        LOG.info("Installed an uploaded admin certificate in {}", keystore);
        return CertificateInfo.of(creds.chain().get(0));
    }

    private void apply(Config config) throws IOException {
        Configuration paxWeb = configAdmin.getConfiguration(PAX_WEB_PID, null);
        Dictionary<String, Object> current = paxWeb.getProperties();
        Map<String, Object> now = asMap(current);
        Path keystore = keystorePath(config);
        String password = (String) now.get("org.ops4j.pax.web.ssl.keystore.password");
        if (!AdminKeystore.opens(keystore, password)) {
            password = Secrets.random(24);
            AdminKeystore.generate(keystore, password, names(config));
            LOG.info("Generated the admin HTTPS certificate in {}", keystore);
        }
        keystorePassword = password;
        pushPaxWeb(config, keystore, password);
    }

    /** Writes Pax Web's configuration when it differs (Pax Web then restarts its connector). */
    private synchronized void pushPaxWeb(Config config, Path keystore, String password) throws IOException {
        Configuration paxWeb = configAdmin.getConfiguration(PAX_WEB_PID, null);
        Map<String, Object> now = asMap(paxWeb.getProperties());
        Map<String, Object> wanted = new TreeMap<>(now);
        wanted.putAll(settings(config, keystore, password));
        if (!wanted.equals(now)) {
            paxWeb.update(new Hashtable<>(wanted));
            LOG.info("Admin plane listens on https://{}:{}/", String.join(",", config.listen_addresses()), config.port());
        }
    }

    static Map<String, Object> settings(Config config, Path keystore, String password) {
        Map<String, Object> s = new TreeMap<>();
        s.put("org.osgi.service.http.enabled", "false");
        s.put("org.osgi.service.http.secure.enabled", "true");
        s.put("org.osgi.service.http.port.secure", String.valueOf(config.port()));
        s.put("org.ops4j.pax.web.listening.addresses", String.join(",", config.listen_addresses()));
        s.put("org.ops4j.pax.web.ssl.keystore", keystore.toString());
        s.put("org.ops4j.pax.web.ssl.keystore.type", "PKCS12");
        s.put("org.ops4j.pax.web.ssl.keystore.password", password);
        s.put("org.ops4j.pax.web.ssl.key.password", password);
        s.put("org.ops4j.pax.web.ssl.key.alias", AdminKeystore.ALIAS);
        s.put("org.ops4j.pax.web.ssl.protocols.included", "TLSv1.2,TLSv1.3");
        s.put("org.ops4j.pax.web.ssl.renegotiationAllowed", "false");
        s.put("org.ops4j.pax.web.ssl.clientauth.needed", "false");
        s.put("org.ops4j.pax.web.ssl.clientauth.wanted", "false");
        s.put("org.ops4j.pax.web.session.cookie.secure", "true");
        return s;
    }

    private static Map<String, Object> asMap(Dictionary<String, Object> d) {
        Map<String, Object> m = new TreeMap<>();
        if (d != null) {
            for (String k : Collections.list(d.keys())) {
                m.put(k, d.get(k));
            }
        }
        return m;
    }

    private static Path keystorePath(Config config) {
        String p = config.keystore() == null ? "" : config.keystore().trim();
        if (!p.isEmpty()) {
            return Path.of(p);
        }
        String etc = Objects.requireNonNullElse(System.getProperty("karaf.etc"), "etc");
        return Path.of(etc, "bulwark-admin.p12");
    }

    private static List<String> names(Config config) {
        List<String> n = new java.util.ArrayList<>(Arrays.asList(config.listen_addresses()));
        n.removeIf(a -> a.equals("0.0.0.0") || a.equals("::"));
        n.add("localhost");
        return n;
    }
}
