package io.bulwark.media.sdp;

/**
 * Entry point for long standalone fuzz runs (benchmarks/fuzz/run-long-fuzz.sh): the same checks as
 * {@link SdpFuzzTest}, without the JUnit time limit.
 */
public final class SdpFuzzTarget {

    private static final SdpFuzzTest CHECKS = new SdpFuzzTest();

    private SdpFuzzTarget() {
    }

    public static void fuzzerTestOneInput(byte[] data) {
        CHECKS.parseRewriteReparse(data);
    }
}
