package io.bulwark.media.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * libsrtp2, the reference SRTP implementation, as an independent peer: {@code src/test/c/srtp_peer.c}
 * compiled against the installed libsrtp2 (Debian's {@code libsrtp2-dev}) into {@code target/}, and
 * driven over stdin and stdout, one answer line per command line (see the C file for the protocol).
 */
final class LibsrtpPeer {

    private static final Path SOURCE = Path.of("src", "test", "c", "srtp_peer.c");
    private static final Path BINARY = Path.of("target", "srtp-peer", "srtp_peer");
    private static final HexFormat HEX = HexFormat.of();

    /** One answer of the peer: {@code ok [hex]}, {@code err <code> <name>} or {@code bad <reason>}. */
    record Reply(String line) {

        boolean ok() {
            return line.equals("ok") || line.startsWith("ok ");
        }

        /** The packet libsrtp produced; fails the test if libsrtp reported an error. */
        byte[] packet() {
            if (!line.startsWith("ok ")) {
                fail("libsrtp answered \"" + line + "\" where a packet was expected");
            }
            return HEX.parseHex(line.substring(3));
        }

        /** libsrtp's status name ({@code auth_fail}, {@code replay_fail}, ...), or "ok". */
        String status() {
            if (ok()) {
                return "ok";
            }
            String[] parts = line.split(" ");
            if (!parts[0].equals("err") || parts.length != 3) {
                fail("libsrtp peer answered \"" + line + "\"");
            }
            return parts[2];
        }
    }

    private final Path binary;

    private LibsrtpPeer(Path binary) {
        this.binary = binary;
    }

    /**
     * Compiles the peer, or aborts the calling test when libsrtp2's development files are not
     * installed ({@code pkg-config --exists libsrtp2} fails). Under CI ({@code CI=true}), where
     * {@code .ci/test} installs libsrtp2-dev, their absence fails instead of skipping.
     */
    static LibsrtpPeer build() throws IOException, InterruptedException {
        Result exists = exec(List.of("pkg-config", "--exists", "libsrtp2"));
        if (exists.code != 0) {
            String reason = "libsrtp2 development files not found: `pkg-config --exists libsrtp2` "
                    + (exists.code == -1 ? "could not run (" + exists.output + ")" : "exited " + exists.code)
                    + "; install libsrtp2-dev (Debian) to run the libsrtp interop tests";
            if ("true".equals(System.getenv("CI"))) {
                fail(reason + " (CI installs it, so under CI=true this is a failure, not a skip)");
            }
            Assumptions.abort(reason);
        }
        Result flags = exec(List.of("pkg-config", "--cflags", "--libs", "libsrtp2"));
        assertEquals(0, flags.code, "pkg-config --cflags --libs libsrtp2: " + flags.output);
        Files.createDirectories(BINARY.getParent());
        List<String> gcc = new ArrayList<>(List.of("gcc", "-std=c99", "-O2", "-Wall", "-Wextra",
                "-o", BINARY.toString(), SOURCE.toString()));
        for (String flag : flags.output.trim().split("\\s+")) {
            if (!flag.isEmpty()) {
                gcc.add(flag);
            }
        }
        Result compiled = exec(gcc);
        assertEquals(0, compiled.code, String.join(" ", gcc) + " failed:\n" + compiled.output);
        return new LibsrtpPeer(BINARY.toAbsolutePath());
    }

    /** Runs {@code commands} through a fresh peer process; one reply per command, in order. */
    List<Reply> run(List<String> commands) {
        try {
            Path stderr = Files.createTempFile(binary.getParent(), "stderr", ".txt");
            Process process = new ProcessBuilder(binary.toString())
                    .redirectError(stderr.toFile())
                    .start();
            Thread writer = new Thread(() -> {
                try (Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII)) {
                    for (String command : commands) {
                        in.write(command);
                        in.write('\n');
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, "srtp-peer-stdin");
            writer.start();
            List<Reply> replies = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    replies.add(new Reply(line));
                }
            }
            writer.join(TimeUnit.SECONDS.toMillis(30));
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("libsrtp peer did not exit");
            }
            String errors = Files.readString(stderr);
            Files.delete(stderr);
            assertEquals(0, process.exitValue(), "libsrtp peer exit status; stderr: " + errors);
            assertEquals(commands.size(), replies.size(), "one reply per command; stderr: " + errors);
            for (int i = 0; i < replies.size(); i++) {
                if (replies.get(i).line.startsWith("bad")) {
                    fail("libsrtp peer rejected command " + i + " (" + abbreviate(commands.get(i)) + "): "
                            + replies.get(i).line);
                }
            }
            return replies;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The command starting a libsrtp sender ({@code protect}) or receiver session. */
    static String session(boolean protect, SrtpSuite suite, byte[] key, byte[] salt, byte[] mki,
            boolean srtcpEncrypted) {
        byte[] keyAndSalt = Arrays.copyOf(key, key.length + salt.length);
        System.arraycopy(salt, 0, keyAndSalt, key.length, salt.length);
        return "session " + (protect ? "protect " : "unprotect ") + suite.name() + " "
                + Base64.getEncoder().encodeToString(keyAndSalt) + " "
                + (mki.length == 0 ? "-" : HEX.formatHex(mki)) + " " + (srtcpEncrypted ? "enc" : "auth");
    }

    static String rtp(byte[] packet) {
        return "rtp " + HEX.formatHex(packet);
    }

    static String rtcp(byte[] packet) {
        return "rtcp " + HEX.formatHex(packet);
    }

    private static String abbreviate(String command) {
        return command.length() > 80 ? command.substring(0, 80) + "..." : command;
    }

    private record Result(int code, String output) {
    }

    private static Result exec(List<String> command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        }
    }
}
