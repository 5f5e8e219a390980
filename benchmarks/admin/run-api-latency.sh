#!/usr/bin/env bash
# Admin API benchmark: p50/p95/p99 of GET /api/v1/call-records with 100,000 stored call records,
# and the dashboard's first contentful paint in headless Chromium. Needs the built project
# (mvn install -DskipTests) and, for the paint, chromium and web-admin's node_modules.
#   benchmarks/admin/run-api-latency.sh [records]
set -euo pipefail
cd "$(dirname "$0")"
RECORDS=${1:-100000}
WORK=$(mktemp -d /tmp/bulwark-api.XXXX)
PORT=28443
CP="../target/classes:$(cat ../target/classpath.txt)"
cleanup() { pkill -f "karaf.home=$WORK/bulwark" || true; }
trap cleanup EXIT
cp -a ../../karaf-assembly/target/assembly "$WORK/bulwark"
sed -i "s/^port = .*/port = $PORT/" "$WORK/bulwark/etc/io.bulwark.admin.http.cfg"
sed -i "s/^udp.port = .*/udp.port = 0/; s/^tcp.port = .*/tcp.port = 0/; s/^tls.port = .*/tls.port = 0/" \
  "$WORK/bulwark/etc/io.bulwark.transport.listener-outside.cfg" "$WORK/bulwark/etc/io.bulwark.transport.listener-inside.cfg"
java -cp "$CP" io.bulwark.benchmarks.admin.SeedCallRecords "$WORK/bulwark/data/bulwark/db" "$RECORDS"
(cd "$WORK/bulwark" && JAVA_MAX_MEM=1024m bin/karaf server > "$WORK/bulwark.out" 2>&1 &)
until grep -q "one-time setup token" "$WORK/bulwark/data/log/karaf.log" 2>/dev/null; do sleep 0.2; done
TOKEN=$(grep -o "one-time setup token [^ ]*" "$WORK/bulwark/data/log/karaf.log" | tail -1 | awk '{print $4}')
until curl -sk -o /dev/null "https://127.0.0.1:$PORT/api/v1/setup"; do sleep 0.2; done
sleep 2
java -cp "$CP" io.bulwark.benchmarks.admin.CallRecordsApiLatency "$WORK/bulwark" "https://127.0.0.1:$PORT" \
  "$TOKEN" bench "benchmark password 1"
if [ "${SKIP_PAINT:-0}" = 0 ] && [ -x /usr/bin/chromium ] && [ -d ../../web-admin/node_modules/playwright-core ]; then
  for i in 1 2 3 4 5; do
    (cd ../../web-admin && BULWARK_URL="https://127.0.0.1:$PORT" BULWARK_USER=bench \
      BULWARK_PASSWORD="benchmark password 1" SCREENSHOT_DIR="$WORK" node e2e/admin-ui.mjs first-paint)
  done
fi
