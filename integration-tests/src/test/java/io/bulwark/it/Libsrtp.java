package io.bulwark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * libsrtp2 (Debian's libsrtp2-dev) as the SRTP of the test's own media endpoint: the C peer of
 * srtp-media's interop tests ({@code bulwark.srtp.peer}, see its header for the protocol),
 * compiled here, protects what the endpoint sends and unprotects what it receives, so the
 * appliance's SRTP is checked by an implementation that is not its own.
 */
final class Libsrtp {

    private static final HexFormat HEX = HexFormat.of();
    private final Path binary;

    private Libsrtp(Path binary) {
        this.binary = binary;
    }

    /** One packet libsrtp processed: {@code packet} when {@code status} is "ok". */
    record Result(String status, byte[] packet) {
        boolean ok() {
            return status.equals("ok");
        }
    }

    /** Compiles the peer; skips without libsrtp2-dev, but fails under CI (which installs it). */
    static Libsrtp build() throws IOException, InterruptedException {
        Path source = Path.of(System.getProperty("bulwark.srtp.peer", "../bundles/srtp-media/src/test/c/srtp_peer.c"));
        String flags = run(List.of("pkg-config", "--cflags", "--libs", "libsrtp2"));
        if (flags == null) {
            String reason = "libsrtp2 development files (libsrtp2-dev) and gcc are needed for the SRTP endpoint";
            if ("true".equals(System.getenv("CI"))) {
                fail(reason + " (.ci/test installs them)");
            }
            Assumptions.abort(reason);
        }
        Path binary = Path.of("target", "libsrtp-endpoint", "srtp_peer").toAbsolutePath();
        Files.createDirectories(binary.getParent());
        List<String> gcc = new ArrayList<>(List.of("gcc", "-std=c99", "-O2", "-o", binary.toString(),
                source.toString()));
        gcc.addAll(List.of(flags.trim().split("\\s+")));
        if (run(gcc) == null) {
            fail("compiling " + source + " failed: " + String.join(" ", gcc));
        }
        return new Libsrtp(binary);
    }

    /** Protects RTP packets, in order, with a libsrtp sender of that suite and key||salt (base64). */
    List<byte[]> protect(String suite, String keySalt, List<byte[]> rtp) throws IOException, InterruptedException {
        List<Result> r = session("protect", suite, keySalt, rtp);
        List<byte[]> out = new ArrayList<>();
        for (Result x : r) {
            assertEquals("ok", x.status, "libsrtp protect");
            out.add(x.packet);
        }
        return out;
    }

    /** Unprotects SRTP packets, in arrival order, with one libsrtp receiver of that suite and key||salt. */
    List<Result> unprotect(String suite, String keySalt, List<byte[]> srtp) throws IOException, InterruptedException {
        return session("unprotect", suite, keySalt, srtp);
    }

    private List<Result> session(String mode, String suite, String keySalt, List<byte[]> packets)
            throws IOException, InterruptedException {
        StringBuilder in = new StringBuilder("session " + mode + " " + suite + " " + keySalt + " - enc\n");
        for (byte[] p : packets) {
            in.append("rtp ").append(HEX.formatHex(p)).append('\n');
        }
        Path input = Files.createTempFile(binary.getParent(), mode, ".in");
        Files.writeString(input, in, StandardCharsets.US_ASCII);
        Process p = new ProcessBuilder(binary.toString()).redirectInput(input.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("libsrtp peer did not finish");
        }
        Files.delete(input);
        assertEquals(packets.size() + 1, lines.size(), "one answer per command: " + lines);
        assertEquals("ok", lines.get(0), "libsrtp session " + mode + " " + suite);
        List<Result> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.startsWith("ok ")) {
                out.add(new Result("ok", HEX.parseHex(line.substring(3))));
            } else if (line.startsWith("err ")) {
                out.add(new Result(line.substring(line.lastIndexOf(' ') + 1), null));
            } else {
                fail("libsrtp peer answered " + line);
            }
        }
        return out;
    }

    /** @return the command's output, or null when it could not run or failed */
    private static String run(List<String> command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        }
    }
}
