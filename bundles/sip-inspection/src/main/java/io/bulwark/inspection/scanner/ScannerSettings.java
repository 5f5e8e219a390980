package io.bulwark.inspection.scanner;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The scanner inspector's thresholds, checked.
 *
 * @param enabled whether it inspects at all
 * @param signatures lower-case fragments that name a scanning tool
 * @param sweepTargets distinct users probed with OPTIONS or REGISTER that make a sweep
 * @param sequentialRun consecutive extension numbers that make a sequential scan
 * @param probeRequests unauthenticated OPTIONS or REGISTER requests, never followed up with
 *     credentials, that make response-less probing
 * @param windowMillis the window of all three behaviours
 */
record ScannerSettings(boolean enabled, List<String> signatures, int sweepTargets, int sequentialRun,
        int probeRequests, long windowMillis) {

    ScannerSettings {
        signatures = List.copyOf(signatures);
        if (sweepTargets < 2) {
            throw new IllegalArgumentException("sweep.targets must be at least 2, got " + sweepTargets);
        }
        if (sequentialRun < 3) {
            throw new IllegalArgumentException("sequential.run must be at least 3, got " + sequentialRun);
        }
        if (probeRequests < 2) {
            throw new IllegalArgumentException("probe.requests must be at least 2, got " + probeRequests);
        }
        if (windowMillis < 1000) {
            throw new IllegalArgumentException("window.seconds must be at least 1, got " + windowMillis / 1000.0);
        }
    }

    static ScannerSettings of(ScannerInspector.Config c) {
        return new ScannerSettings(c.enabled(), parseSignatures(c.signatures()), c.sweep_targets(),
                c.sequential_run(), c.probe_requests(), c.window_seconds() * 1000L);
    }

    /** @return the comma-separated fragments, trimmed, lower case, empty ones left out */
    static List<String> parseSignatures(String list) {
        return Arrays.stream(list == null ? new String[0] : list.split(","))
                .map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
    }
}
