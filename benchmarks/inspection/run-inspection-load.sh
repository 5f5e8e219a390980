#!/usr/bin/env bash
# Cost of SIP inspection: the highest call rate the relay sustains with every inspector on, and
# with every inspector off (enabled = false in each io.bulwark.inspection.*.cfg), measured in the
# same run, alternating, on the same machine. sipp UAC -> Bulwark -> sipp UAS over UDP on loopback.
# A rate counts as sustained with at most 0.1 % failed calls and at least 95 % of it achieved.
# Needs the built distribution (mvn install -DskipTests) and root for apt (sip-tester, bc).
#   benchmarks/inspection/run-inspection-load.sh [seconds-per-step] [rounds] [rates...]
set -euo pipefail
cd "$(dirname "$0")"
STEP_SECONDS=${1:-10}; shift || true
ROUNDS=${1:-2}; shift || true
RATES=${*:-"400 600 800 1000 1200 1400 1600 1800 2000"}
for pkg in sip-tester:sipp bc:bc; do
  command -v "${pkg#*:}" >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkg%%:*}" >/dev/null
done
WORK=$(mktemp -d /tmp/bulwark-inspection-load.XXXX)
ASSEMBLY=../../karaf-assembly/target/assembly
UAS_PORT=27080; PORT=27060
cleanup() { pkill -f "karaf.home=$WORK" || true; pkill -f "sipp.*-p $UAS_PORT" || true; }
trap cleanup EXIT

# one appliance per mode, configured identically but for the inspectors
prepare() {
  local mode=$1 home="$WORK/$1"
  cp -a "$ASSEMBLY" "$home"
  sed -i "s/^udp.port = .*/udp.port = $PORT/; s/^tcp.port = .*/tcp.port = $PORT/; s/^tls.port = .*/tls.port = 0/" "$home/etc/io.bulwark.transport.listener-outside.cfg"
  sed -i "s/^udp.port = .*/udp.port = 27070/; s/^tcp.port = .*/tcp.port = 27070/; s/^tls.port = .*/tls.port = 0/" "$home/etc/io.bulwark.transport.listener-inside.cfg"
  sed -i "s/^pbx.port = .*/pbx.port = $UAS_PORT/" "$home/etc/io.bulwark.sipproxy.cfg"
  sed -i 's/^port = .*/port = 27443/' "$home/etc/io.bulwark.admin.http.cfg"
  # the load comes from loopback (allow-listed): raise its limit above the offered rate
  printf 'allowed.rate = 1000000\nallowed.burst = 1000000\n' >> "$home/etc/io.bulwark.dos.admission.cfg"
  printf 'enabled = false\n' >> "$home/etc/io.bulwark.dos.nftables.cfg"
  if [ "$mode" = off ]; then
    for f in "$home"/etc/io.bulwark.inspection.*.cfg; do printf '\nenabled = false\n' >> "$f"; done
  fi
}

start() {
  local home="$WORK/$1"
  (cd "$home" && JAVA_MAX_MEM=1024m bin/karaf server > "$home/karaf.out" 2>&1 &)
  until grep -q "UDP listener of zone outside bound" "$home/data/log/karaf.log" 2>/dev/null; do sleep 0.2; done
  sleep 8   # let every bundle and the inspectors come up
  warm
}

# A cold JVM interprets the relay's code for its first seconds and falls behind above a few
# hundred calls/s (retransmissions then pile up): 20 s at 300 calls/s first, not counted.
warm() {
  timeout 90 sipp -sn uac 127.0.0.1:$PORT -i 127.0.0.1 -p 28000 -m 6000 -r 300 -l 1200 -nostdin -timeout 60s \
     > "$WORK/warm-up.out" 2>&1 || true
}

stop() {
  pkill -f "karaf.home=$WORK/$1" || true
  while pgrep -f "karaf.home=$WORK/$1" >/dev/null; do sleep 0.2; done
}

step() {
  local mode=$1 rate=$2 round=$3
  local calls=$(( rate * STEP_SECONDS ))
  local out="$WORK/$mode-$round-$rate.csv"
  local t0=$(date +%s%N)
  timeout $(( STEP_SECONDS * 4 + 60 )) sipp -sn uac 127.0.0.1:$PORT -i 127.0.0.1 -p 28000 -m $calls -r $rate -l $(( rate * 4 )) \
     -nostdin -timeout $(( STEP_SECONDS * 3 + 30 ))s -trace_stat -stf "$out" -fd 1 > "$WORK/$mode-$round-$rate.out" 2>&1 || true
  local t1=$(date +%s%N)
  local last=$(tail -1 "$out")
  echo "$(echo "$last" | awk -F';' '{print $16}') $(echo "$last" | awk -F';' '{print $18}') $(echo "scale=3; ($t1 - $t0) / 1000000000" | bc) $calls"
}

best() {
  local mode=$1 round=$2 best=0
  for rate in $RATES; do
    read -r ok failed secs calls < <(step "$mode" "$rate" "$round")
    ok=${ok:-0}; failed=${failed:-$calls}
    local achieved=$(echo "scale=1; $ok / $secs" | bc)
    echo "  inspectors $mode, round $round, offered $rate cps: $ok ok, $failed failed, achieved $achieved cps" >&2
    if [ "$(echo "$failed * 1000 <= $calls && $achieved >= 0.95 * $rate" | bc)" = 1 ]; then best=$rate; else break; fi
  done
  echo "$best"
}

prepare on; prepare off
(cd "$WORK" && sipp -sn uas -i 127.0.0.1 -p $UAS_PORT -nostdin -max_socket 5000 > uas.out 2>&1 &)
sleep 1
declare -A RESULT
for round in $(seq 1 "$ROUNDS"); do
  for mode in off on; do
    start $mode
    RESULT[$mode-$round]=$(best $mode $round)
    stop $mode
  done
done
for round in $(seq 1 "$ROUNDS"); do
  off=${RESULT[off-$round]}; on=${RESULT[on-$round]}
  echo "RESULT round $round: inspectors off $off cps, on $on cps, ratio $(echo "scale=2; $on / ($off + 0.0001)" | bc)"
done
echo "work folder: $WORK"
