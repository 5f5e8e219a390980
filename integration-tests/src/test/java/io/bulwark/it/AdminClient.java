package io.bulwark.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A client of the admin API over HTTPS that trusts exactly the certificate the appliance
 * generated (read from its keystore), with hostname checks on: what a careful script does.
 * It holds at most one session (cookie and CSRF token) or one bearer token.
 */
final class AdminClient {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A response: status, headers we need, body. */
    record Reply(int status, String contentType, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        boolean isProblem() {
            return contentType != null && contentType.startsWith("application/problem+json");
        }
    }

    final String base;
    private final HttpClient http;
    private String cookie;
    private String csrf;
    private String bearer;

    AdminClient(String base, SSLContext tls) {
        this.base = base;
        this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** @return a TLS context trusting the appliance's own certificate */
    /**
     * The first admin of a freshly started appliance: creates it with the setup token and signs in.
     *
     * @return a client with that admin's session
     */
    static AdminClient firstAdmin(Appliance appliance, String username, String password) throws IOException {
        AdminClient c = new AdminClient(appliance.adminUrl(), trusting(appliance.home));
        Reply setup = c.post("/api/v1/setup", json("token", appliance.setupToken(), "username", username, "password",
                password));
        if (setup.status() != 201) {
            throw new AssertionError("first admin not created (" + setup.status() + "): " + setup.body());
        }
        Reply login = c.login(username, password);
        if (login.status() != 200) {
            throw new AssertionError("first admin cannot sign in (" + login.status() + "): " + login.body());
        }
        return c;
    }

    /**
     * Waits (up to {@code seconds}) until the media relay holds exactly {@code n} media lines.
     *
     * @return them, as {@code GET /api/v1/media/sessions} lists them
     */
    JsonNode awaitMediaSessions(int n, int seconds) throws InterruptedException {
        JsonNode last = null;
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        do {
            Reply r = get("/api/v1/media/sessions");
            if (r.status() != 200) {
                throw new AssertionError("GET /api/v1/media/sessions: " + r.status() + " " + r.body());
            }
            last = r.json();
            if (last.size() == n) {
                return last;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("expected " + n + " media sessions, got " + last.size() + ": " + last);
    }

    static SSLContext trusting(Path home) {
        try {
            Properties pax = new Properties();
            try (InputStream in = Files.newInputStream(home.resolve("etc/org.ops4j.pax.web.cfg"))) {
                pax.load(in);
            }
            String password = pax.getProperty("org.ops4j.pax.web.ssl.keystore.password");
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(home.resolve("etc/bulwark-admin.p12"))) {
                ks.load(in, password.toCharArray());
            }
            return trustingOnly(ks.getCertificate("bulwark-admin"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return a TLS context trusting exactly the PEM certificate given */
    static SSLContext trustingPem(String pem) {
        try {
            return trustingOnly(java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(
                    new java.io.ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SSLContext trustingOnly(Certificate cert) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("appliance", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    AdminClient copy() {
        return new AdminClient(base, http.sslContext());
    }

    /** Logs in; keeps the cookie and CSRF token. */
    Reply login(String user, String password) {
        Reply r = send("POST", "/api/v1/session", json("username", user, "password", password), false);
        if (r.status() == 200) {
            cookie = r.raw().headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            csrf = r.json().get("csrfToken").asText();
        }
        return r;
    }

    void useBearer(String token) {
        this.bearer = token;
        this.cookie = null;
        this.csrf = null;
    }

    String cookieHeader() {
        return cookie;
    }

    String csrfToken() {
        return csrf;
    }

    Reply get(String path) {
        return send("GET", path, null, true);
    }

    Reply post(String path, String body) {
        return send("POST", path, body, true);
    }

    Reply put(String path, String body) {
        return send("PUT", path, body, true);
    }

    Reply delete(String path) {
        return send("DELETE", path, null, true);
    }

    /** Sends with the session cookie but without (or with a given) CSRF header. */
    Reply sendWithCsrf(String method, String path, String body, String csrfHeader) {
        HttpRequest.Builder b = request(method, path, body, "application/json");
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (csrfHeader != null) {
            b.header("X-CSRF-Token", csrfHeader);
        }
        return exchange(b);
    }

    Reply sendRaw(String method, String path, String body, String contentType) {
        HttpRequest.Builder b = request(method, path, body, contentType);
        authenticate(b, true);
        return exchange(b);
    }

    Reply send(String method, String path, String body, boolean authenticated) {
        HttpRequest.Builder b = request(method, path, body, "application/json");
        authenticate(b, authenticated);
        return exchange(b);
    }

    private void authenticate(HttpRequest.Builder b, boolean authenticated) {
        if (!authenticated) {
            return;
        }
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (cookie != null) {
            b.header("Cookie", cookie);
            b.header("X-CSRF-Token", csrf);
        }
    }

    private HttpRequest.Builder request(String method, String path, String body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        if (body != null) {
            b.header("Content-Type", contentType);
            b.method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return b;
    }

    private Reply exchange(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return a JSON object of the given key/value pairs (values are strings, numbers or null) */
    static String json(Object... kv) {
        com.fasterxml.jackson.databind.node.ObjectNode o = JSON.createObjectNode();
        for (int i = 0; i < kv.length; i += 2) {
            o.putPOJO((String) kv[i], kv[i + 1]);
        }
        return o.toString();
    }
}
