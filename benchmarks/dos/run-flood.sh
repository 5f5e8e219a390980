#!/usr/bin/env bash
# Flood benchmark: legitimate call success and CPU use while floods of rising rate hit the proxy,
# for Bulwark (flood detector, ban, nftables drop) and then for Kamailio (pike + htable ban), one
# after the other on the same machine, fed the same floods. See benchmarks/dos/README.md.
#   benchmarks/dos/run-flood.sh [seconds-per-step] [steps...]
# A step is 0 (no flood: the baseline), an INVITE rate per second (sipp), 'max' (sipp INVITEs as
# fast as it can) or 'junk' (hping3 UDP datagrams that are not SIP, as fast as it can).
# Environment: LEGIT_RATE (calls/s of the legitimate caller, default 8), PROXIES (default
# "bulwark kamailio"). Needs root (network namespace), the built distribution (mvn install
# -DskipTests) and apt for sipp, kamailio, hping3, nftables.
set -euo pipefail
cd "$(dirname "$0")"
STEP_SECONDS=${1:-20}; shift || true
STEPS=${*:-"0 1000 5000 20000 max junk"}
# Bulwark lets an unlisted source send 10 INVITEs/s (method.invite.rate); a trunk sending more is
# allow-listed with a limit of its own. The legitimate caller stays under it.
LEGIT_RATE=${LEGIT_RATE:-8}
PROXIES=${PROXIES:-"bulwark kamailio"}
[ "$(id -u)" = 0 ] || { echo "needs root (network namespace, nftables)" >&2; exit 1; }
for pkg in sip-tester:sipp kamailio:kamailio hping3:hping3 nftables:nft iproute2:ip; do
  command -v "${pkg#*:}" >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkg%%:*}" >/dev/null
done
ASSEMBLY=../../karaf-assembly/target/assembly
[ -d "$ASSEMBLY" ] || { echo "build the distribution first: mvn install -DskipTests" >&2; exit 1; }

# Topology: the proxy under test and the PBX stand-in (sipp UAS on the namespace's loopback) live
# in namespace bwf-app; the legitimate caller and the attackers are addresses of this host on the
# other end of a veth pair. Attackers come from another /24 than the caller (as on the Internet),
# one fresh address per step, so every flood starts from a source nobody has banned yet.
NS=bwf-app; NET=10.233.9; ATTACK_NET=10.233.10
PROXY=$NET.2; CALLER=$NET.3; SIP_PORT=5060; UAS_PORT=5080
WORK=$(mktemp -d /tmp/bulwark-flood.XXXX)
HZ=$(getconf CLK_TCK)
PIDS=()      # background processes this script started (on the host, or wrappers of ns ones)
JPID=""      # Bulwark's JVM
KAM_PID=""   # Kamailio's main process

