#!/usr/bin/env bash
# Load benchmark: sipp UAC -> proxy -> sipp UAS over UDP on loopback, against Bulwark and against
# Kamailio configured as an equivalent stateful proxy, in the same run. For each proxy it raises
# the offered call rate step by step and reports the highest rate with at most 0.1 % failed calls
# and at least 95 % of the offered rate achieved. Needs the built distribution
# (mvn install -DskipTests) and root for apt (sip-tester, kamailio).
#   benchmarks/load/run-load.sh [seconds-per-step] [rates...]
# SKIP_KAMAILIO=1 steps Bulwark only (for quick checks while working on the relay).
set -euo pipefail
cd "$(dirname "$0")"
STEP_SECONDS=${1:-15}; shift || true
RATES=${*:-"200 400 600 800 1000 1200 1400 1600 1800 2000"}
for pkg in sip-tester:sipp kamailio:kamailio bc:bc; do
  command -v "${pkg#*:}" >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkg%%:*}" >/dev/null
done
WORK=$(mktemp -d /tmp/bulwark-load.XXXX)
ASSEMBLY=../../karaf-assembly/target/assembly
UAS_PORT=25080; BULWARK_PORT=25060; KAM_PORT=25160
cleanup() { pkill -f "karaf.home=$WORK/bulwark" || true; pkill -f "kamailio -f $WORK" || true; pkill -f "sipp.*-p $UAS_PORT" || true; }
trap cleanup EXIT

cp -a "$ASSEMBLY" "$WORK/bulwark"
sed -i "s/^udp.port = .*/udp.port = $BULWARK_PORT/; s/^tcp.port = .*/tcp.port = $BULWARK_PORT/; s/^tls.port = .*/tls.port = 0/" "$WORK/bulwark/etc/io.bulwark.transport.listener-outside.cfg"
sed -i "s/^udp.port = .*/udp.port = 25070/; s/^tcp.port = .*/tcp.port = 25070/; s/^tls.port = .*/tls.port = 0/" "$WORK/bulwark/etc/io.bulwark.transport.listener-inside.cfg"
sed -i "s/^pbx.port = .*/pbx.port = $UAS_PORT/" "$WORK/bulwark/etc/io.bulwark.sipproxy.cfg"
# sipp on both sides is loopback (allow-listed): raise its limit above the offered load, and keep
# nftables out of this host's firewall
printf 'allowed.rate = 1000000\nallowed.burst = 1000000\n' >> "$WORK/bulwark/etc/io.bulwark.dos.admission.cfg"
printf 'enabled = false\n' >> "$WORK/bulwark/etc/io.bulwark.dos.nftables.cfg"
START=$(date +%s%N)
(cd "$WORK/bulwark" && JAVA_MAX_MEM=1024m bin/karaf server > "$WORK/bulwark.out" 2>&1 &)
until grep -q "UDP listener of zone outside bound" "$WORK/bulwark/data/log/karaf.log" 2>/dev/null; do sleep 0.1; done
echo "Bulwark cold start to SIP listening: $(( ($(date +%s%N) - START) / 1000000 )) ms"
sleep 5
JPID=$(pgrep -f "karaf.home=$WORK/bulwark" | head -1)
echo "Bulwark resident memory idle: $(( $(awk '/VmRSS/ {print $2}' /proc/$JPID/status) / 1024 )) MiB"

sed "s/@PORT@/$KAM_PORT/; s/@UAS@/$UAS_PORT/g" kamailio.cfg.in > "$WORK/kamailio.cfg"
kamailio -f "$WORK/kamailio.cfg" -m 1024 -M 32 -E -DD > "$WORK/kamailio.out" 2>&1 &
sleep 2

(cd "$WORK" && sipp -sn uas -i 127.0.0.1 -p $UAS_PORT -nostdin -max_socket 5000 > uas.out 2>&1 &)
sleep 1

# one step: offered rate for STEP_SECONDS; prints "ok achieved failed"
step() {
  local port=$1 rate=$2 name=$3
  local calls=$(( rate * STEP_SECONDS ))
  local out="$WORK/$name-$rate.csv"
  local t0=$(date +%s%N)
  timeout $(( STEP_SECONDS * 4 + 60 )) sipp -sn uac 127.0.0.1:$port -i 127.0.0.1 -p 26000 -m $calls -r $rate -l $(( rate * 4 )) \
     -nostdin -timeout $(( STEP_SECONDS * 3 + 30 ))s -trace_stat -stf "$out" -fd 1 > "$WORK/$name-$rate.out" 2>&1 || true
  local t1=$(date +%s%N)
  local last=$(tail -1 "$out")
  local ok=$(echo "$last" | awk -F';' '{print $16}')   # SuccessfulCall(C)
  local failed=$(echo "$last" | awk -F';' '{print $18}') # FailedCall(C)
  local secs=$(echo "scale=3; ($t1 - $t0) / 1000000000" | bc)
  echo "$ok $failed $secs $calls"
}

best() {
  local port=$1 name=$2 best=0
  for rate in $RATES; do
    read -r ok failed secs calls < <(step "$port" "$rate" "$name")
    ok=${ok:-0}; failed=${failed:-$calls}
    local achieved=$(echo "scale=1; $ok / $secs" | bc)
    local failpct=$(echo "scale=3; 100 * $failed / $calls" | bc)
    echo "  $name offered $rate cps: $ok ok, $failed failed (${failpct} %), achieved ${achieved} cps over ${secs} s" >&2
    if [ "$(echo "$failed * 1000 <= $calls && $achieved >= 0.95 * $rate" | bc)" = 1 ]; then best=$rate; else break; fi
  done
  echo "$best"
}

# A cold JVM interprets the relay's code for its first seconds and falls behind above a few
# hundred calls/s (retransmissions then pile up): each proxy gets 20 s at 300 calls/s first,
# not counted.
warm() {
  timeout 90 sipp -sn uac 127.0.0.1:$1 -i 127.0.0.1 -p 26000 -m 6000 -r 300 -l 1200 -nostdin -timeout 60s \
     > "$WORK/warm-up-$1.out" 2>&1 || true
}

echo "Stepping Bulwark..."
warm $BULWARK_PORT
B=$(best $BULWARK_PORT bulwark)
K=0
if [ "${SKIP_KAMAILIO:-}" != 1 ]; then
  echo "Stepping Kamailio..."
  warm $KAM_PORT
  K=$(best $KAM_PORT kamailio)
fi
echo "RESULT highest sustained call rate: Bulwark $B cps, Kamailio $K cps, ratio $(echo "scale=2; $B / ($K + 0.0001)" | bc)"
echo "work folder: $WORK"
