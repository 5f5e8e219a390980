package io.bulwark.media.srtp;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

/**
 * Entry point for long standalone fuzz runs (benchmarks/fuzz/run-long-fuzz.sh): the same checks as
 * {@link SrtpPacketFuzzTest}, without the JUnit time limit.
 */
public final class SrtpPacketFuzzTarget {

    private static final SrtpPacketFuzzTest CHECKS = new SrtpPacketFuzzTest();

    private SrtpPacketFuzzTarget() {
    }

    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        CHECKS.everyPathOfEverySuite(data);
    }
}
