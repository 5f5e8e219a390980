package io.bulwark.dos.nft;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace of the test's own ({@code bwdos-<random>}), deleted on close: nftables
 * tests change only their namespace's ruleset, never the host's.
 */
final class NetNs implements AutoCloseable {

    /** @param code exit code @param out stdout and stderr together */
    record Run(int code, String out) {
    }

    final String name;

    private NetNs(String name) {
        this.name = name;
    }

    /** @return true when this process may create namespaces and run nft (root, ip and nft present) */
    static boolean available() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return false;
        }
        try (NetNs probe = create()) {
            return probe.exec("nft", "list", "ruleset").code() == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** @return a new, empty namespace */
    static NetNs create() {
        byte[] r = new byte[4];
        new SecureRandom().nextBytes(r);
        String name = "bwdos-" + HexFormat.of().formatHex(r);
        Run add = run("ip", "netns", "add", name);
        if (add.code() != 0) {
            throw new IllegalStateException("ip netns add failed: " + add.out());
        }
        NetNs ns = new NetNs(name);
        ns.exec("ip", "link", "set", "lo", "up");
        return ns;
    }

    /** @return the prefix that runs a command inside this namespace */
    String prefix() {
        return "ip netns exec " + name;
    }

    /**
     * @param command a command to run inside the namespace
     * @return how it ended
     */
    Run exec(String... command) {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", name));
        c.addAll(List.of(command));
        return run(c.toArray(new String[0]));
    }

    /**
     * @param stdin what to feed
     * @param command a command to run inside the namespace
     * @return how it ended
     */
    Run execWithInput(String stdin, String... command) {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", name));
        c.addAll(List.of(command));
        return runWithInput(stdin, c.toArray(new String[0]));
    }

    static Run run(String... command) {
        return runWithInput(null, command);
    }

    static Run runWithInput(String stdin, String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Run(-1, "timed out");
            }
            return new Run(p.exitValue(), out);
        } catch (IOException e) {
            return new Run(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Run(-1, "interrupted");
        }
    }

    @Override
    public void close() {
        run("ip", "netns", "del", name);
    }
}
