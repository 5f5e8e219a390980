package io.bulwark.transport.framing;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

/**
 * Entry point for long standalone fuzz runs (benchmarks/fuzz/run-long-fuzz.sh): the same checks as
 * {@link SipStreamFramerFuzzTest}, without the JUnit time limit.
 */
public final class SipStreamFramerFuzzTarget {

    private static final SipStreamFramerFuzzTest CHECKS = new SipStreamFramerFuzzTest();

    private SipStreamFramerFuzzTarget() {
    }

    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        CHECKS.framesArbitraryStreams(data);
    }
}
