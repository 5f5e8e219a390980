package io.bulwark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Network-level defence with real nftables and real packets: the appliance runs in a network
 * namespace of its own (so its firewall is that namespace's), an attacker and a legitimate caller
 * reach it over a veth pair from two addresses of the test host. An INVITE flood from sipp gets
 * the attacker banned and its address into the kernel set, where a junk flood is then dropped by
 * the kernel; the legitimate calls meanwhile complete. Unbanning through the API removes the
 * kernel element; a ban survives kill -9 and is back in the kernel after the restart. Over 100,000
 * spoofed sources leave the appliance's memory within what its configured tables allow.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DosEnforcementIT {

    private static final String NET = "10.231.7";
    private static final String APPLIANCE = NET + ".2";
    private static final String ATTACKER = NET + ".1";
    private static final String CALLER = NET + ".3";
    private static final String FUZZER = NET + ".4";
    private static final String PW = "dos test password 1";
    private static final int LEGIT_CALLS = 200;

    /**
     * Datagrams the generator sends: hping3 draws each source at random from the whole IPv4 space
     * (a repeat among 150,000 draws is rare) and the kernel drops the martian ones (multicast,
     * 0/8, 127/8: about 7 %), so half as many again as the 100,000 distinct sources required.
     */
    private static final int SPOOFED_DATAGRAMS = 150_000;

    /**
     * The sip-proxy's table of sources of malformed messages (each spoofed datagram is junk to the
     * decoder): at most 10,000 sources, each a LinkedHashMap entry, its Inet4Address and a long[2],
     * well under 200 bytes. The only per-source structure on the heap that is not preallocated.
     */
    private static final long MALFORMED_SOURCES_BYTES = 10_000L * 200;

    /**
     * RSS growth allowed for the JVM itself, whatever the number of sources, over the tables and
     * caches: heap regions touched for the first time as G1 resizes the young generation for the
     * garbage of receiving 13,000 datagrams a second, code compiled, thread stacks, buffers of
     * the event loops (0-4 MiB measured over the second batch). RSS is a coarse measure; the live
     * heap after a full collection is the sharp one, bounded by {@link #LIVE_SLACK_KIB}.
     */
    private static final long JVM_ALLOWANCE_KIB = 32 * 1024;

    /**
     * Live heap growth allowed over the malformed-source table: sessions, log buffers and the
     * like (0.9-2.0 MiB growth measured in all, the table included). A structure keeping as
     * little as 48 bytes per source would grow by about 6 MiB with the 130,000-odd sources
     * delivered, and fail.
     */
    private static final long LIVE_SLACK_KIB = 4 * 1024;

    /** nft ruleset of the test's counting table: %s the appliance's address, %d its port. */
    private static final String COUNTING_TABLE = """
            table inet bulwark_test_spoof {
                set seen4 { type ipv4_addr; size 262144; flags dynamic; }
                chain input {
                    type filter hook input priority 0; policy accept;
                    ip daddr %s udp dport %d add @seen4 { ip saddr } counter
                }
            }
            """;

    private static Netns ns;
    private static Appliance appliance;
    private static Sipp pbx;
    private static AdminClient admin;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Netns.available(), "needs root and iproute2 (CI runs as root)");
        Assumptions.assumeTrue(new ProcessBuilder("nft", "--version").start().waitFor() == 0, "needs nftables");
        ns = new Netns("bwd-app", NET);
        Netns.sh("ip", "addr", "add", CALLER + "/24", "dev", ns.hostSide);
        Netns.sh("ip", "addr", "add", FUZZER + "/24", "dev", ns.hostSide);
        appliance = new Appliance("dos").inNamespace(ns.name, APPLIANCE);
        appliance.editConfig("io.bulwark.dos.nftables.cfg", Map.of("sip.ports",
                appliance.outsidePort + "," + appliance.outsideTlsPort));
        appliance.editConfig("io.bulwark.admin.cfg", Map.of("password.hash.memory.kib", "8192",
                "password.hash.iterations", "1"));
        appliance.start();
        appliance.awaitAdmin();
        pbx = Sipp.uasIn(ns.name, appliance.home.resolve("sipp"), "pbx-uas", appliance.pbxPort);
        admin = AdminClient.firstAdmin(appliance, "root", PW);
        awaitEnforcing();
    }

    @AfterAll
    static void stop() throws Exception {
        if (pbx != null) {
            pbx.close();
        }
        if (appliance != null) {
            appliance.close();
        }
        if (ns != null) {
            ns.close();
        }
    }

    private static void awaitEnforcing() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String state = "";
        while (System.nanoTime() < deadline) {
            AdminClient.Reply r = admin.get("/api/v1/enforcement");
            state = r.body();
            if (r.status() == 200 && r.json().get("state").asText().equals("ENFORCING")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("kernel enforcement never started: " + state);
    }

    private static String nft(String... args) throws Exception {
        String[] cmd = new String[args.length + 5];
        System.arraycopy(new String[] {"ip", "netns", "exec", ns.name, "nft"}, 0, cmd, 0, 5);
        System.arraycopy(args, 0, cmd, 5, args.length);
        return Netns.sh(cmd);
    }

    private static boolean inKernelSet(String address) throws Exception {
        return nft("list", "set", "inet", "bulwark", "banned4").contains(address);
    }

    /** @return packets counted by the IPv4 drop rule */
    private static long dropCounter() throws Exception {
        Matcher m = Pattern.compile("counter packets (\\d+) bytes \\d+ drop comment \"bulwark:banned4\"")
                .matcher(nft("list", "chain", "inet", "bulwark", "prerouting"));
        assertTrue(m.find(), "no drop rule for banned4");
        return Long.parseLong(m.group(1));
    }

    private static long waitFor(String what, Duration timeout, Check check) throws Exception {
        long begin = System.nanoTime();
        while (System.nanoTime() - begin < timeout.toNanos()) {
            if (check.ok()) {
                return (System.nanoTime() - begin) / 1_000_000;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(what + " not within " + timeout);
    }

    @FunctionalInterface
    private interface Check {
        boolean ok() throws Exception;
    }

    @Test
    @Order(10)
    void aFloodGetsTheAttackerBannedInTheKernelWhileCallsGoOn() throws Exception {
        String target = APPLIANCE + ":" + appliance.outsidePort;
        // 8 calls/s: under the default INVITE rate of an unlisted source (10/s); a trunk sending more
        // is allow-listed with a limit of its own
        try (Sipp caller = Sipp.uacFrom(CALLER, appliance.home.resolve("sipp"), "legit", target, LEGIT_CALLS, 8)) {
            Thread.sleep(3000);
            long floodStart = System.nanoTime();
            long detectToKernelMs;
            try (Sipp flood = Sipp.uacFrom(ATTACKER, appliance.home.resolve("sipp"), "flood", target, 20000, 2000,
                    "-timeout", "15s")) {
                detectToKernelMs = waitFor("attacker in the kernel set", Duration.ofSeconds(10),
                        () -> inKernelSet(ATTACKER));
                System.out.printf("INVITE flood start to kernel drop: %d ms%n", detectToKernelMs);
                flood.close();
            }
            JsonNode top = admin.get("/api/v1/events/summary?minutes=5").json().get("topSources");
            assertTrue(top.toString().contains(ATTACKER) && top.toString().contains("network.flood"), top.toString());
            JsonNode bans = admin.get("/api/v1/bans").json();
            assertTrue(bans.toString().contains(ATTACKER + "/32"), bans.toString());
            assertEquals("DETECTOR", bans.get(0).get("origin").asText());
            assertEquals("network.flood", bans.get(0).get("originName").asText());

            long before = dropCounter();
            long userSpaceBefore = bannedInUserSpace();
            int junk = junkFlood(Duration.ofSeconds(2));
            long dropped = waitFor("junk counted by the kernel", Duration.ofSeconds(5),
                    () -> dropCounter() - before >= junk * 0.99) >= 0 ? dropCounter() - before : 0;
            long userSpace = bannedInUserSpace() - userSpaceBefore;
            System.out.printf("junk flood: %d datagrams sent, %d dropped by the kernel, %d seen in user space%n", junk,
                    dropped, userSpace);
            assertEquals(0, userSpace, "the banned source's packets never reach the appliance's user space");

            assertEquals(0, caller.await(120), "legitimate calls: " + caller.output());
            long ok = caller.counter("Successful call");
            System.out.printf("legitimate calls during the floods: %d of %d successful%n", ok, LEGIT_CALLS);
            assertTrue(ok >= LEGIT_CALLS * 0.999, "successful legitimate calls: " + ok);
            assertTrue(floodStart > 0 && detectToKernelMs < 1000, "detection to kernel drop: " + detectToKernelMs + " ms");
        }
        assertFalse(inKernelSet(CALLER), "the legitimate caller is not banned");
    }

    /** @return packets of banned sources that reached the admission gate (the kernel let them by) */
    private static long bannedInUserSpace() {
        return admin.get("/api/v1/admission").json().get("dropped").get("BANNED").asLong();
    }

    private static int junkFlood(Duration d) throws Exception {
        byte[] junk = "\u0000\u00ffjunk-not-sip-at-all-0123456789".getBytes(StandardCharsets.ISO_8859_1);
        InetSocketAddress to = new InetSocketAddress(APPLIANCE, appliance.outsidePort);
        int sent = 0;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(ATTACKER), 0))) {
            long end = System.nanoTime() + d.toNanos();
            while (System.nanoTime() < end) {
                s.send(new DatagramPacket(junk, junk.length, to));
                sent++;
            }
        }
        return sent;
    }

    @Test
    @Order(15)
    void theDashboardShowsTheAttackerAmongTheTopOffenders() throws Exception {
        new BrowserDriver(appliance.adminUrl()).run("attacks", Map.of("BULWARK_USER", "root", "BULWARK_PASSWORD", PW,
                "EXPECT_SOURCE", ATTACKER));
    }

    @Test
    @Order(20)
    void unbanThroughTheApiRemovesTheKernelElementAtOnce() throws Exception {
        assertTrue(inKernelSet(ATTACKER));
        long begin = System.nanoTime();
        assertEquals(204, admin.send("DELETE", "/api/v1/bans?scope=" + ATTACKER + "/32", null, true).status());
        long ms = waitFor("kernel element removed", Duration.ofSeconds(1), () -> !inKernelSet(ATTACKER));
        System.out.printf("unban to kernel element gone: %d ms (API call included: %d ms)%n", ms,
                (System.nanoTime() - begin) / 1_000_000);
    }

    @Test
    @Order(25)
    void unbanInTheWebUiRemovesTheKernelElement() throws Exception {
        assertEquals(201, admin.post("/api/v1/bans", AdminClient.json("scope", "192.0.2.77", "ttlSeconds", 3600,
                "reason", "to be lifted in the UI")).status());
        waitFor("ban in the kernel", Duration.ofSeconds(2), () -> inKernelSet("192.0.2.77"));
        new BrowserDriver(appliance.adminUrl()).run("unban", Map.of("BULWARK_USER", "root", "BULWARK_PASSWORD", PW,
                "BAN_SCOPE", "192.0.2.77/32"));
        waitFor("kernel element removed after the UI unban", Duration.ofSeconds(1), () -> !inKernelSet("192.0.2.77"));
    }

    @Test
    @Order(30)
    void aBanSurvivesKillMinus9AndIsBackInTheKernelAfterRestart() throws Exception {
        assertEquals(201, admin.post("/api/v1/bans", AdminClient.json("scope", "192.0.2.66", "ttlSeconds", 3600,
                "reason", "kept across a crash")).status());
        waitFor("manual ban in the kernel", Duration.ofSeconds(2), () -> inKernelSet("192.0.2.66"));
        appliance.kill();
        nft("flush", "set", "inet", "bulwark", "banned4"); // and someone tampered with the kernel set meanwhile
        assertFalse(inKernelSet("192.0.2.66"));
        appliance.start();
        appliance.awaitAdmin();
        admin = new AdminClient(appliance.adminUrl(), AdminClient.trusting(appliance.home));
        assertEquals(200, admin.login("root", PW).status());
        assertTrue(admin.get("/api/v1/bans").body().contains("192.0.2.66/32"));
        waitFor("ban reconciled into the kernel after restart", Duration.ofSeconds(30), () -> inKernelSet("192.0.2.66"));
    }

    @Test
    @Order(40)
    void aSourceRepeatingMalformedMessagesIsBannedThroughThePolicy() throws Exception {
        byte[] broken = ("INVITE sip:100@" + APPLIANCE + " SIP/2.0\r\nVia: this is not a via\r\nCSeq: x\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(FUZZER), 0))) {
            for (int i = 0; i < 6; i++) {
                s.send(new DatagramPacket(broken, broken.length, new InetSocketAddress(APPLIANCE, appliance.outsidePort)));
            }
        }
        long ms = waitFor("malformed source in the kernel set", Duration.ofSeconds(5), () -> inKernelSet(FUZZER));
        System.out.printf("6 malformed messages to kernel drop: %d ms%n", ms);
        JsonNode ban = null;
        for (JsonNode b : admin.get("/api/v1/bans").json()) {
            if (b.get("scope").asText().equals(FUZZER + "/32")) {
                ban = b;
            }
        }
        assertTrue(ban != null && ban.get("originName").asText().equals("sip.malformed"), String.valueOf(ban));
    }

    @Test
    @Order(50)
    void anAllowListedSourceOverItsRateIsThrottledNotBanned() throws Exception {
        assertEquals(201, admin.post("/api/v1/allow-list", AdminClient.json("scope", CALLER, "label", "SIP trunk",
                "ratePerSecond", 100)).status());
        // twice its limit, well over the flood threshold of an unlisted source
        byte[] options = ("OPTIONS sip:" + APPLIANCE + " SIP/2.0\r\nVia: SIP/2.0/UDP " + CALLER
                + ":5999;branch=z9hG4bK-allow\r\nMax-Forwards: 70\r\nFrom: <sip:trunk@" + CALLER + ">;tag=1\r\n"
                + "To: <sip:" + APPLIANCE + ">\r\nCall-ID: allow-test\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        long throttledBefore = admin.get("/api/v1/admission").json().get("dropped").get("ALLOWED_RATE").asLong();
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(CALLER), 0))) {
            InetSocketAddress to = new InetSocketAddress(APPLIANCE, appliance.outsidePort);
            long end = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            int sent = 0;
            while (System.nanoTime() < end) {
                s.send(new DatagramPacket(options, options.length, to));
                sent++;
                Thread.sleep(0, 500_000); // about twice the limit of 100/s at least; usually much more
            }
            System.out.printf("allow-listed source: %d OPTIONS in 4 s against a limit of 100/s%n", sent);
        }
        Thread.sleep(1500);
        long throttled = admin.get("/api/v1/admission").json().get("dropped").get("ALLOWED_RATE").asLong()
                - throttledBefore;
        System.out.printf("allow-listed source: %d packets throttled, not banned%n", throttled);
        assertTrue(throttled > 0, "over its limit, an allow-listed source is throttled");
        assertFalse(admin.get("/api/v1/bans").body().contains(CALLER), "an allow-listed source is never banned");
        assertFalse(inKernelSet(CALLER));
    }

    /**
     * The issue's bound on spoofed sources, end to end: well over 100,000 distinct spoofed IPv4
     * sources (hping3's random sources, about one datagram each) reach the appliance's outside
     * port through the kernel, and its memory stays within what the configured tables and bounded
     * caches allow; nobody is banned for it, and calls still go through afterwards. Two batches
     * of as many sources: the first overflows every table and lets the JVM settle under the
     * traffic, the second is measured: what a long-running appliance under attack sees. (Measured
     * over a single batch, right after a restart, RSS grew by 7-47 MiB while the live heap grew
     * by the malformed-source table alone.)
     */
    @Test
    @Order(60)
    void manySpoofedSourcesDoNotGrowMemoryBeyondTheConfiguredBound() throws Exception {
        Assumptions.assumeTrue(new ProcessBuilder("sh", "-c", "command -v hping3").start().waitFor() == 0,
                "needs hping3 (.ci/test installs it)");
        // The kernel takes a datagram from a spoofed source only with reverse-path filtering off (in
        // force: the larger of 'all' and the interface's value). No default route is added: nothing
        // the namespace might answer to a spoofed address can leave it.
        for (String conf : new String[] {"all", "default", ns.name + "-p"}) {
            Netns.sh(ns.exec("sysctl", "-qw", "net.ipv4.conf." + conf + ".rp_filter=0").toArray(String[]::new));
        }
        // A table of the test's own collects the distinct sources the kernel delivered to the local
        // stack (input hook: after routing, so the martian sources it dropped are not counted).
        Path rules = appliance.home.resolve("spoof-count.nft");
        Files.writeString(rules, COUNTING_TABLE.formatted(APPLIANCE, appliance.outsidePort));
        nft("-f", rules.toString());
        try {
            long pid = jvmPid();
            long tableBytes = admissionTableBytes() + floodTableBytes();
            long rssBoundKib = (tableBytes + MALFORMED_SOURCES_BYTES) / 1024 + JVM_ALLOWANCE_KIB;
            long liveBoundKib = MALFORMED_SOURCES_BYTES / 1024 + LIVE_SLACK_KIB;
            int bansBefore = admin.get("/api/v1/bans").json().size();
            // First batch: fills every table and cache beyond its size, and lets the JVM settle
            // under this traffic (heap regions the garbage of receiving needs, compiled code)
            long admissionBefore = admissionTotal();
            long rssStart = rssKib(pid);
            long warmUpSent = spoofedFlood(SPOOFED_DATAGRAMS);
            long warmUpSeen = settledAdmissionTotal() - admissionBefore;
            long warmUpDistinct = distinctSourcesDelivered();
            nft("flush", "set", "inet", "bulwark_test_spoof", "seen4");
            System.out.printf("spoofed sources, first batch: %d datagrams sent, %d distinct sources delivered, %d seen"
                    + " by the admission gate; RSS %d KiB before, %d KiB after%n", warmUpSent, warmUpDistinct,
                    warmUpSeen, rssStart, rssKib(pid));

            // Second batch, measured: as many new random sources
            // RSS first: a full collection may give heap back to the OS, which the flood's garbage
            // would then take again, and count as growth
            long rssBefore = rssKib(pid);
            long liveBefore = liveHeapKib(pid);
            admissionBefore = admissionTotal();
            AtomicLong rssPeak = new AtomicLong(rssBefore);
            Thread sampler = new Thread(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        rssPeak.accumulateAndGet(rssKib(pid), Math::max);
                        Thread.sleep(100);
                    }
                } catch (InterruptedException | java.io.IOException e) {
                    // the JVM is gone or the test is over: the peak so far stands
                }
            }, "rss-sampler");
            sampler.setDaemon(true);
            sampler.start();
            long begin = System.nanoTime();
            long sent = spoofedFlood(SPOOFED_DATAGRAMS);
            long floodMs = (System.nanoTime() - begin) / 1_000_000;
            long seen = settledAdmissionTotal() - admissionBefore;
            sampler.interrupt();
            sampler.join(1000);
            long rssAfter = rssKib(pid);
            rssPeak.accumulateAndGet(rssAfter, Math::max);
            long liveAfter = liveHeapKib(pid);
            long distinct = distinctSourcesDelivered();

            System.out.printf("spoofed sources, second batch: %d datagrams from random sources sent in %d ms, %d"
                    + " distinct sources delivered by the kernel, %d datagrams seen by the admission gate%n", sent,
                    floodMs, distinct, seen);
            System.out.printf("appliance RSS: %d KiB before, %d KiB peak, %d KiB after: growth %d KiB (bound %d KiB);"
                    + " live heap after a full GC: %d KiB before, %d KiB after: growth %d KiB (bound %d KiB)%n",
                    rssBefore, rssPeak.get(), rssAfter, rssPeak.get() - rssBefore, rssBoundKib, liveBefore, liveAfter,
                    liveAfter - liveBefore, liveBoundKib);
            assertTrue(distinct >= 100_000, "distinct spoofed sources delivered: " + distinct);
            assertTrue(seen >= distinct * 0.95, "the admission gate saw " + seen + " of " + distinct + " sources");
            assertTrue(rssPeak.get() - rssBefore < rssBoundKib, "RSS grew by " + (rssPeak.get() - rssBefore) + " KiB");
            assertTrue(liveAfter - liveBefore < liveBoundKib, "live heap grew by " + (liveAfter - liveBefore) + " KiB");
            int bansAfter = admin.get("/api/v1/bans").json().size();
            assertTrue(bansAfter - bansBefore < 10, "bans before the flood " + bansBefore + ", after " + bansAfter);

            try (Sipp caller = Sipp.uacFrom(CALLER, appliance.home.resolve("sipp"), "after-spoofing",
                    APPLIANCE + ":" + appliance.outsidePort, 10, 5)) {
                assertEquals(0, caller.await(60), "calls after the spoofed sources: " + caller.output());
                assertEquals(10, caller.counter("Successful call"));
            }
        } finally {
            nft("delete", "table", "inet", "bulwark_test_spoof");
        }
    }

    /** @return bytes of the admission gate's tables, as its last start logged them */
    private static long admissionTableBytes() throws java.io.IOException {
        Matcher m = Pattern.compile("Admission gate ready: (\\d+) bytes of tables").matcher(appliance.log());
        long bytes = -1;
        while (m.find()) {
            bytes = Long.parseLong(m.group(1));
        }
        assertTrue(bytes > 0, "the admission gate logs its table size");
        return bytes;
    }

    /** @return bytes of the flood detector's table: 40 a slot, slots as configured (default 131072) */
    private static long floodTableBytes() throws java.io.IOException {
        Matcher m = Pattern.compile("(?m)^\\s*table\\.slots\\s*=\\s*(\\d+)")
                .matcher(Files.readString(appliance.home.resolve("etc/io.bulwark.dos.flood.cfg")));
        return 40L * (m.find() ? Long.parseLong(m.group(1)) : 131_072);
    }

    /** @return how many distinct sources the counting table holds */
    private static long distinctSourcesDelivered() throws Exception {
        Matcher m = Pattern.compile("\\b\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\b")
                .matcher(nft("list", "set", "inet", "bulwark_test_spoof", "seen4"));
        long n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /**
     * Sends UDP datagrams of 40 bytes, each from a random source address, to the appliance's
     * outside port, paced 40 us apart by hping3 (about 13,000 a second here).
     *
     * @return datagrams hping3 reports sent
     */
    private static long spoofedFlood(int datagrams) throws Exception {
        Path out = appliance.home.resolve("sipp").resolve("hping3.out");
        Files.createDirectories(out.getParent());
        Process p = new ProcessBuilder("timeout", "120", "hping3", "--udp", "--rand-source", "-p",
                Integer.toString(appliance.outsidePort), "-d", "40", "-c", Integer.toString(datagrams), "-i", "u40",
                "-q", APPLIANCE).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(130, TimeUnit.SECONDS), "hping3 did not end");
        String report = Files.readString(out, StandardCharsets.ISO_8859_1);
        Matcher m = Pattern.compile("(\\d+) packets transmitted").matcher(report);
        assertTrue(m.find(), "hping3: " + report);
        return Long.parseLong(m.group(1));
    }

    /** @return datagrams, connections and requests the admission gate let in or dropped, every reason */
    private static long admissionTotal() {
        JsonNode a = admin.get("/api/v1/admission").json();
        long total = a.get("admitted").asLong();
        for (JsonNode d : a.get("dropped")) {
            total += d.asLong();
        }
        return total;
    }

    /** @return {@link #admissionTotal()} once it stopped moving (the socket's backlog is read) */
    private static long settledAdmissionTotal() throws InterruptedException {
        long last = -1;
        long now = admissionTotal();
        for (int i = 0; i < 50 && now != last; i++) {
            Thread.sleep(300);
            last = now;
            now = admissionTotal();
        }
        return now;
    }

    /** @return the pid of the appliance's JVM (bin/karaf runs java as a child) */
    private static long jvmPid() throws Exception {
        return Long.parseLong(Netns.sh("pgrep", "-f", "karaf.home=" + appliance.home).trim().split("\\s+")[0]);
    }

    /** @return the JVM's heap in use right after a full collection (jcmd GC.run), KiB */
    private static long liveHeapKib(long pid) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Netns.sh(jcmd, Long.toString(pid), "GC.run");
        String info = Netns.sh(jcmd, Long.toString(pid), "GC.heap_info");
        Matcher m = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K").matcher(info);
        assertTrue(m.find(), info);
        return Long.parseLong(m.group(1));
    }

    private static long rssKib(long pid) throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for pid " + pid);
    }
}
