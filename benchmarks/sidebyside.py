#!/usr/bin/env python3
"""The allocation service against the minimal allocate route, side by side in one run.

The minimal route (dev.allocation.benchmarks.sidebyside.MinimalAllocateRoute in benchmarks.jar, a
single Javalin route that does the allocate reads and writes in one JDBI transaction: no bus, no
aggregate, no validation) is what one database commit per request costs on this machine. A ratio
above 1.0 means the service does more allocations per second than one commit per request allows.

  python3 benchmarks/sidebyside.py h2 [rounds]   durable H2 (the service's default; the route's mode h2-sync)
  python3 benchmarks/sidebyside.py pg [rounds]   PostgreSQL on 127.0.0.1:5432, a fresh database per run

Run it from the project's root after `./mvnw -q package -DskipTests`, which builds both jars:
bootstrap/target/allocation-service.jar (JAR=... overrides) and benchmarks/target/benchmarks.jar
(BENCHMARKS_JAR=... overrides). Needs wrk (apt-get install wrk), and psql for pg.
Each run: fresh database, fresh JVM (-Xmx512m for both), 200 SKUs x 3 batches of 1,000,000, wrk -t2
-c8 (CONNS=...) for WARM_S=40 s of warm-up, then MEASURE_S=20 s measured. Runs alternate minimal
route, service, minimal route, service. The last line is the ratio of the service's mean req/s to
the minimal route's. Everything stays on loopback and every wrk is bounded in time.
"""
import http.client, json, os, re, shutil, signal, socket, statistics, subprocess, sys, tempfile, time
import urllib.request, uuid

MINIMAL_ROUTE = "dev.allocation.benchmarks.sidebyside.MinimalAllocateRoute"
WARM, MEASURE = int(os.environ.get("WARM_S", 40)), int(os.environ.get("MEASURE_S", 20))
CONNS = int(os.environ.get("CONNS", 8))

# The minimal route's script: unique orders, a random SKU of the 200 it seeds, qty 1 to 10.
MINIMAL_LUA = """
-- unique bodies: orderid = <prefix>-<thread>-<counter>, random SKU of 200, qty 1..10
local counter = 0
local prefix = "r"
local nthreads = 0
function setup(thread)
  nthreads = nthreads + 1
  thread:set("tid", nthreads)
end
function init(args)
  prefix = args[1] or "r"
  math.randomseed(tid * 7919 + os.time())
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
function request()
  counter = counter + 1
  local body = string.format('{"orderid":"%s-%d-%d","sku":"SKU-%03d","qty":%d}',
    prefix, tid, counter, math.random(0, 199), math.random(1, 10))
  return wrk.format(nil, "/allocate", nil, body)
end
"""

