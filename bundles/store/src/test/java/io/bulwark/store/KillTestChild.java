package io.bulwark.store;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Child process of {@link KillRecoveryTest}: opens the store on the directory given as the
 * only argument, writes calls {@code k-0, k-1, ...} (start, answer, end each) at about 2,000
 * calls a second until killed, and prints {@code enqueued N dropped D} every 100 ms, where N
 * calls have had all three writes enqueued.
 */
public final class KillTestChild {

    private KillTestChild() {
    }

    /** @param args the database directory */
    public static void main(String[] args) throws InterruptedException {
        H2CallRecordStore store = new H2CallRecordStore(Path.of(args[0]),
                Duration.ofMillis(500), 100_000);
        System.out.println("ready");
        System.out.flush();
        long calls = 0;
        long nextReport = System.nanoTime();
        for (;;) {
            // 10 calls per 5 ms: steady load the writer keeps up with on a busy machine.
            for (int i = 0; i < 10; i++, calls++) {
                String id = "k-" + calls;
                Instant now = Instant.now();
                store.callStarted(id, "outbound", "sip:pbx@inside", "sip:+15551234@trunk",
                        "UDP", "TCP", now);
                store.callAnswered(id, now);
                store.callEnded(id, "bye-caller", now);
            }
            if (System.nanoTime() - nextReport >= 0) {
                System.out.println("enqueued " + calls + " dropped " + store.getDropped());
                System.out.flush();
                nextReport += 100_000_000L;
            }
            Thread.sleep(5);
        }
    }
}
