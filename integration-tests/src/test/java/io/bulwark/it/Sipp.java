package io.bulwark.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A real sipp process (Debian's sip-tester), as UAS or UAC. */
public final class Sipp implements AutoCloseable {

    private final Process process;
    private final Path output;
    private final Path workDir;

    private Sipp(List<String> args, Path workDir, String name) throws IOException {
        this(List.of(), args, workDir, name);
    }

    private Sipp(List<String> prefix, List<String> args, Path workDir, String name) throws IOException {
        this.workDir = workDir;
        Files.createDirectories(workDir);
        this.output = workDir.resolve(name + ".out");
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add("sipp");
        cmd.addAll(args);
        this.process = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
    }

    /** A UAS answering every INVITE with 200 (sipp's built-in {@code uas} scenario). */
    public static Sipp uas(Path workDir, String name, int port, String transport, String... extra) throws IOException {
        List<String> a = new ArrayList<>(List.of("-sn", "uas", "-i", "127.0.0.1", "-p", Integer.toString(port),
                "-t", transport, "-nostdin", "-max_socket", "2000"));
        a.addAll(List.of(extra));
        return new Sipp(a, workDir, name);
    }

    /** A UAS like {@link #uas} but run inside a network namespace (by {@code ip netns exec}). */
    public static Sipp uasIn(String namespace, Path workDir, String name, int port) throws IOException {
        return new Sipp(List.of("ip", "netns", "exec", namespace), List.of("-sn", "uas", "-i", "127.0.0.1", "-p",
                Integer.toString(port), "-t", "u1", "-nostdin", "-max_socket", "2000"), workDir, name);
    }

    /** A UAC placing {@code calls} calls at {@code rate} calls/s to {@code target}. */
    public static Sipp uac(Path workDir, String name, String target, int localPort, String transport, int calls,
            int rate, String... extra) throws IOException {
        List<String> a = new ArrayList<>(List.of("-sn", "uac", target, "-i", "127.0.0.1", "-p",
                Integer.toString(localPort), "-t", transport, "-m", Integer.toString(calls), "-r",
                Integer.toString(rate), "-l", "500", "-nostdin", "-timeout", "180s", "-timeout_error",
                "-max_socket", "2000"));
        a.addAll(List.of(extra));
        return new Sipp(a, workDir, name);
    }

    /** A UAC like {@link #uac} bound to a given local address. */
    public static Sipp uacFrom(String localAddress, Path workDir, String name, String target, int calls, int rate,
            String... extra) throws IOException {
        List<String> a = new ArrayList<>(List.of("-sn", "uac", target, "-i", localAddress, "-p",
                Integer.toString(FreePorts.udpAndTcp()), "-t", "u1", "-m", Integer.toString(calls), "-r",
                Integer.toString(rate), "-l", "5000", "-nostdin", "-timeout", "120s", "-timeout_error",
                "-max_socket", "2000"));
        a.addAll(List.of(extra));
        return new Sipp(a, workDir, name);
    }

    /**
     * Runs sipp with a scenario of this module's resources ({@code /sipp/<scenario>.xml}, copied to
     * the work folder) and the arguments given after the target.
     */
    public static Sipp scenario(Path workDir, String name, String scenario, List<String> args) throws IOException {
        List<String> a = new ArrayList<>(List.of("-sf", copyScenario(workDir, scenario).toString()));
        a.addAll(args);
        return new Sipp(a, workDir, name);
    }

    /** sipp with these arguments (a built-in scenario among them), run inside a network namespace. */
    public static Sipp uacIn(String namespace, Path workDir, String name, List<String> args) throws IOException {
        return new Sipp(List.of("ip", "netns", "exec", namespace), args, workDir, name);
    }

    /** Like {@link #scenario}, run inside a network namespace (by {@code ip netns exec}). */
    public static Sipp scenarioIn(String namespace, Path workDir, String name, String scenario, List<String> args)
            throws IOException {
        List<String> a = new ArrayList<>(List.of("-sf", copyScenario(workDir, scenario).toString()));
        a.addAll(args);
        return new Sipp(List.of("ip", "netns", "exec", namespace), a, workDir, name);
    }

    /** @return the copy of {@code /sipp/<scenario>.xml} made in the work folder */
    private static Path copyScenario(Path workDir, String scenario) throws IOException {
        Files.createDirectories(workDir);
        Path file = workDir.resolve(scenario + ".xml");
        try (var in = Sipp.class.getResourceAsStream("/sipp/" + scenario + ".xml")) {
            if (in == null) {
                throw new IOException("no scenario /sipp/" + scenario + ".xml");
            }
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    /** @return the {@code -trace_msg} logs of every sipp run in a folder, in name order ("" when none) */
    public static String messages(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return "";
        }
        StringBuilder all = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith("_messages.log")).sorted().toList()) {
                all.append(Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }

    /** @return sipp's exit code (0: every call succeeded) */
    public int await(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    public String output() throws IOException {
        return Files.readString(output, StandardCharsets.ISO_8859_1);
    }

    /** @return the cumulative count of a statistics line such as "Successful call" or "Failed call" */
    public long counter(String label) throws IOException {
        Matcher m = Pattern.compile(Pattern.quote(label) + "\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)").matcher(output());
        long last = -1;
        while (m.find()) {
            last = Long.parseLong(m.group(1));
        }
        return last;
    }

    public Path workDir() {
        return workDir;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