SERVICE_LUA = """
local skus = {}
for s in string.gmatch(os.getenv("SKUS") or "SKU-0", "([^,]+)") do skus[#skus + 1] = s end
local counter, nthreads = 0, 0  -- tid is a global that setup() gives each thread
function setup(thread) nthreads = nthreads + 1; thread:set("tid", nthreads) end
function init(args)
  math.randomseed(42 + tid)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end
function request()
  counter = counter + 1
  local body = string.format('{"orderid":"w%d-%d-%d","sku":"%s","qty":%d}', tid, counter, os.time(),
    skus[math.random(#skus)], math.random(10))
  return wrk.format(nil, nil, nil, body)
end
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def psql(sql):
    subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c", sql],
                   check=True, capture_output=True)


def run_wrk(url, seconds, script, args=(), env=None):
    out = subprocess.run(["wrk", "-t2", f"-c{CONNS}", f"-d{seconds}s", "--latency", "-s", script, url, "--", *args],
                         capture_output=True, text=True, timeout=seconds + 30, env={**os.environ, **(env or {})}).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = int((re.search(r"Non-2xx or 3xx responses: (\d+)", out) or [0, 0])[1])

    def ms(label):
        m = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\b", out, re.M)
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
    return rps, ms(50), ms(99), non2xx


def wait_for(probe, what, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if probe():
                return
        except Exception:
            pass
        time.sleep(0.05)
    raise SystemExit(f"{what} did not come up within {seconds} s")


def run_minimal(mode, db, benchmarks_jar):
    work = tempfile.mkdtemp(prefix="minimal-route-")
    props = [] if mode == "h2" else [f"-Ddb.url=jdbc:postgresql://127.0.0.1:5432/{db}"]
    rmode = "h2-sync" if mode == "h2" else "pg"
    subprocess.run(["java", *props, "-cp", benchmarks_jar, MINIMAL_ROUTE, "seed", rmode], cwd=work, check=True,
                   capture_output=True)
    port = free_port()
    proc = subprocess.Popen(["java", "-Xmx512m", f"-Dport={port}", "-Dpool=8", *props, "-cp", benchmarks_jar, MINIMAL_ROUTE,
                             rmode], cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        def first_201():
            req = urllib.request.Request(f"http://127.0.0.1:{port}/allocate", method="POST",
                                         data=b'{"orderid":"probe","sku":"SKU-000","qty":1}',
                                         headers={"Content-Type": "application/json"})
            return urllib.request.urlopen(req, timeout=2).status == 201
        wait_for(first_201, "the minimal route")
        script = os.path.join(work, "alloc.lua")
        with open(script, "w") as f:
            f.write(MINIMAL_LUA)
        url = f"http://127.0.0.1:{port}"
        run_wrk(url, WARM, script, ["warm" + uuid.uuid4().hex[:4]])
        return run_wrk(url, MEASURE, script, ["m" + uuid.uuid4().hex[:4]])
    finally:
        proc.terminate()
        proc.wait(30)
        shutil.rmtree(work, ignore_errors=True)


def seed_w1(port, tag):
    skus = [f"{tag}-SKU-{i}" for i in range(200)]
    conn = http.client.HTTPConnection("127.0.0.1", port)
    for eta in [None, "2030-01-01", "2030-02-01"]:
        for s in skus:
            conn.request("POST", "/add_batch", json.dumps({"ref": f"{s}-{eta}", "sku": s, "qty": 1000000, "eta": eta}),
                         {"Content-Type": "application/json"})
            r = conn.getresponse()
            r.read()
            if r.status != 201:
                raise SystemExit(f"add_batch answered {r.status}")
    return skus


def run_service(mode, db, jar):
    work = tempfile.mkdtemp(prefix="service-")
    port = free_port()
    env = {**os.environ, "HTTP_HOST": "127.0.0.1", "HTTP_PORT": str(port)}
    if mode == "h2":
        env["DATABASE_URL"] = f"jdbc:h2:file:{work}/allocation"
    else:
        env.update({"DATABASE_URL": f"jdbc:postgresql://127.0.0.1:5432/{db}", "DATABASE_USER": "postgres"})
    log = open(os.path.join(work, "service.log"), "w")
    proc = subprocess.Popen(["java", "-Xmx512m", "-jar", jar], cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2).status == 200, "the service")
        skus = seed_w1(port, uuid.uuid4().hex[:6])
        script = os.path.join(work, "allocate.lua")
        with open(script, "w") as f:
            f.write(SERVICE_LUA)
        url = f"http://127.0.0.1:{port}/allocate"
        run_wrk(url, WARM, script, env={"SKUS": ",".join(skus)})
        return run_wrk(url, MEASURE, script, env={"SKUS": ",".join(skus)})
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        shutil.rmtree(work, ignore_errors=True)


def main(mode, rounds, jar, benchmarks_jar):
    if mode not in ("h2", "pg"):
        raise SystemExit("mode is h2 or pg")
    for path, what in ((jar, "service jar"), (benchmarks_jar, "benchmarks jar")):
        if not os.path.exists(path):
            raise SystemExit(f"no {what} at {path}: build it first (./mvnw -q package -DskipTests)")
    got = {"minimal": [], "service": []}
    for r in range(rounds):
        for who in ("minimal", "service"):
            db = None
            if mode == "pg":
                db = f"sbs_{uuid.uuid4().hex[:8]}"
                psql(f"CREATE DATABASE {db}")
            try:
                rps, p50, p99, non2xx = (run_minimal(mode, db, benchmarks_jar) if who == "minimal"
                                         else run_service(mode, db, jar))
            finally:
                if db:
                    psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
            got[who].append(rps)
            print(f"round {r + 1} {who:8s} {mode}: {rps:7.0f} req/s  p50 {p50:.2f} ms  p99 {p99:.2f} ms  non-2xx {non2xx}",
                  flush=True)
            if who == "service" and non2xx:
                raise SystemExit(f"the service answered {non2xx} non-2xx under W1")
    ratio = statistics.mean(got["service"]) / statistics.mean(got["minimal"])
    print(f"{mode}, {CONNS} connections: service {statistics.mean(got['service']):.0f} req/s = {ratio:.2f}x "
          f"the minimal one-commit path's {statistics.mean(got['minimal']):.0f} req/s in the same run")
    return ratio


if __name__ == "__main__":
    # Absolute, as each JVM starts in a scratch folder of its own.
    main(sys.argv[1] if len(sys.argv) > 1 else "h2", int(sys.argv[2]) if len(sys.argv) > 2 else 2,
         os.path.abspath(os.environ.get("JAR", "bootstrap/target/allocation-service.jar")),
         os.path.abspath(os.environ.get("BENCHMARKS_JAR", "benchmarks/target/benchmarks.jar")))
