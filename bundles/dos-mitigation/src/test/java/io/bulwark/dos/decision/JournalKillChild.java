package io.bulwark.dos.decision;

import io.bulwark.api.decision.BanOrigin;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Child process of {@link JournalKillTest}: bans addresses one after another and prints the
 * number of each ban once {@code ban()} has returned, until it is killed.
 */
public final class JournalKillChild {

    private JournalKillChild() {
    }

    /** @param args the journal file */
    public static void main(String[] args) {
        JournaledDecisionStore store = new JournaledDecisionStore(
                JournaledDecisionStoreTest.settings(Path.of(args[0]), 10_000_000), Clock.systemUTC(), false);
        System.out.println("ready");
        System.out.flush();
        for (int i = 1; ; i++) {
            store.ban(address(i), Duration.ofHours(1), BanOrigin.ADMIN, "kill-test", "ban " + i);
            System.out.println(i);
            System.out.flush();
        }
    }

    static String address(int i) {
        return "10." + ((i >>> 16) & 255) + "." + ((i >>> 8) & 255) + "." + (i & 255);
    }
}
