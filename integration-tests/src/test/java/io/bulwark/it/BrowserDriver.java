package io.bulwark.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one scenario of the web UI's Playwright driver ({@code web-admin/e2e/admin-ui.mjs}) in
 * Debian's headless Chromium against the running appliance; screenshots go to
 * {@code target/web-admin-screenshots}.
 */
final class BrowserDriver {

    static final Path WEB_ADMIN = Path.of(System.getProperty("bulwark.webadmin", "../web-admin")).toAbsolutePath();
    static final Path SHOTS = Path.of("target", "web-admin-screenshots").toAbsolutePath();

    private final Map<String, String> base = new LinkedHashMap<>();

    BrowserDriver(String url) {
        base.put("BULWARK_URL", url);
        base.put("SCREENSHOT_DIR", SHOTS.toString());
    }

    /** The result of one scenario. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs a scenario and fails the test with the driver's own explanation if it fails. */
    Result run(String scenario, Map<String, String> env) throws IOException, InterruptedException {
        Result r = attempt(scenario, env);
        if (r.exitCode() != 0) {
            throw new AssertionError("browser scenario " + scenario + " failed (exit " + r.exitCode() + "): "
                    + r.stdout() + "\n" + r.stderr());
        }
        return r;
    }

    Result attempt(String scenario, Map<String, String> env) throws IOException, InterruptedException {
        Files.createDirectories(SHOTS);
        Path out = Files.createTempFile(SHOTS.getParent(), "browser-" + scenario, ".out");
        Path err = Files.createTempFile(SHOTS.getParent(), "browser-" + scenario, ".err");
        ProcessBuilder pb = new ProcessBuilder(List.of("node", "e2e/admin-ui.mjs", scenario))
                .directory(WEB_ADMIN.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(base);
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        Result r = new Result(p.isAlive() ? -1 : p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }
}
