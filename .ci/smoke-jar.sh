#!/usr/bin/env bash
# Starts the built jar as the README says (on the embedded H2 default, in a scratch folder), checks
# /health and one allocation, then stops it with SIGTERM and checks that it stopped cleanly.
set -euo pipefail
jar="$(cd "$(dirname "$0")/.." && pwd)/bootstrap/target/allocation-service.jar"
work=$(mktemp -d)
log="$work/service.log"
cd "$work"

HTTP_PORT=0 java -Xmx192m -XX:SharedArchiveFile="${jar%.jar}.jsa" -jar "$jar" >"$log" 2>&1 &
pid=$!
trap 'kill -9 $pid 2>/dev/null || true' EXIT

port=""
for _ in $(seq 1 300); do
  port=$(sed -n 's/.*Listening on http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$log" | head -n 1)
  [ -n "$port" ] && break
  kill -0 $pid 2>/dev/null || { cat "$log"; echo "the service exited during start-up" >&2; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { cat "$log"; echo "the service did not log its port" >&2; exit 1; }
base="http://127.0.0.1:$port"
echo "service on $base"

expect() { # status, then curl arguments
  local want=$1; shift
  local got
  got=$(curl -s -o "$work/body" -w '%{http_code}' "$@")
  echo "  $* -> $got $(cat "$work/body")"
  [ "$got" = "$want" ] || { cat "$log"; echo "expected $want" >&2; exit 1; }
}
expect 200 "$base/health"
expect 201 -X POST "$base/add_batch" -H 'Content-Type: application/json' -d '{"ref":"smoke-batch","sku":"SMOKE-LAMP","qty":10}'
expect 201 -X POST "$base/allocate" -H 'Content-Type: application/json' -d '{"orderid":"smoke-order","sku":"SMOKE-LAMP","qty":3}'
expect 200 "$base/allocations/smoke-order"
grep -q '"batchref":"smoke-batch"' "$work/body" || { echo "allocation not found" >&2; exit 1; }

kill -TERM $pid
for _ in $(seq 1 300); do
  kill -0 $pid 2>/dev/null || break
  sleep 0.1
done
if kill -0 $pid 2>/dev/null; then
  cat "$log"; echo "the service did not stop within 30 s of SIGTERM" >&2; exit 1
fi
grep -q "Stopped" "$log" || { cat "$log"; echo "the service did not shut down cleanly" >&2; exit 1; }
echo "jar smoke test passed"
rm -rf "$work"
