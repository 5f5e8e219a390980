package io.bulwark.benchmarks.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Latency of {@code GET /api/v1/call-records} on a running appliance, one client, sequential
 * requests over one keep-alive HTTPS connection: the newest page, a walk through every page with
 * the cursor, and text searches. Prints p50/p95/p99/max per kind.
 * {@code CallRecordsApiLatency <appliance home> <base url> <setup token or -> <user> <password>}
 */
public final class CallRecordsApiLatency {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CallRecordsApiLatency() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        String base = args[1];
        HttpClient http = HttpClient.newBuilder().sslContext(trusting(home)).build();
        if (!"-".equals(args[2])) {
            send(http, base + "/api/v1/setup", null, "{\"token\":\"" + args[2] + "\",\"username\":\"" + args[3]
                    + "\",\"password\":\"" + args[4] + "\"}");
        }
        HttpResponse<String> login = send(http, base + "/api/v1/session", null,
                "{\"username\":\"" + args[3] + "\",\"password\":\"" + args[4] + "\"}");
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        for (int i = 0; i < 200; i++) {
            get(http, base + "/api/v1/call-records?limit=50", cookie); // warm-up
        }
        List<Long> first = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            first.add(timed(http, base + "/api/v1/call-records?limit=50", cookie).nanos);
        }
        report("newest page (limit 50)", first);
        List<Long> walk = new ArrayList<>();
        String cursor = null;
        long total = -1;
        int rows = 0;
        do {
            Timed t = timed(http, base + "/api/v1/call-records?limit=50"
                    + (cursor == null ? "" : "&before=" + cursor), cookie);
            walk.add(t.nanos);
            total = t.body.get("total").asLong();
            rows += t.body.get("items").size();
            cursor = t.body.get("nextCursor").isNull() ? null : t.body.get("nextCursor").asText();
        } while (cursor != null);
        System.out.printf("walked %d of %d records in %d pages%n", rows, total, walk.size());
        report("every page through the cursor (limit 50)", walk);
        List<Long> search = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String q = URLEncoder.encode("+4930" + (1_000_000 + (i * 37) % 5000), StandardCharsets.UTF_8);
            search.add(timed(http, base + "/api/v1/call-records?limit=50&q=" + q, cookie).nanos);
        }
        report("text search (q = a caller number, full scan)", search);
    }

    private record Timed(long nanos, JsonNode body) {
    }

    private static Timed timed(HttpClient http, String url, String cookie) throws Exception {
        long t = System.nanoTime();
        HttpResponse<String> r = get(http, url, cookie);
        long n = System.nanoTime() - t;
        return new Timed(n, JSON.readTree(r.body()));
    }

    private static HttpResponse<String> get(HttpClient http, String url, String cookie) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie).GET()
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " -> " + r.statusCode() + " " + r.body());
        }
        return r;
    }

    private static HttpResponse<String> send(HttpClient http, String url, String cookie, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(url + " -> " + r.statusCode() + " " + r.body());
        }
        return r;
    }

    private static void report(String what, List<Long> nanos) {
        List<Long> s = new ArrayList<>(nanos);
        Collections.sort(s);
        System.out.printf("%-45s n=%5d  p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms  max %6.2f ms%n", what, s.size(),
                ms(s, 0.50), ms(s, 0.95), ms(s, 0.99), s.get(s.size() - 1) / 1e6);
    }

    private static double ms(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)) / 1e6;
    }

    private static SSLContext trusting(Path home) throws Exception {
        Properties pax = new Properties();
        try (InputStream in = Files.newInputStream(home.resolve("etc/org.ops4j.pax.web.cfg"))) {
            pax.load(in);
        }
        char[] pw = pax.getProperty("org.ops4j.pax.web.ssl.keystore.password").toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(home.resolve("etc/bulwark-admin.p12"))) {
            ks.load(in, pw);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("appliance", ks.getCertificate("bulwark-admin"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
