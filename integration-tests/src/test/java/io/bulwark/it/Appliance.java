package io.bulwark.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The built distribution, copied to its own folder and run as a separate process, the way an
 * operator runs it ({@code bin/karaf server}). Ports are free ones chosen per instance.
 */
public final class Appliance implements AutoCloseable {

    public final Path home;
    public final int outsidePort = FreePorts.udpAndTcp();
    public final int outsideTlsPort = FreePorts.tcp();
    public final int insidePort = FreePorts.udpAndTcp();
    public final int pbxPort = FreePorts.udpAndTcp();
    public final int trunkPort = FreePorts.udpAndTcp();
    public final int adminPort = FreePorts.tcp();
    /** Words put before {@code bin/karaf}, e.g. {@code ip netns exec <ns>}. */
    private List<String> prefix = List.of();
    private String adminHost = "127.0.0.1";
    private Process process;
    /** Length of karaf.log when this run started: only later lines count as this run's. */
    private long logOffset;

    public Appliance(String name) {
        Path source = Path.of(System.getProperty("bulwark.assembly", "../karaf-assembly/target/assembly"));
        if (!Files.isDirectory(source)) {
            throw new IllegalStateException("distribution not built: " + source.toAbsolutePath());
        }
        home = Path.of("target", "e2e", name).toAbsolutePath();
        run(List.of("rm", "-rf", home.toString()));
        try {
            Files.createDirectories(home.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(List.of("cp", "-a", source.toAbsolutePath().toString(), home.toString()));
        Map<String, String> outside = new LinkedHashMap<>();
        outside.put("udp.port", Integer.toString(outsidePort));
        outside.put("tcp.port", Integer.toString(outsidePort));
        outside.put("tls.port", Integer.toString(outsideTlsPort));
        editConfig("io.bulwark.transport.listener-outside.cfg", outside);
        editConfig("io.bulwark.transport.listener-inside.cfg", Map.of("udp.port", Integer.toString(insidePort),
                "tcp.port", Integer.toString(insidePort), "tls.port", "0"));
        editConfig("io.bulwark.sipproxy.cfg", Map.of("pbx.port", Integer.toString(pbxPort),
                "trunk.host", "127.0.0.1", "trunk.port", Integer.toString(trunkPort)));
        editConfig("io.bulwark.admin.http.cfg", Map.of("port", Integer.toString(adminPort)));
        // On the test host itself, not in a namespace of its own: keep nftables out of the host's
        // firewall (the DoS tests run the appliance in a namespace with enforcement on).
        editConfig("io.bulwark.dos.nftables.cfg", Map.of("enabled", "false"));
    }

    /**
     * Runs the appliance inside a network namespace: the outside zone and the admin plane listen
     * on {@code address} there, and the kernel enforcement is on (it only touches that
     * namespace's firewall).
     */
    public Appliance inNamespace(String namespace, String address) {
        prefix = List.of("ip", "netns", "exec", namespace);
        adminHost = address;
        editConfig("io.bulwark.transport.listener-outside.cfg", Map.of("bind.addresses", address));
        editConfig("io.bulwark.admin.http.cfg", Map.of("listen.addresses", address));
        editConfig("io.bulwark.dos.nftables.cfg", Map.of("enabled", "true"));
        return this;
    }

    /** @return the admin plane's base URL */
    public String adminUrl() {
        return "https://" + adminHost + ":" + adminPort;
    }

    /**
     * Waits until the admin API answers over HTTPS (Pax Web restarts its connector once on a first
     * start, when the certificate has been generated).
     */
    public void awaitAdmin() throws IOException, InterruptedException {
        awaitLog("Bulwark admin API published", Duration.ofSeconds(60));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Files.exists(home.resolve("etc/bulwark-admin.p12"))) {
                    AdminClient c = new AdminClient(adminUrl(), AdminClient.trusting(home));
                    if (c.send("GET", "/api/v1/setup", null, false).status() == 200) {
                        return;
                    }
                }
            } catch (RuntimeException e) {
                last = e;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("admin API not reachable at " + adminUrl() + ": " + last);
    }

    /** @return the one-time setup token this run printed, read from its log */
    public String setupToken() throws IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("one-time setup token (\\S+)")
                .matcher(currentRunLog(home.resolve("data/log/karaf.log")));
        String token = null;
        while (m.find()) {
            token = m.group(1);
        }
        if (token == null) {
            throw new IllegalStateException("no setup token in this run's log");
        }
        return token;
    }

    /** Sets keys in an etc/ file (the running appliance picks changes up within seconds). */
    public void editConfig(String file, Map<String, String> values) {
        Path cfg = home.resolve("etc").resolve(file);
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(cfg, StandardCharsets.UTF_8));
            Map<String, String> left = new LinkedHashMap<>(values);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                int eq = line.indexOf('=');
                if (line.startsWith("#") || eq < 0) {
                    continue;
                }
                String key = line.substring(0, eq).trim();
                if (left.containsKey(key)) {
                    lines.set(i, key + " = " + left.remove(key));
                }
            }
            left.forEach((k, v) -> lines.add(k + " = " + v));
            Path tmp = cfg.resolveSibling(file + ".tmp");
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, cfg, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the appliance and waits until the SIP proxy reports ready. */
    public Appliance start() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(home.resolve("bin/karaf").toString(), "server"));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("console.out").toFile());
        pb.environment().put("JAVA_MAX_MEM", "1024m");
        Instant begin = Instant.now();
        Path log = home.resolve("data/log/karaf.log");
        logOffset = Files.exists(log) ? Files.size(log) : 0;
        process = pb.start();
        awaitLog("Bulwark SIP proxy ready", Duration.ofSeconds(90));
        awaitLog("UDP listener of zone outside bound", Duration.ofSeconds(30));
        awaitLog("UDP listener of zone inside bound", Duration.ofSeconds(30));
        System.out.println("Appliance " + home.getFileName() + " ready in "
                + Duration.between(begin, Instant.now()).toMillis() + " ms");
        return this;
    }

    public void awaitLog(String text, Duration timeout) throws IOException, InterruptedException {
        Path log = home.resolve("data/log/karaf.log");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && currentRunLog(log).contains(text)) {
                return;
            }
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("appliance exited: " + tail(home.resolve("console.out")));
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("'" + text + "' not logged within " + timeout + ": " + tail(log));
    }

    private String currentRunLog(Path log) throws IOException {
        byte[] all = Files.readAllBytes(log);
        int from = (int) Math.min(logOffset, all.length);
        return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }

    public String log() throws IOException {
        Path log = home.resolve("data/log/karaf.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    private static String tail(Path p) {
        try {
            String s = Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "(no " + p + ")";
            return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
        } catch (IOException e) {
            return e.toString();
        }
    }

    /**
     * Clean stop: SIGTERM to the JVM itself, as an init system does (bin/karaf runs java as a
     * child), then wait for it to finish stopping every bundle.
     */
    public void stop() throws InterruptedException {
        if (process != null) {
            run(List.of("pkill", "-TERM", "-f", "karaf.home=" + home));
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (jvmAlive() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            run(List.of("pkill", "-KILL", "-f", "karaf.home=" + home));
        }
        process = null;
    }

    private boolean jvmAlive() {
        try {
            return new ProcessBuilder("pgrep", "-f", "karaf.home=" + home).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Kills the JVM without warning (kill -9), as a power cut or crash would. */
    public void kill() throws InterruptedException {
        run(List.of("pkill", "-KILL", "-f", "karaf.home=" + home));
        if (process != null) {
            process.waitFor(30, TimeUnit.SECONDS);
        }
        process = null;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    static void run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            p.waitFor(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
