package io.bulwark.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace of the test's own, linked to the root namespace by a veth pair, so a peer
 * can live on an address of its own without any traffic leaving this machine.
 */
final class Netns implements AutoCloseable {

    final String name;
    final String hostSide;
    final String hostAddress;
    final String peerAddress;

    /**
     * @param name namespace name (short)
     * @param subnet the first three octets of a /24 used only inside this machine, e.g. 10.231.1
     */
    Netns(String name, String subnet) throws IOException, InterruptedException {
        this.name = name;
        this.hostSide = name + "-h";
        this.hostAddress = subnet + ".1";
        this.peerAddress = subnet + ".2";
        close();
        sh("ip", "netns", "add", name);
        sh("ip", "link", "add", hostSide, "type", "veth", "peer", "name", name + "-p");
        sh("ip", "link", "set", name + "-p", "netns", name);
        sh("ip", "addr", "add", hostAddress + "/24", "dev", hostSide);
        sh("ip", "link", "set", hostSide, "up");
        sh("ip", "netns", "exec", name, "ip", "addr", "add", peerAddress + "/24", "dev", name + "-p");
        sh("ip", "netns", "exec", name, "ip", "link", "set", name + "-p", "up");
        sh("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up");
    }

    private Netns(String name, String hostSide, String hostAddress, String peerAddress) {
        this.name = name;
        this.hostSide = hostSide;
        this.hostAddress = hostAddress;
        this.peerAddress = peerAddress;
    }

    /**
     * A namespace of its own for one party (an attacker, a caller), wired straight into another
     * namespace by a veth pair on a /24 of its own: the party is {@code subnet.2}, the other
     * namespace's end {@code subnet.1}, and the party's default route goes there. It reaches every
     * address of the other namespace with a source address nobody else has, whatever the tool it
     * runs does with binding options.
     *
     * @param name namespace name (short)
     * @param into the namespace it is wired into
     * @param subnet the first three octets of a /24 used only inside this machine
     */
    static Netns party(String name, Netns into, String subnet) throws IOException, InterruptedException {
        Netns n = new Netns(name, name + "-h", subnet + ".1", subnet + ".2");
        n.close();
        sh("ip", "netns", "add", name);
        sh("ip", "link", "add", n.hostSide, "type", "veth", "peer", "name", name + "-p");
        sh("ip", "link", "set", name + "-p", "netns", name);
        sh("ip", "link", "set", n.hostSide, "netns", into.name);
        sh("ip", "netns", "exec", into.name, "ip", "addr", "add", n.hostAddress + "/24", "dev", n.hostSide);
        sh("ip", "netns", "exec", into.name, "ip", "link", "set", n.hostSide, "up");
        sh("ip", "netns", "exec", name, "ip", "addr", "add", n.peerAddress + "/24", "dev", name + "-p");
        sh("ip", "netns", "exec", name, "ip", "link", "set", name + "-p", "up");
        sh("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up");
        sh("ip", "netns", "exec", name, "ip", "route", "add", "default", "via", n.hostAddress);
        return n;
    }

    /** @return the command prefixed to run inside this namespace */
    List<String> exec(String... command) {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", name));
        c.addAll(List.of(command));
        return c;
    }

    static String sh(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    static boolean available() {
        try {
            return new ProcessBuilder("id", "-u").start().inputReader().readLine().trim().equals("0")
                    && new ProcessBuilder("ip", "netns", "list").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            new ProcessBuilder("ip", "link", "del", hostSide).start().waitFor(10, TimeUnit.SECONDS);
            new ProcessBuilder("ip", "netns", "del", name).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            // nothing left to clean
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
