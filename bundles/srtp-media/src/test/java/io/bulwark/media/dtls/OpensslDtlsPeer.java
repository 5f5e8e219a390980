package io.bulwark.media.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code openssl} command line (OpenSSL 3) as the independent far end of DTLS-SRTP
 * handshakes: {@code s_server} and {@code s_client} with DTLS 1.2, use_srtp and the RFC 5764 key
 * exporter, each with its own self-signed P-256 certificate made by {@code openssl req} under
 * {@code target/}. Its fingerprint is what {@code openssl x509 -fingerprint} prints, not ours.
 * Public so that the media test in the srtp package can key libsrtp with what OpenSSL exported.
 */
public final class OpensslDtlsPeer {

    private static final Path DIR = Path.of("target", "dtls-openssl");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Path certificate;
    private final Path key;
    private final CertificateFingerprint fingerprint;
    private final String version;
    private final List<String> extraOptions;

    private OpensslDtlsPeer(Path certificate, Path key, CertificateFingerprint fingerprint, String version,
            List<String> extraOptions) {
        this.certificate = certificate;
        this.key = key;
        this.fingerprint = fingerprint;
        this.version = version;
        this.extraOptions = extraOptions;
    }

    /**
     * Makes the peer's key and certificate, or aborts the calling test when {@code openssl} cannot
     * run. Under CI ({@code CI=true}), whose {@code .ci/test} installs it, that fails instead.
     */
    public static OpensslDtlsPeer create() throws IOException, InterruptedException {
        return create(List.of(), List.of());
    }

    /**
     * A peer whose self-signed certificate is signed with ECDSA and SHA-1, as older endpoints still
     * make them; OpenSSL itself needs security level 0 to use it. The handshake's own signatures
     * stay SHA-2.
     */
    public static OpensslDtlsPeer createWithSha1SignedCertificate() throws IOException, InterruptedException {
        return create(List.of("-sha1"), List.of("-cipher", "DEFAULT:@SECLEVEL=0"));
    }

