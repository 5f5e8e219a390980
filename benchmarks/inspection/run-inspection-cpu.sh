#!/usr/bin/env bash
# Cost of SIP inspection in CPU: the appliance's own CPU time per call at a fixed call rate, with
# every inspector on and with every inspector off (enabled = false in each
# io.bulwark.inspection.*.cfg), alternating, same machine. Less sensitive than the highest
# sustained rate (run-inspection-load.sh), which on a 2-core machine is bounded by sipp sharing
# the cores with the appliance. sipp UAC -> Bulwark -> sipp UAS over UDP on loopback.
# Needs the built distribution (mvn install -DskipTests) and root for apt (sip-tester, bc).
#   benchmarks/inspection/run-inspection-cpu.sh [rate] [seconds] [rounds]
set -euo pipefail
cd "$(dirname "$0")"
RATE=${1:-1000}; SECONDS_PER_RUN=${2:-15}; ROUNDS=${3:-2}
for pkg in sip-tester:sipp bc:bc; do
  command -v "${pkg#*:}" >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkg%%:*}" >/dev/null
done
WORK=$(mktemp -d /tmp/bulwark-inspection-cpu.XXXX)
ASSEMBLY=../../karaf-assembly/target/assembly
UAS_PORT=27180; PORT=27160
cleanup() { pkill -f "karaf.home=$WORK" || true; pkill -f "sipp.*-p $UAS_PORT" || true; }
trap cleanup EXIT
TICKS=$(getconf CLK_TCK)

prepare() {
  local mode=$1 home="$WORK/$1"
  cp -a "$ASSEMBLY" "$home"
  sed -i "s/^udp.port = .*/udp.port = $PORT/; s/^tcp.port = .*/tcp.port = $PORT/; s/^tls.port = .*/tls.port = 0/" "$home/etc/io.bulwark.transport.listener-outside.cfg"
  sed -i "s/^udp.port = .*/udp.port = 27170/; s/^tcp.port = .*/tcp.port = 27170/; s/^tls.port = .*/tls.port = 0/" "$home/etc/io.bulwark.transport.listener-inside.cfg"
  sed -i "s/^pbx.port = .*/pbx.port = $UAS_PORT/" "$home/etc/io.bulwark.sipproxy.cfg"
  sed -i 's/^port = .*/port = 27543/' "$home/etc/io.bulwark.admin.http.cfg"
  printf 'allowed.rate = 1000000\nallowed.burst = 1000000\n' >> "$home/etc/io.bulwark.dos.admission.cfg"
  printf 'enabled = false\n' >> "$home/etc/io.bulwark.dos.nftables.cfg"
  if [ "$mode" = off ]; then
    for f in "$home"/etc/io.bulwark.inspection.*.cfg; do printf '\nenabled = false\n' >> "$f"; done
  fi
}

calls() { # rate count -> "ok failed"
  timeout 120 sipp -sn uac 127.0.0.1:$PORT -i 127.0.0.1 -p 28100 -m "$2" -r "$1" -l $(( $1 * 4 )) -nostdin -timeout 90s \
     -trace_stat -stf "$WORK/stat.csv" -fd 1 > "$WORK/uac.out" 2>&1 || true
  tail -1 "$WORK/stat.csv" | awk -F';' '{print $16, $18}'
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

measure() {
  local mode=$1 home="$WORK/$1"
  (cd "$home" && JAVA_MAX_MEM=1024m bin/karaf server > "$home/karaf.out" 2>&1 &)
  until grep -q "UDP listener of zone outside bound" "$home/data/log/karaf.log" 2>/dev/null; do sleep 0.2; done
  sleep 8
  calls 300 6000 > /dev/null   # warm-up, not counted
  local pid; pid=$(pgrep -f "karaf.home=$home" | head -1)
  local n=$(( RATE * SECONDS_PER_RUN )) before after
  before=$(cpu_ticks "$pid")
  read -r ok failed < <(calls "$RATE" "$n")
  after=$(cpu_ticks "$pid")
  local ms=$(( (after - before) * 1000 / TICKS ))
  echo "  inspectors $mode: $ok ok, $failed failed; appliance CPU $ms ms for $n calls: $(echo "scale=1; $ms * 1000 / $n" | bc) us per call" >&2
  pkill -f "karaf.home=$home" || true
  while pgrep -f "karaf.home=$home" >/dev/null; do sleep 0.2; done
  echo "$ms"
}

prepare on; prepare off
(cd "$WORK" && sipp -sn uas -i 127.0.0.1 -p $UAS_PORT -nostdin -max_socket 5000 > uas.out 2>&1 &)
sleep 1
for round in $(seq 1 "$ROUNDS"); do
  off=$(measure off); on=$(measure on)
  echo "RESULT round $round at $RATE calls/s: appliance CPU with inspectors on / off = $(echo "scale=2; $on / $off" | bc)"
done
echo "work folder: $WORK"
