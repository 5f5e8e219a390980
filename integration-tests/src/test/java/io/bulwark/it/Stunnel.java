package io.bulwark.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real TLS client in front of a TCP SIP peer: Debian's sipp is built without OpenSSL, so a
 * sipp UAC over TCP talks to a local stunnel, which speaks TLS 1.2+ to the appliance.
 */
final class Stunnel implements AutoCloseable {

    private final Process process;
    final int acceptPort;

    Stunnel(Path workDir, int connectPort) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        acceptPort = FreePorts.tcp();
        Path conf = workDir.resolve("stunnel-" + acceptPort + ".conf");
        Files.writeString(conf, String.join("\n",
                "foreground = yes",
                "pid =",
                "[sip-tls]",
                "client = yes",
                "accept = 127.0.0.1:" + acceptPort,
                "connect = 127.0.0.1:" + connectPort,
                "sslVersionMin = TLSv1.2",
                ""), StandardCharsets.US_ASCII);
        process = new ProcessBuilder("stunnel", conf.toString()).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("stunnel-" + acceptPort + ".out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", acceptPort)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("stunnel did not start");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
    }
}