    private static OpensslDtlsPeer create(List<String> reqOptions, List<String> sessionOptions)
            throws IOException, InterruptedException {
        Result v = exec(List.of("openssl", "version"));
        if (v.code != 0) {
            String reason = "openssl not usable: `openssl version` " + (v.code == -1 ? "could not run (" + v.output + ")"
                    : "exited " + v.code) + "; install openssl (Debian) to run the DTLS-SRTP interop tests";
            if ("true".equals(System.getenv("CI"))) {
                fail(reason + " (CI installs it, so under CI=true this is a failure, not a skip)");
            }
            Assumptions.abort(reason);
        }
        Files.createDirectories(DIR);
        Path dir = Files.createTempDirectory(DIR, "peer");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        List<String> req = new ArrayList<>(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "2",
                "-subj", "/CN=openssl-peer"));
        req.addAll(reqOptions);
        Result made = exec(req);
        assertEquals(0, made.code, "openssl req: " + made.output);
        return new OpensslDtlsPeer(cert, key, fingerprintOf(cert), v.output.trim(), sessionOptions);
    }

    /**
     * The SHA-256 fingerprint of a PEM certificate as {@code openssl x509 -fingerprint} prints it
     * ({@code sha256 Fingerprint=AB:CD:...}), read with our SDP parser.
     */
    public static CertificateFingerprint fingerprintOf(Path pem) throws IOException, InterruptedException {
        Result out = exec(List.of("openssl", "x509", "-in", pem.toString(), "-noout", "-fingerprint", "-sha256"));
        assertEquals(0, out.code, "openssl x509: " + out.output);
        String line = out.output.trim();
        assertTrue(line.startsWith("sha256 Fingerprint="), line);
        try {
            return CertificateFingerprint.parse("sha-256 " + line.substring("sha256 Fingerprint=".length()));
        } catch (io.bulwark.media.sdp.SdpException e) {
            throw new AssertionError("openssl's fingerprint does not parse: " + line, e);
        }
    }

    /** The peer's certificate fingerprint, to pass to our side as its SDP would. */
    public CertificateFingerprint fingerprint() {
        return fingerprint;
    }

    /** The DER encoding of the peer's certificate, read from its PEM file. */
    public byte[] certificateDer() throws IOException {
        String pem = Files.readString(certificate, StandardCharsets.US_ASCII);
        String body = pem.replaceAll("-----(BEGIN|END) CERTIFICATE-----", "").replaceAll("\\s", "");
        return java.util.Base64.getDecoder().decode(body);
    }

    /** {@code openssl version}. */
    public String version() {
        return version;
    }

    /** OpenSSL's name of a protection profile, as {@code -use_srtp} takes it. */
    public static String opensslName(SrtpProtectionProfile profile) {
        return switch (profile) {
            case SRTP_AES128_CM_HMAC_SHA1_80 -> "SRTP_AES128_CM_SHA1_80";
            case SRTP_AES128_CM_HMAC_SHA1_32 -> "SRTP_AES128_CM_SHA1_32";
            case SRTP_AEAD_AES_128_GCM -> "SRTP_AEAD_AES_128_GCM";
            case SRTP_AEAD_AES_256_GCM -> "SRTP_AEAD_AES_256_GCM";
        };
    }

    /** A colon-separated {@code -use_srtp} list. */
    public static String opensslNames(List<SrtpProtectionProfile> profiles) {
        List<String> names = new ArrayList<>();
        profiles.forEach(p -> names.add(opensslName(p)));
        return String.join(":", names);
    }

    /** A UDP port on 127.0.0.1 that was free a moment ago. */
    public static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        }
    }

    /**
     * Starts {@code s_server} on 127.0.0.1:{@code port} for one connection, requiring a client
     * certificate, and waits until it listens.
     */
    public Session server(int port, String profiles, int exportLength) throws IOException {
        Session s = start(List.of("openssl", "s_server", "-dtls1_2", "-accept", "127.0.0.1:" + port,
                "-cert", certificate.toString(), "-key", key.toString(), "-Verify", "1", "-naccept", "1",
                "-use_srtp", profiles, "-keymatexport", DtlsSrtpNegotiation.EXPORTER_LABEL,
                "-keymatexportlen", Integer.toString(exportLength)), extraOptions);
        if (!s.awaitLine("ACCEPT", WAIT)) {
            s.close();
            fail("openssl s_server did not start listening:\n" + s.output());
        }
        return s;
    }

    /** Starts {@code s_client} against 127.0.0.1:{@code port}, with its certificate. */
    public Session client(int port, String profiles, int exportLength) throws IOException {
        return start(List.of("openssl", "s_client", "-dtls1_2", "-connect", "127.0.0.1:" + port,
                "-cert", certificate.toString(), "-key", key.toString(),
                "-use_srtp", profiles, "-keymatexport", DtlsSrtpNegotiation.EXPORTER_LABEL,
                "-keymatexportlen", Integer.toString(exportLength)), extraOptions);
    }

    private static Session start(List<String> options, List<String> extra) throws IOException {
        List<String> command = new ArrayList<>(options);
        command.addAll(extra);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new Session(p, String.join(" ", command));
    }

    /** A running {@code s_server} or {@code s_client}: its output, read as it comes. */
    public static final class Session implements AutoCloseable {

        private final Process process;
        private final String command;
        private final List<String> lines = new ArrayList<>();
        private final Thread reader;

        Session(Process process, String command) {
            this.process = process;
            this.command = command;
            this.reader = new Thread(this::read, "openssl-output");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            synchronized (lines) {
                lines.add(null); // end of output
                lines.notifyAll();
            }
        }

        /** Waits for a line containing {@code fragment}; false if the output ended or time ran out first. */
        public boolean awaitLine(String fragment, Duration wait) {
            return findLine(fragment, wait).isPresent();
        }

        private Optional<String> findLine(String fragment, Duration wait) {
            long deadline = System.nanoTime() + wait.toNanos();
            synchronized (lines) {
                int seen = 0;
                while (true) {
                    for (; seen < lines.size(); seen++) {
                        String line = lines.get(seen);
                        if (line == null) {
                            return Optional.empty();
                        }
                        if (line.contains(fragment)) {
                            return Optional.of(line);
                        }
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return Optional.empty();
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(lines, left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return Optional.empty();
                    }
                }
            }
        }

        /** The first line containing {@code fragment}; fails the test if none comes. */
        public String line(String fragment) {
            return findLine(fragment, WAIT).orElseThrow(() -> new AssertionError("no line with '" + fragment
                    + "' from openssl:\n" + output()));
        }

        /** The keying material OpenSSL exported, as it printed it ({@code Keying material: HEX}). */
        public byte[] keyingMaterial() {
            String line = findLine("Keying material:", WAIT)
                    .orElseThrow(() -> new AssertionError("openssl printed no keying material:\n" + output()));
            String hex = line.substring(line.indexOf(':') + 1).trim();
            return HexFormat.of().parseHex(hex.toLowerCase(java.util.Locale.ROOT));
        }

        /** The profile OpenSSL says was negotiated ({@code SRTP Extension negotiated, profile=NAME}). */
        public String srtpProfile() {
            String line = findLine("SRTP Extension negotiated", WAIT)
                    .orElseThrow(() -> new AssertionError("openssl negotiated no SRTP profile:\n" + output()));
            return line.substring(line.indexOf("profile=") + "profile=".length()).trim();
        }

        /** Everything printed so far. */
        public String output() {
            StringBuilder b = new StringBuilder("$ ").append(command).append('\n');
            synchronized (lines) {
                for (String line : lines) {
                    if (line != null) {
                        b.append(line).append('\n');
                    }
                }
            }
            return b.toString();
        }

        /** Waits for the process to exit by itself (after the connection closed); false if it did not in time. */
        public boolean awaitExit(Duration wait) throws InterruptedException {
            return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Closes its standard input (s_client then sends close_notify and exits) and ends it. */
        @Override
        public void close() {
            try {
                process.getOutputStream().close();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
                reader.join(5000);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private record Result(int code, String output) {
    }

    private static Result exec(List<String> command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
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
