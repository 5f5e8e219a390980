#!/usr/bin/env bash
# Long coverage-guided fuzz runs (Jazzer standalone driver, libFuzzer engine) of the SIP decoder
# and the stream framer (seeded with the RFC 4475 corpus), the SDP parser and the SRTP/SRTCP
# packet paths. The normal build fuzzes each for seconds; this runs the same targets for N
# executions each (default 10 million).
#   benchmarks/fuzz/run-long-fuzz.sh [executions] [decoder|framer|both|sdp|srtp|media|all]
# Each fuzzer's JVM has a bounded heap (FUZZ_HEAP, default 512m): an input that makes the code
# under test allocate without bound ends the run as a finding (OutOfMemoryError).
# NO_BUILD=1 reuses what is built. The fuzzers run on a copy of the built classes, so a build in
# this tree during a long run does not change the code under test.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-10000000}
WHICH=${2:-both}
if [ "${NO_BUILD:-0}" != 1 ]; then
  mvn -B -q -ntp install -DskipTests -pl bundles/api,bundles/transport,bundles/sip-proxy,bundles/srtp-media -am
fi
OUT=$(mktemp -d /tmp/bulwark-fuzz.XXXX)
run() {
  local module=$1 target=$2 seeds=$3 name=$4
  mvn -B -q -ntp -f "bundles/$module/pom.xml" dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$OUT/$name.cp" >/dev/null
  mkdir -p "$OUT/$name-corpus" "$OUT/$name-classes"
  if compgen -G "$seeds/*" > /dev/null; then cp "$seeds"/* "$OUT/$name-corpus/"; fi # else from nothing
  cp -r "bundles/$module/target/test-classes" "bundles/$module/target/classes" "$OUT/$name-classes/"
  local start=$(date +%s)
  java -Xmx"${FUZZ_HEAP:-512m}" -cp "$OUT/$name-classes/test-classes:$OUT/$name-classes/classes:$(cat "$OUT/$name.cp")" \
      com.code_intelligence.jazzer.Jazzer --target_class="$target" --instrumentation_includes='io.bulwark.**' \
      "$OUT/$name-corpus" -runs="$RUNS" -max_len=4096 -artifact_prefix="$OUT/$name-crash-" \
      -print_final_stats=1 > "$OUT/$name.log" 2>&1 && rc=0 || rc=$?
  echo "$name: exit $rc after $(( $(date +%s) - start )) s; $(grep -E '^Done|stat::number_of_executed_units' "$OUT/$name.log" | tr '\n' ' ')"
  ls "$OUT" | grep -q "$name-crash-" && echo "$name: CRASH INPUTS in $OUT" || true
}
sip() { [ "$WHICH" = both ] || [ "$WHICH" = all ] || [ "$WHICH" = "$1" ]; }
media() { [ "$WHICH" = media ] || [ "$WHICH" = all ] || [ "$WHICH" = "$1" ]; }
if sip decoder; then
  run sip-proxy io.bulwark.sipproxy.codec.SipDecoderFuzzTarget \
      bundles/sip-proxy/src/test/resources/io/bulwark/sipproxy/codec/SipDecoderFuzzTestInputs/decodeValidateEncode decoder
fi
if sip framer; then
  run transport io.bulwark.transport.framing.SipStreamFramerFuzzTarget \
      bundles/transport/src/test/resources/io/bulwark/transport/framing/SipStreamFramerFuzzTestInputs/framesArbitraryStreams framer
fi
if media sdp; then
  run srtp-media io.bulwark.media.sdp.SdpFuzzTarget \
      bundles/srtp-media/src/test/resources/io/bulwark/media/sdp/SdpFuzzTestInputs/parseRewriteReparse sdp
fi
if media srtp; then
  run srtp-media io.bulwark.media.srtp.SrtpPacketFuzzTarget \
      bundles/srtp-media/src/test/resources/io/bulwark/media/srtp/SrtpPacketFuzzTestInputs/everyPathOfEverySuite srtp
fi
echo "logs: $OUT"
