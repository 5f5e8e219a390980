package io.bulwark.sipproxy.codec;

/**
 * Entry point for long standalone fuzz runs (benchmarks/fuzz/run-long-fuzz.sh): the same checks as
 * {@link SipDecoderFuzzTest}, without the JUnit time limit.
 */
public final class SipDecoderFuzzTarget {

    private static final SipDecoderFuzzTest CHECKS = new SipDecoderFuzzTest();

    private SipDecoderFuzzTarget() {
    }

    public static void fuzzerTestOneInput(byte[] data) {
        CHECKS.decodeValidateEncode(data);
    }
}