cleanup() {
  set +e
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  # everything left in the namespace was started by this script
  for p in $(ip netns pids $NS 2>/dev/null); do kill "$p" 2>/dev/null; done
  sleep 2
  for p in $(ip netns pids $NS 2>/dev/null) "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
  ip link del $NS-h 2>/dev/null
  ip netns del $NS 2>/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT TERM

in_ns() { ip netns exec $NS "$@"; }

# a leftover of an interrupted run
ip link del $NS-h 2>/dev/null || true
ip netns del $NS 2>/dev/null || true
ip netns add $NS
ip link add $NS-h type veth peer name $NS-p
ip link set $NS-p netns $NS
ip addr add $NET.1/24 dev $NS-h
ip addr add $CALLER/24 dev $NS-h
ip addr add $ATTACK_NET.1/24 dev $NS-h
i=0
for s in $STEPS; do ip addr add $ATTACK_NET.$((10 + i))/24 dev $NS-h; i=$((i + 1)); done
ip link set $NS-h up
in_ns ip addr add $PROXY/24 dev $NS-p
in_ns ip link set $NS-p up
in_ns ip link set lo up
# replies to the attackers go back over the veth to this host, nowhere else
in_ns ip route add $ATTACK_NET.0/24 via $NET.1
# Counts what the attackers send into the namespace before anything else sees it (priority -400
# runs before Bulwark's drop at -300): the same counter for both proxies.
in_ns nft -f - <<EOF
table inet bwfcount {
  chain pre {
    type filter hook prerouting priority -400; policy accept;
    ip saddr $ATTACK_NET.0/24 counter comment "attacker"
  }
}
EOF

# The PBX stand-in, for both proxies
(exec ip netns exec $NS timeout 4h sipp -sn uas -i 127.0.0.1 -p $UAS_PORT -nostdin -max_socket 5000 \
    > "$WORK/uas.out" 2>&1) &
PIDS+=($!)

counter() { # comment of a bwfcount rule -> its packet count
  in_ns nft list chain inet bwfcount pre | sed -n "s/.*counter packets \([0-9]*\) bytes [0-9]* comment \"$1\".*/\1/p"
}
kernel_drops() { # packets dropped by Bulwark's IPv4 ban rules (0 when the table is gone)
  { in_ns nft list chain inet bulwark prerouting 2>/dev/null || true; } \
    | sed -n 's/.*counter packets \([0-9]*\) bytes [0-9]* drop comment "bulwark:banned4".*/\1/p' \
    | awk '{ n += $1 } END { print n + 0 }'
}
ticks() { # utime + stime of the given processes, clock ticks (a JVM's include all its threads)
  local p t=0
  for p in "$@"; do
    [ -r /proc/$p/stat ] && t=$((t + $(sed 's/.*) //' /proc/$p/stat | awk '{ print $12 + $13 }')))
  done
  echo $t
}
machine() { # busy, softirq and total jiffies of the whole machine
  awk '/^cpu / { busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, $8, busy + $5 + $6 }' /proc/stat
}
stat_col() { # sipp statistics file, column name -> value of the last line
  [ -s "$1" ] || { echo 0; return; }
  awk -F';' -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i } { last = $0 }
      END { split(last, f, ";"); print (c ? f[c] : 0) + 0 }' "$1"
}
is_banned() { # proxy address
  case $1 in
    bulwark) in_ns nft list set inet bulwark banned4 2>/dev/null | grep -qw "$2" ;;
    kamailio) kamcmd -s "unix:$WORK/kamailio.ctl" htable.get ipban "$2" 2>/dev/null | grep -q value ;;
  esac
}
watch_ban() { # proxy address start-ns file: writes when the address was banned, ms after start
  while ! is_banned "$1" "$2"; do sleep 0.1; done
  echo $(( ($(date +%s%N) - $3) / 1000000 )) > "$4"
}

start_bulwark() {
  cp -a "$ASSEMBLY" "$WORK/bulwark"
  local etc=$WORK/bulwark/etc
  sed -i "s/^bind.addresses = .*/bind.addresses = $PROXY/; s/^udp.port = .*/udp.port = $SIP_PORT/;
      s/^tcp.port = .*/tcp.port = $SIP_PORT/; s/^tls.port = .*/tls.port = 0/" "$etc/io.bulwark.transport.listener-outside.cfg"
  sed -i "s/^udp.port = .*/udp.port = 5070/; s/^tcp.port = .*/tcp.port = 5070/; s/^tls.port = .*/tls.port = 0/" \
      "$etc/io.bulwark.transport.listener-inside.cfg"
  sed -i "s/^pbx.host = .*/pbx.host = 127.0.0.1/; s/^pbx.port = .*/pbx.port = $UAS_PORT/" "$etc/io.bulwark.sipproxy.cfg"
  # in a namespace of its own, the kernel enforcement only touches that namespace's firewall;
  # admission, flood detection and ban policy keep their defaults
  printf 'enabled = true\nsip.ports = %s\n' $SIP_PORT >> "$etc/io.bulwark.dos.nftables.cfg"
  (cd "$WORK/bulwark" && JAVA_MAX_MEM=1024m exec ip netns exec $NS bin/karaf server > "$WORK/bulwark.out" 2>&1) &
  PIDS+=($!)
  local deadline=$((SECONDS + 180))
  until grep -q "UDP listener of zone outside bound" "$WORK/bulwark/data/log/karaf.log" 2>/dev/null \
      && in_ns nft list set inet bulwark banned4 >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || { echo "Bulwark did not start; see $WORK/bulwark" >&2; exit 1; }
    sleep 0.5
  done
  JPID=$(pgrep -f "karaf.home=$WORK/bulwark" | head -1)
  sleep 5 # let it settle after start
  echo "Bulwark up (JVM pid $JPID), kernel enforcement on"
}

