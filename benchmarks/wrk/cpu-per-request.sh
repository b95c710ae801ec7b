#!/usr/bin/env bash
# W1 under wrk against a jar on a fresh H2 file, and what each request cost: the service's CPU time
# (from /proc) over the requests of the measured run, and its commit groups (from /metrics).
#   benchmarks/wrk/cpu-per-request.sh [jar] [";H2_SETTING=value..."]
# WARM_S (30) and MEASURE_S (20) set the runs; the JVM runs with -Xmx512m, as sidebyside.py's.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar=$(realpath "${1:-bootstrap/target/allocation-service.jar}")
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
HTTP_HOST=127.0.0.1 HTTP_PORT=$port DATABASE_URL="jdbc:h2:file:$work/allocation${2:-}" \
  java -Xmx512m -jar "$jar" > "$work/service.log" 2>&1 &
pid=$!
stop() {
  kill $pid 2> /dev/null || true
  for _ in $(seq 300); do kill -0 $pid 2> /dev/null || break; sleep 0.1; done
  kill -9 $pid 2> /dev/null || true
  rm -rf "$work"
}
trap stop EXIT
alive() { kill -0 $pid 2> /dev/null || { echo "the service stopped:"; cat "$work/service.log"; exit 1; }; }
for _ in $(seq 600); do
  curl -sf "http://127.0.0.1:$port/health" > /dev/null && break
  alive
  sleep 0.1
done
curl -sf "http://127.0.0.1:$port/health" > /dev/null || { echo "the service did not answer within 60 s"; exit 1; }
"$here/add-batches.sh" "http://127.0.0.1:$port"
wrk -t2 -c8 -d"${WARM_S:-30}"s -s "$here/allocate.lua" "http://127.0.0.1:$port" -- "warm$RANDOM" > /dev/null
alive
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
groups() { curl -s "http://127.0.0.1:$port/metrics" | grep -E '^allocation_commit_group(s|ed|_seconds)_total' || true; }
groups > "$work/before"; c0=$(cpu)
wrk -t2 -c8 -d"${MEASURE_S:-20}"s --latency -s "$here/allocate.lua" "http://127.0.0.1:$port" -- "run$RANDOM" > "$work/wrk"
alive; c1=$(cpu); groups > "$work/after"
python3 - "$work" "$c0" "$c1" "$(getconf CLK_TCK)" "${MEASURE_S:-20}" <<'PY'
import re, sys
work, c0, c1, tck, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
out = open(f"{work}/wrk").read()
requests = int(re.search(r"(\d+) requests in", out).group(1))
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
non2xx = int((re.search(r"Non-2xx or 3xx responses: (\d+)", out) or [0, 0])[1])
errors = (re.search(r"Socket errors: .*", out) or [""])[0]
if requests == 0:
    sys.exit("no request was answered:\n" + out)
cpu = (c1 - c0) / tck
def read(name):
    return {line.split()[0]: float(line.split()[1]) for line in open(f"{work}/{name}") if line.strip()}
before, after = read("before"), read("after")
delta = {key: after[key] - before.get(key, 0) for key in after}
groups = delta.get("allocation_commit_groups_total", 0)
print(f"{rate:.0f} req/s, non-2xx {non2xx}{'; ' + errors if errors else ''}; service CPU {cpu:.1f} s = {cpu * 1000 / requests:.3f} ms a request")
if groups:
    print(f"{groups / seconds:.0f} commit groups a second of {delta['allocation_commit_grouped_total'] / groups:.2f} units of work, "
          f"{delta['allocation_commit_group_seconds_total'] * 1000 / groups:.2f} ms each; the one writer busy "
          f"{delta['allocation_commit_group_seconds_total'] / seconds * 100:.0f}% of the time")
PY
