package io.bulwark.dos.nft;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code nft} binary, behind an optional command prefix (such as {@code ip netns exec
 * <ns>}, so that tests can run it inside a network namespace), and never through a shell. Output
 * is read on a helper thread, so that a chatty nft cannot fill its pipe and stall.
 */
final class NftCommand {

    /**
     * How one run ended.
     *
     * @param exitCode the exit code; -1 when nft could not be started or timed out
     * @param stdout what it printed
     * @param stderr its errors, or why it could not run
     */
    record Result(int exitCode, String stdout, String stderr) {

        /** @return true when nft exited with 0 */
        boolean ok() {
            return exitCode == 0;
        }

        /** @return the first line of the error output, for logs and events */
        String firstErrorLine() {
            String e = stderr.strip();
            int nl = e.indexOf('\n');
            return nl < 0 ? e : e.substring(0, nl);
        }
    }

    private final List<String> base;
    private final Duration timeout;

    /**
     * @param prefix words put before the binary (may be empty)
     * @param nftPath the binary, a path or a name found on PATH
     * @param timeout how long one run may take before it is killed
     */
    NftCommand(List<String> prefix, String nftPath, Duration timeout) {
        List<String> b = new ArrayList<>(prefix);
        b.add(nftPath);
        this.base = List.copyOf(b);
        this.timeout = timeout;
    }

    /**
     * Applies a batch atomically: {@code nft -j -f -} with the batch on stdin.
     *
     * @param json the batch
     * @return how it ended
     */
    Result apply(String json) {
        return run(List.of("-j", "-f", "-"), json);
    }

    /**
     * Lists a table: {@code nft -j list table <family> <name>}.
     *
     * @param family the family
     * @param table the table
     * @return how it ended; stdout holds the JSON listing
     */
    Result listTable(String family, String table) {
        return run(List.of("-j", "list", "table", family, table), null);
    }

    /** @return the command line without arguments, for messages */
    String describe() {
        return String.join(" ", base);
    }

    private Result run(List<String> args, String stdin) {
        List<String> cmd = new ArrayList<>(base);
        cmd.addAll(args);
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            return new Result(-1, "", "cannot run " + describe() + ": " + e.getMessage());
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = drain(p.getErrorStream(), err);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread outReader = drain(p.getInputStream(), out);
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // nft died before reading everything; its exit code and stderr tell why
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "", describe() + " timed out after " + timeout.toMillis() + " ms");
            }
            errReader.join(timeout.toMillis());
            outReader.join(timeout.toMillis());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(-1, "", "interrupted");
        }
        synchronized (out) {
            synchronized (err) {
                return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8),
                        err.toString(StandardCharsets.UTF_8));
            }
        }
    }

    private static Thread drain(InputStream in, ByteArrayOutputStream into) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    synchronized (into) {
                        into.write(buf, 0, n);
                    }
                }
            } catch (IOException e) {
                // the process went away; what was read so far is all there is
            }
        }, "bulwark-nft-output");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