stop_bulwark() {
  kill -TERM "$JPID" 2>/dev/null || true
  local deadline=$((SECONDS + 60))
  while kill -0 "$JPID" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.5; done
  kill -9 "$JPID" 2>/dev/null || true
  JPID=""
  in_ns nft delete table inet bulwark 2>/dev/null || true
  cp "$WORK/bulwark/data/log/karaf.log" "$WORK/bulwark-karaf.log" 2>/dev/null || true
}

start_kamailio() {
  sed "s/@ADDR@/$PROXY/; s/@PORT@/$SIP_PORT/; s/@UAS@/$UAS_PORT/g; s|@CTL@|$WORK/kamailio.ctl|; s/@DENSITY@/400/g" \
      kamailio-pike.cfg.in > "$WORK/kamailio-pike.cfg"
  (exec ip netns exec $NS kamailio -f "$WORK/kamailio-pike.cfg" -m 256 -M 32 -E -DD > "$WORK/kamailio.out" 2>&1) &
  KAM_PID=$!
  PIDS+=($KAM_PID)
  local deadline=$((SECONDS + 30))
  until kamcmd -s "unix:$WORK/kamailio.ctl" core.version >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || { echo "Kamailio did not start; see $WORK/kamailio.out" >&2; exit 1; }
    sleep 0.2
  done
  sleep 2
  echo "Kamailio up ($(pgrep -f "kamailio -f $WORK/kamailio-pike.cfg" | wc -l) processes)"
}

stop_kamailio() {
  kill -TERM "$KAM_PID" 2>/dev/null || true
  local deadline=$((SECONDS + 20))
  while kill -0 "$KAM_PID" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  for p in $(pgrep -f "kamailio -f $WORK/kamailio-pike.cfg"); do kill -9 "$p" 2>/dev/null || true; done
  KAM_PID=""
}

proxy_pids() {
  case $1 in
    bulwark) echo "$JPID" ;;
    kamailio) pgrep -f "kamailio -f $WORK/kamailio-pike.cfg" | tr '\n' ' ' ;;
  esac
}

