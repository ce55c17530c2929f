#!/usr/bin/env python3
"""Foundation benchmarks (issue 2). Run from the repo root after `cargo build --release`:

    python3 bench/foundation.py                 # SQLite
    python3 bench/foundation.py --postgres postgres://postgres@127.0.0.1:5432/postgres

Measures, on a fresh data dir / database:
  * start: process start -> first 200 from /healthz (median of 10 starts on fresh dirs)
  * RSS idle, and after 10,000 authenticated requests
  * throughput and p50/p99 of GET /api/v1/parties?limit=50 with 100,000 parties (wrk, loopback)
Needs wrk (Debian package `wrk`). Prints a Markdown table for BENCHMARKS.md.
"""
import argparse, json, os, re, shutil, socket, statistics, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "gendan")
LUA = os.path.join(ROOT, "bench", "bearer.lua")
PASSWORD = "benchmark password"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def env_for(data_dir, db_url):
    env = dict(os.environ, GENDAN_DATA_DIR=data_dir, RUST_LOG="warn")
    env.pop("GENDAN_DATABASE_URL", None)
    if db_url:
        env["GENDAN_DATABASE_URL"] = db_url
    return env


def start(data_dir, db_url):
    port = free_port()
    t0 = time.perf_counter()
    p = subprocess.Popen([BIN, "serve", "--bind", f"127.0.0.1:{port}"], env=env_for(data_dir, db_url),
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    while True:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1) as r:
                if r.status == 200:
                    return p, url, (time.perf_counter() - t0) * 1000
        except Exception:
            if p.poll() is not None:
                sys.exit("server exited during start")
            time.sleep(0.002)


def stop(p):
    p.terminate()
    try:
        p.wait(timeout=15)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        sys.exit("server did not stop within 15 s of SIGTERM")


def rss_mib(pid):
    """Resident memory as `total MiB (anon A, file F)`: with SQLite's mmap reads, pages of the
    database file mapped into the process count as resident (file-backed, shared, reclaimable)."""
    v = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, rest = line.partition(":")
            if k in ("VmRSS", "RssAnon", "RssFile", "RssShmem"):
                v[k] = int(rest.split()[0]) / 1024
    return f"{v['VmRSS']:.1f} MiB (anonymous {v['RssAnon']:.1f}, file-backed {v['RssFile'] + v.get('RssShmem', 0):.1f})"


def fresh_pg(base):
    name = f"gendan_bench_{int(time.time() * 1000)}"
    subprocess.run(["psql", base, "-qc", f"create database {name}"], check=True)
    return base.rsplit("/", 1)[0] + "/" + name


def token(url, email):
    req = urllib.request.Request(url + "/api/v1/auth/tokens", method="POST",
                                 data=json.dumps({"email": email, "password": PASSWORD}).encode(),
                                 headers={"content-type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.load(r)["token"]


def sequential(url, tok, count):
    """`count` authenticated GETs, one after another on one keep-alive connection."""
    import http.client
    host, port = url.removeprefix("http://").split(":")
    c = http.client.HTTPConnection(host, int(port))
    bad = 0
    for _ in range(count):
        c.request("GET", "/api/v1/parties?limit=50", headers={"Authorization": "Bearer " + tok})
        r = c.getresponse()
        r.read()
        bad += r.status != 200
    c.close()
    return count, bad


def wrk(url, tok, seconds, conns=32, threads=2):
    env = dict(os.environ, TOKEN=tok)
    args = ["wrk", f"-t{threads}", f"-c{conns}", "--latency", "-s", LUA, "-d", f"{seconds}s"]
    out = subprocess.run(args + [url + "/api/v1/parties?limit=50"], env=env, capture_output=True, text=True, check=True).stdout
    reqs = int(re.search(r"(\d+) requests in", out).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = dict(re.findall(r"\s+(50|99)%\s+([\d.]+\w+)", out))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return reqs, rps, lat.get("50"), lat.get("99"), int(errors.group(1)) if errors else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--postgres", help="server URL; a fresh database is created on it")
    ap.add_argument("--parties", type=int, default=100_000)
    ap.add_argument("--seconds", type=int, default=20)
    a = ap.parse_args()
    backend = "PostgreSQL" if a.postgres else "SQLite"

    starts = []
    for _ in range(10):
        d = tempfile.mkdtemp()
        db = fresh_pg(a.postgres) if a.postgres else None
        p, _, ms = start(d, db)
        starts.append(ms)
        stop(p)
        shutil.rmtree(d)

    d = tempfile.mkdtemp()
    db = fresh_pg(a.postgres) if a.postgres else None
    env = env_for(d, db)
    subprocess.run([BIN, "user", "add", "--email", "bench@bench.example", "--role", "viewer", "--password-stdin"],
                   input=PASSWORD + "\n", text=True, env=env, check=True, capture_output=True)
    t0 = time.perf_counter()
    subprocess.run([BIN, "seed", "--parties", str(a.parties)], env=env, check=True, capture_output=True)
    seed_s = time.perf_counter() - t0
    p, url, _ = start(d, db)
    time.sleep(1)
    idle = rss_mib(p.pid)
    tok = token(url, "bench@bench.example")
    n, err1 = sequential(url, tok, 10_000)
    after = rss_mib(p.pid)
    reqs, rps, p50, p99, err2 = wrk(url, tok, a.seconds)
    after_load = rss_mib(p.pid)
    stop(p)
    shutil.rmtree(d)

    print(f"| {backend} | start to first /healthz 200 (median of 10, fresh data) | {statistics.median(starts):.0f} ms "
          f"(min {min(starts):.0f}, max {max(starts):.0f}) |")
    print(f"| {backend} | RSS idle (after start, {a.parties:,} parties) | {idle} |")
    print(f"| {backend} | RSS after {n:,} authenticated GET /api/v1/parties?limit=50 | {after} |")
    print(f"| {backend} | throughput, GET /api/v1/parties?limit=50, {a.parties:,} parties, wrk -t2 -c32 {a.seconds}s | "
          f"{rps:,.0f} req/s ({reqs:,} requests, {err1 + err2} non-2xx) |")
    print(f"| {backend} | latency p50 / p99 (same run) | {p50} / {p99} |")
    print(f"| {backend} | RSS after the throughput run | {after_load} |")
    print(f"| {backend} | `gendan seed --parties {a.parties}` (with {a.parties:,} audit events) | {seed_s:.1f} s |")


if __name__ == "__main__":
    main()
