#!/usr/bin/env bash
# SRTP packets per second on one core, Bulwark (JMH, SrtpBenchmark) beside libsrtp2 (srtp_bench.c) on
# the same machine in the same run: per suite, protect then unprotect of a 12 + 160-octet RTP packet
# with an increasing sequence number. Prints a table with Bulwark / libsrtp per libsrtp build.
#
# Usage: benchmarks/srtp/run-srtp-bench.sh [--no-build] [extra JMH arguments]
# Environment:
#   WARMUP_ITERATIONS, ITERATIONS, ITERATION_SECONDS  both sides (default 3, 5, 2: JMH -wi 3 -i 5 -w 2s -r 2s)
#   SUITES              space-separated suite names (default: all six)
#   LIBSRTP_PC_DIRS     space-separated pkg-config directories of libsrtp2 builds to compare against;
#                       "system" is the installed libsrtp2-dev (default: "system")
#   MVN                 the Maven command for the build step (default: mvn)
# Needs gcc, pkg-config and libsrtp2-dev (apt-get install libsrtp2-dev), a JDK and Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
build=1
if [ "${1:-}" = "--no-build" ]; then build=0; shift; fi
WARMUP_ITERATIONS=${WARMUP_ITERATIONS:-3}
ITERATIONS=${ITERATIONS:-5}
ITERATION_SECONDS=${ITERATION_SECONDS:-2}
ALL_SUITES="AES_CM_128_HMAC_SHA1_80 AES_CM_128_HMAC_SHA1_32 AES_256_CM_HMAC_SHA1_80 AES_256_CM_HMAC_SHA1_32 AEAD_AES_128_GCM AEAD_AES_256_GCM"
SUITES=${SUITES:-$ALL_SUITES}
LIBSRTP_PC_DIRS=${LIBSRTP_PC_DIRS:-system}
out=target/srtp
mkdir -p "$out"

# --- the libsrtp side: one srtp_bench per libsrtp build ---------------------------------------
libsrtp_labels=()
n=0
for pc in $LIBSRTP_PC_DIRS; do
  if [ "$pc" = system ]; then pcpath=${PKG_CONFIG_PATH:-}; else pcpath=$pc; fi
  if ! PKG_CONFIG_PATH=$pcpath pkg-config --exists libsrtp2; then
    echo "libsrtp2 not found by pkg-config (${pc}): apt-get install libsrtp2-dev" >&2
    exit 1
  fi
  libdir=$(PKG_CONFIG_PATH=$pcpath pkg-config --variable=libdir libsrtp2)
  # shellcheck disable=SC2046 # pkg-config's flags are meant to be split
  gcc -std=c99 -O2 -Wall -Wextra -o "$out/srtp_bench_$n" srtp/srtp_bench.c \
      $(PKG_CONFIG_PATH=$pcpath pkg-config --cflags --libs libsrtp2) -Wl,-rpath,"$libdir"
  deps=$(ldd "$out/srtp_bench_$n")
  case "$deps" in
    *libnss3*) backend=NSS ;;
    *libcrypto*) backend=OpenSSL ;;
    *) backend=built-in ;;
  esac
  libsrtp_labels+=("libsrtp $(PKG_CONFIG_PATH=$pcpath pkg-config --modversion libsrtp2) ($backend)")
  n=$((n + 1))
done

# --- the Bulwark side ---------------------------------------------------------------------------
if [ "$build" = 1 ]; then
  ${MVN:-mvn} -B -q -f ../pom.xml -pl benchmarks -am package -DskipTests -Dspotbugs.skip=true
fi
[ -f target/classpath.txt ] || { echo "no target/classpath.txt: run without --no-build" >&2; exit 1; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "java: $(java -version 2>&1 | head -1)"
echo "load before: $(uptime)"
# suite by suite, libsrtp then Bulwark, so that both sides of a row see the same load on a shared machine
rm -f "$out"/libsrtp_*.txt "$out"/libsrtp_*.log "$out/jmh.log" "$out/jmh.csv"
for suite in $SUITES; do
  for ((k = 0; k < n; k++)); do
    echo "$suite: srtp_bench on ${libsrtp_labels[$k]}" >&2
    "$out/srtp_bench_$k" "$WARMUP_ITERATIONS" "$ITERATIONS" "$ITERATION_SECONDS" "$suite" \
        >>"$out/libsrtp_$k.txt" 2>>"$out/libsrtp_$k.log"
  done
  echo "$suite: JMH SrtpBenchmark" >&2
  java -cp "target/classes:$(cat target/classpath.txt)" org.openjdk.jmh.Main SrtpBenchmark \
      -f 1 -t 1 -wi "$WARMUP_ITERATIONS" -i "$ITERATIONS" -w "${ITERATION_SECONDS}s" -r "${ITERATION_SECONDS}s" \
      -p suite="$suite" -rf csv -rff "$out/jmh-$suite.csv" "$@" >>"$out/jmh.log" 2>&1 \
      || { tail -30 "$out/jmh.log" >&2; exit 1; }
  tr -d '"\r' <"$out/jmh-$suite.csv" | awk -F, 'NR > 1' >>"$out/jmh.csv"
  echo "$suite: done, load average $(cut -d" " -f1-3 /proc/loadavg)" >&2
done
echo "load after: $(uptime)"

# --- the table ----------------------------------------------------------------------------------
# jmh.csv: Benchmark,Mode,Threads,Samples,Score,Score Error (99.9%),Unit,Param: suite (JMH's CSV, headers dropped)
awk -F, '{ print $8, $5, $6 }' "$out/jmh.csv" >"$out/bulwark.txt"
header=$(printf '%-25s %22s' suite "Bulwark pkts/s")
for label in "${libsrtp_labels[@]}"; do header+=$(printf ' | %28s %7s' "$label" ratio); done
echo
echo "packets/s per core, protect + unprotect, 12-octet header + 160-octet payload (mean of $ITERATIONS x ${ITERATION_SECONDS}s)"
echo "$header"
for suite in $SUITES; do
  read -r score error < <(awk -v s="$suite" '$1 == s { print $2, $3 }' "$out/bulwark.txt")
  line=$(printf '%-25s %12.0f ± %7.0f' "$suite" "${score:-0}" "${error:-0}")
  for ((k = 0; k < n; k++)); do
    theirs=$(awk -v s="$suite" '$1 == s { print $2 }' "$out/libsrtp_$k.txt")
    if [ -z "$theirs" ] || [ "$theirs" = unsupported ]; then
      line+=$(printf ' | %28s %7s' unsupported -)
    else
      line+=$(printf ' | %28.0f %6.2fx' "$theirs" "$(awk -v a="${score:-0}" -v b="$theirs" 'BEGIN { print a / b }')")
    fi
  done
  echo "$line"
done
echo
echo "raw results: $out/jmh-*.csv, $out/libsrtp_*.txt (suite mean min max), logs $out/*.log"