# one step: legitimate calls for STEP_SECONDS, the flood from 1 s after their start to the end;
# counters and CPU are taken over the flood (for step 0, over the same span without one). Appends
# a line to results.tsv.
run_step() {
  local proxy=$1 idx=$2 flood=$3
  local att=$ATTACK_NET.$((10 + idx)) name=$proxy-$idx-$flood
  local calls=$((LEGIT_RATE * STEP_SECONDS)) pids fpid="" wpid="" sent=0 ban=-
  pids=$(proxy_pids "$proxy")
  timeout $((STEP_SECONDS * 3 + 90)) sipp -sn uac $PROXY:$SIP_PORT -i $CALLER -p 26000 -m $calls -r $LEGIT_RATE \
      -l 2000 -nostdin -timeout $((STEP_SECONDS * 3 + 60))s -trace_stat -stf "$WORK/$name-legit.csv" -fd 1 \
      > "$WORK/$name-legit.out" 2>&1 &
  local lpid=$!
  PIDS+=($lpid)
  sleep 1
  local a0 k0 p0 m0 t0 flood_seconds=$((STEP_SECONDS - 1))
  a0=$(counter attacker); k0=$(kernel_drops); p0=$(ticks $pids); m0=$(machine); t0=$(date +%s%N)
  case $flood in
    0) ;;
    junk)
      timeout -s INT $flood_seconds hping3 --udp -a "$att" -s 27000 -k -p $SIP_PORT -d 120 --flood $PROXY \
          > "$WORK/$name-flood.out" 2>&1 &
      fpid=$! ;;
    *)
      local rate=$flood limit
      [ "$flood" = max ] && rate=100000
      limit=$((rate * 2 + 100)); [ $limit -gt 40000 ] && limit=40000
      # no retransmissions, and a call that gets no answer is given up after 1 s: the attacker
      # keeps offering new INVITEs at the rate, banned or not
      timeout $((flood_seconds + 30)) sipp -sn uac $PROXY:$SIP_PORT -i "$att" -p 27000 -r $rate -l $limit \
          -nr -recv_timeout 1000 -timeout ${flood_seconds}s -nostdin -trace_stat -stf "$WORK/$name-flood.csv" -fd 1 \
          > "$WORK/$name-flood.out" 2>&1 &
      fpid=$! ;;
  esac
  if [ -n "$fpid" ]; then
    PIDS+=($fpid)
    watch_ban "$proxy" "$att" "$t0" "$WORK/$name-ban" &
    wpid=$!
    PIDS+=($wpid)
    wait "$fpid" || true
  else
    sleep $flood_seconds
  fi
  local a1 k1 p1 m1 t1
  a1=$(counter attacker); k1=$(kernel_drops); p1=$(ticks $pids); m1=$(machine); t1=$(date +%s%N)
  { ps -eo pid,pcpu,etimes,args --sort=-pcpu | head -15 > "$WORK/$name-ps.txt"; } || true # who else was busy
  [ -n "$wpid" ] && { kill "$wpid" 2>/dev/null || true; wait "$wpid" 2>/dev/null || true; }
  [ -s "$WORK/$name-ban" ] && ban="$(cat "$WORK/$name-ban") ms"
  wait "$lpid" || true
  case $flood in
    0) sent=0 ;;
    junk) sent=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' "$WORK/$name-flood.out" | head -1) ;;
    *) sent=$(stat_col "$WORK/$name-flood.csv" "OutgoingCall(C)") ;;
  esac
  local attempted ok
  attempted=$(stat_col "$WORK/$name-legit.csv" "OutgoingCall(C)")
  ok=$(stat_col "$WORK/$name-legit.csv" "SuccessfulCall(C)")
  read -r mb0 ms0 mt0 <<< "$m0"; read -r mb1 ms1 mt1 <<< "$m1"
  awk -v proxy="$proxy" -v flood="$flood" -v secs="$(( (t1 - t0) / 1000000 ))" -v att=$((a1 - a0)) \
      -v sent="${sent:-0}" -v attempted="$attempted" -v ok="$ok" -v pt=$((p1 - p0)) -v hz="$HZ" \
      -v mb=$((mb1 - mb0)) -v ms=$((ms1 - ms0)) -v mt=$((mt1 - mt0)) -v ban="$ban" -v kd=$((k1 - k0)) \
      'BEGIN { s = secs / 1000; printf "%s\t%s\t%d\t%.0f\t%d\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%s\t%s\n", proxy, flood,
          sent, att / s, attempted, ok, attempted ? 100 * ok / attempted : 0, 100 * pt / hz / s,
          mt ? 100 * mb / mt : 0, mt ? 100 * ms / mt : 0, ban, proxy == "bulwark" ? kd : "-" }' \
      >> "$WORK/results.tsv"
  tail -1 "$WORK/results.tsv" | awk -F'\t' '{ printf "  %s, flood %s: %s of %s legitimate calls ok (%s %%), proxy CPU %s %%, machine %s %%, ban %s\n",
      $1, $2, $6, $5, $7, $8, $9, $11 }'
  sleep 3
}

warm_up() { # legitimate calls only, not measured: JIT compilation, caches, first-time allocations
  timeout 120 sipp -sn uac $PROXY:$SIP_PORT -i $CALLER -p 26000 -m $((LEGIT_RATE * 10)) -r $LEGIT_RATE -l 2000 \
      -nostdin -timeout 60s > "$WORK/$1-warm-up.out" 2>&1 &
  PIDS+=($!)
  wait $! || true
  sleep 2
}

echo "work folder: $WORK; steps of $STEP_SECONDS s: $STEPS; legitimate caller $LEGIT_RATE calls/s"
for proxy in $PROXIES; do
  "start_$proxy"
  warm_up "$proxy"
  i=0
  for flood in $STEPS; do run_step "$proxy" $i "$flood"; i=$((i + 1)); done
  "stop_$proxy"
done

{
  echo "Flood steps of $STEP_SECONDS s, legitimate caller at $LEGIT_RATE calls/s from another /24 than the attacker;"
  echo "CPU: proxy as % of one core (all its threads or processes), machine as % of all $(nproc) cores (load generators included)."
  echo
  echo "| proxy | flood (INVITE/s) | attacker sent | attacker pkts/s into ns | legit calls | ok | ok % | proxy CPU % | machine busy % | softirq % | attacker banned after | kernel drops |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  awk -F'\t' '{ printf "| %s |", $1; for (i = 2; i <= NF; i++) printf " %s |", $i; printf "\n" }' "$WORK/results.tsv"
} | tee "$WORK/results.md"
echo "raw outputs: $WORK"
