package io.bulwark.dos.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a process that is banning: every ban whose {@code ban()} call returned before the
 * kill is there when the store opens again. The child prints a ban's number only after the call
 * returned, so every number the parent read is a ban the store promised to keep.
 */
class JournalKillTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void everyAcknowledgedBanSurvivesSigkill() throws Exception {
        Path journal = dir.resolve("decisions.log");
        Path err = dir.resolve("child.err");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), JournalKillChild.class.getName(),
                journal.toString()).redirectError(err.toFile()).start();
        AtomicInteger acknowledged = new AtomicInteger();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.equals("ready")) {
                        ready.countDown();
                    } else {
                        acknowledged.set(Integer.parseInt(line));
                    }
                }
            } catch (Exception e) {
                // the child died: the stream ends
            }
        }, "child-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!ready.await(30, TimeUnit.SECONDS)) {
                fail("child did not start: " + Files.readString(err));
            }
            Thread.sleep(1_500);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close()
        }
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        assertEquals(137, child.exitValue(), "expected death by SIGKILL");
        int acked = acknowledged.get();
        assertTrue(acked > 10, "the child banned too little to prove anything: " + acked);

        DecisionJournal.Replay replay = DecisionJournal.read(journal);
        assertEquals(0, replay.damaged());
        try (JournaledDecisionStore store = new JournaledDecisionStore(
                JournaledDecisionStoreTest.settings(journal, 10_000_000), Clock.systemUTC(), false)) {
            int held = store.bans().size();
            assertTrue(held >= acked, "acknowledged " + acked + ", held " + held);
            for (int i = 1; i <= acked; i += Math.max(1, acked / 200)) {
                assertTrue(store.banFor(InetAddress.getByName(JournalKillChild.address(i))).isPresent(), "ban " + i);
            }
            assertTrue(store.banFor(InetAddress.getByName(JournalKillChild.address(acked))).isPresent());
        }
    }
}
