#!/usr/bin/env bash
# Media relay load: N concurrent calls bridged RTP (PBX side) -> SRTP AES_CM_128_HMAC_SHA1_80 (trunk
# side) through the real MediaRelay on event loops of its own (epoll), 50 packets/s per call, with
# the same streams sent socket to socket (no relay) as the latency baseline, in the same run. Prints
# a markdown table (packets/s, loss, SRTP failures, CPU time of the relay's event-loop threads per
# second, per 1,000 packets and extrapolated to 1,000 calls, added latency p50/p99) and keeps it,
# with the progress log, in benchmarks/target/media/.
#
# Usage: benchmarks/media/run-relay-load.sh [--no-build] [calls ...]    (default calls: 100 250 500 1000)
# Environment:
#   WARMUP_SECONDS, MEASURE_SECONDS  per phase (default 10, 20); each N runs two phases, direct then relay
#   RELAY_THREADS     the relay's event-loop threads (default 0: Netty's default, as the media
#                     component's io.threads = 0 gives)
#   SENDERS, RECEIVERS  load generator threads (default 1 and 1)
#   BOTH_WAYS         1: the trunk sends SRTP back as well, relayed to the PBX as RTP (default 0)
#   FIRST_PORT        first port of the relay's outside range; the inside range follows (default 20000)
#   JAVA_OPTS         JVM options (default -Xms512m -Xmx512m)
# Needs a JDK 17 and Maven (the build step runs offline, under flock /tmp/mvn.lock).
set -euo pipefail
cd "$(dirname "$0")/.."
build=1
if [ "${1:-}" = "--no-build" ]; then build=0; shift; fi
out=target/media
stamp=$(date -u +%Y%m%dT%H%M%SZ)

if [ "$build" = 1 ]; then
  flock /tmp/mvn.lock mvn -B -ntp -o -q -f ../pom.xml -pl benchmarks -am install -DskipTests -Dspotbugs.skip=true
fi
[ -f target/classpath.txt ] || { echo "no target/classpath.txt: run without --no-build" >&2; exit 1; }
mkdir -p "$out"
# The classpath names the other modules' target/*.jar, which any build in this work tree may clean
# while the benchmark runs: run from a copy, taken while no build holds the lock.
lib=$out/lib
flock /tmp/mvn.lock bash -c '
  set -euo pipefail
  rm -rf "$1" && mkdir -p "$1" && cp -r target/classes "$1/classes"
  n=0; cp=$1/classes
  for jar in $(tr ":" " " < target/classpath.txt); do
    n=$((n + 1)); cp "$jar" "$1/$n-${jar##*/}"; cp=$cp:$1/$n-${jar##*/}
  done
  echo "$cp" > "$1/classpath"' snapshot "$lib"
# two sockets per call on each side of the relay, plus the baseline's
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

args=(--warmup "${WARMUP_SECONDS:-10}" --measure "${MEASURE_SECONDS:-20}" --relay-threads "${RELAY_THREADS:-0}"
      --senders "${SENDERS:-1}" --receivers "${RECEIVERS:-1}" --first-port "${FIRST_PORT:-20000}"
      --out "$out/relay-load-$stamp.md")
if [ "${BOTH_WAYS:-0}" = 1 ]; then args+=(--both-ways); fi

{
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
  echo "kernel: $(uname -r)"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "load before: $(uptime)"
} | tee "$out/relay-load-$stamp.log" >&2
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
java ${JAVA_OPTS:--Xms512m -Xmx512m} -cp "$(cat "$lib/classpath")" \
    io.bulwark.benchmarks.media.RelayLoadBenchmark "${args[@]}" "$@" 2> >(tee -a "$out/relay-load-$stamp.log" >&2)
echo "load after: $(uptime)" | tee -a "$out/relay-load-$stamp.log" >&2
cp "$out/relay-load-$stamp.md" "$out/relay-load.md"
echo "table: $out/relay-load-$stamp.md (also $out/relay-load.md), log: $out/relay-load-$stamp.log" >&2
