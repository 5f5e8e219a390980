package io.bulwark.dos.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.api.decision.AddressBlock;
import io.bulwark.api.decision.AllowListEntry;
import io.bulwark.api.decision.Ban;
import io.bulwark.api.decision.BanOrigin;
import io.bulwark.dos.testing.ManualClock;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionJournalTest {

    @TempDir
    Path dir;

    private static Ban ban(String cidr, String reason) {
        Instant t = Instant.parse("2030-01-01T00:00:00Z");
        return new Ban(AddressBlock.parse(cidr), BanOrigin.DETECTOR, "network.flood", reason, t, t.plusSeconds(600), 1);
    }

    @Test
    void linesRoundTripWhateverTheTextHolds() {
        List<JournalRecord> records = List.of(
                new JournalRecord.BanAdded(ban("203.0.113.5", "a\tb\\c\nd\re ü")),
                new JournalRecord.BanLifted(AddressBlock.parse("2001:db8::/32"), "alice", Instant.ofEpochMilli(5)),
                new JournalRecord.Allowed(new AllowListEntry(AddressBlock.parse("192.0.2.0/24"), "trunk", 10, "bob",
                        Instant.ofEpochMilli(7))),
                new JournalRecord.AllowRemoved(AddressBlock.parse("192.0.2.0/24"), "bob", Instant.ofEpochMilli(9)),
                new JournalRecord.Offence(AddressBlock.parse("198.51.100.1"), 3, Instant.ofEpochMilli(11)));
        for (JournalRecord r : records) {
            String line = JournalCodec.encode(r);
            assertEquals(1, line.chars().filter(c -> c == '\n').count(), "one line: " + line);
            assertEquals(r, JournalCodec.decode(line.substring(0, line.length() - 1)));
        }
    }

    @Test
    void damagedLinesAreRecognised() {
        String line = JournalCodec.encode(new JournalRecord.BanAdded(ban("203.0.113.5", "x")));
        String body = line.substring(0, line.length() - 1);
        assertThrows(IllegalArgumentException.class, () -> JournalCodec.decode(body.replace("203.0.113.5", "203.0.113.6")));
        assertThrows(IllegalArgumentException.class, () -> JournalCodec.decode(body.substring(0, body.length() - 3)));
        assertThrows(IllegalArgumentException.class, () -> JournalCodec.decode(""));
    }

    /** What a kill -9 in the middle of a write leaves: a last line cut short. */
    @Test
    void aTornLastLineIsSkippedAndTheStoreGoesOn() throws Exception {
        Path file = dir.resolve("decisions.log");
        ManualClock clock = new ManualClock();
        JournaledDecisionStore store = new JournaledDecisionStore(JournaledDecisionStoreTest.settings(file, 100),
                clock, false);
        for (int i = 1; i <= 20; i++) {
            store.ban("203.0.113." + i, Duration.ofHours(1), BanOrigin.ADMIN, "alice", "ban " + i);
        }
        store.close();
        long intact = Files.size(file);
        String torn = JournalCodec.encode(new JournalRecord.BanAdded(ban("203.0.113.99", "torn")));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.wrap(torn.substring(0, torn.length() / 2).getBytes(StandardCharsets.UTF_8)));
        }
        DecisionJournal.Replay replay = DecisionJournal.read(file);
        assertEquals(20, replay.records().size());
        assertEquals(1, replay.tornTail());
        assertEquals(0, replay.damaged());

        store = new JournaledDecisionStore(JournaledDecisionStoreTest.settings(file, 100), clock, false);
        assertEquals(20, store.bans().size());
        store.ban("203.0.113.21", Duration.ofHours(1), BanOrigin.ADMIN, "alice", "after recovery");
        store.close();
        assertTrue(Files.size(file) > intact, "compaction dropped the torn bytes, the new line follows");
        store = new JournaledDecisionStore(JournaledDecisionStoreTest.settings(file, 100), clock, false);
        assertEquals(21, store.bans().size());
        store.close();
        assertEquals(0, DecisionJournal.read(file).tornTail());
    }

    @Test
    void aDamagedLineInTheMiddleCostsOnlyThatChange() throws Exception {
        Path file = dir.resolve("decisions.log");
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 3; i++) {
            text.append(JournalCodec.encode(new JournalRecord.BanAdded(ban("203.0.113." + i, "r"))));
        }
        String damaged = text.toString().replace("203.0.113.2/32", "203.0.113.9/32");
        Files.writeString(file, damaged);
        DecisionJournal.Replay replay = DecisionJournal.read(file);
        assertEquals(2, replay.records().size());
        assertEquals(1, replay.damaged());
    }

    @Test
    void aMissingJournalIsEmpty() throws Exception {
        DecisionJournal.Replay replay = DecisionJournal.read(dir.resolve("none.log"));
        assertTrue(replay.records().isEmpty());
    }
}
