package io.bulwark.dos.decision;

import io.bulwark.api.event.SecurityEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The validated settings of the decision store and the ban policy (one PID for both). A bad value
 * fails with an {@link IllegalArgumentException} that names the configuration key.
 *
 * @param journalFile the journal
 * @param fsync whether every change is forced to disk
 * @param maxDetectorBan the longest ban escalation may reach
 * @param offenceMemory how long an offence counts towards escalation
 * @param escalationFactor how much longer each repeat offence is banned (1 to 16)
 * @param maxBans most bans held; detectors and the cloud are refused beyond it
 * @param sweepInterval how often expired bans are removed
 * @param policy ban duration per security event kind
 * @param policyQueueCapacity events that may wait for the ban policy
 */
record DecisionSettings(Path journalFile, boolean fsync, Duration maxDetectorBan, Duration offenceMemory,
        int escalationFactor, int maxBans, Duration sweepInterval, Map<String, Duration> policy,
        int policyQueueCapacity) {

    /** Longest duration a setting may name: one year. */
    static final long MAX_SECONDS = 366L * 24 * 3600;

    /** Validates every field. */
    DecisionSettings {
        Objects.requireNonNull(journalFile, "journal.file");
        seconds("ban.max.seconds", maxDetectorBan, 60);
        seconds("offence.memory.seconds", offenceMemory, 60);
        range("escalation.factor", escalationFactor, 1, 16);
        range("ban.max.entries", maxBans, 1, 10_000_000);
        long sweepMs = sweepInterval.toMillis();
        if (sweepMs < 100 || sweepMs > 60_000) {
            throw new IllegalArgumentException("sweep.interval.ms must be 100 to 60000, got " + sweepMs);
        }
        range("policy.queue.capacity", policyQueueCapacity, 1, 1_000_000);
        policy = Collections.unmodifiableMap(new LinkedHashMap<>(policy));
    }

    /**
     * @param c the component configuration
     * @return the settings
     * @throws IllegalArgumentException naming the key of a bad value
     */
    static DecisionSettings from(JournaledDecisionStore.Config c) {
        String file = c.journal_file() == null ? "" : c.journal_file().trim();
        return new DecisionSettings(file.isEmpty() ? defaultJournal() : Path.of(file), c.journal_fsync(),
                Duration.ofSeconds(c.ban_max_seconds()), Duration.ofSeconds(c.offence_memory_seconds()),
                c.escalation_factor(), c.ban_max_entries(), Duration.ofMillis(c.sweep_interval_ms()),
                parsePolicy(c.policy()), c.policy_queue_capacity());
    }

    /**
     * @param text {@code kind:seconds} pairs separated by commas, such as {@code
     *     network.flood:600,sip.malformed:300}
     * @return the durations by kind, in the order given
     * @throws IllegalArgumentException naming the bad pair
     */
    static Map<String, Duration> parsePolicy(String text) {
        Map<String, Duration> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String pair : text.split(",")) {
            String p = pair.trim();
            int colon = p.lastIndexOf(':');
            String kind = colon < 0 ? p : p.substring(0, colon).trim();
            if (colon < 0 || !SecurityEvent.isValidKind(kind)) {
                throw new IllegalArgumentException("policy: expected kind:seconds, got '" + p + "'");
            }
            long seconds;
            try {
                seconds = Long.parseLong(p.substring(colon + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("policy: bad seconds in '" + p + "'", e);
            }
            if (seconds < 1 || seconds > MAX_SECONDS) {
                throw new IllegalArgumentException("policy: seconds must be 1 to " + MAX_SECONDS + " in '" + p + "'");
            }
            out.put(kind, Duration.ofSeconds(seconds));
        }
        return out;
    }

    /** @return {@code ${karaf.data}/bulwark/decisions.log}, or under {@code ./data} outside Karaf */
    static Path defaultJournal() {
        String base = System.getProperty("karaf.data");
        if (base == null || base.isBlank()) {
            base = "./data";
        }
        return Path.of(base, "bulwark", "decisions.log");
    }

    private static void seconds(String key, Duration d, long min) {
        Objects.requireNonNull(d, key);
        long s = d.getSeconds();
        if (s < min || s > MAX_SECONDS) {
            throw new IllegalArgumentException(key + " must be " + min + " to " + MAX_SECONDS + ", got " + s);
        }
    }

    private static void range(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be " + min + " to " + max + ", got " + value);
        }
    }
}
