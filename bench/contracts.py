#!/usr/bin/env python3
"""Issue-3 benchmarks. Run from the repo root after `cargo build --release -p gendan`:

    python3 bench/contracts.py                 # SQLite
    python3 bench/contracts.py --postgres postgres://postgres@127.0.0.1:5432/postgres

Measures on a fresh database:
  * import of 10,000 product rows (.xlsx and .csv): `gendan import products FILE --commit`
    (read, check every row, save all in one transaction), wall time of the whole command;
    and the same file through the HTTP API (POST /api/v1/imports/products?commit=true)
  * the contract PDF of a 100-line contract through GET /api/v1/contracts/{id}/pdf: the first
    request of the process (fonts loaded), then 20 more after changing the contract each time
    (so typst cannot reuse the previous document), median and max
Prints a Markdown table for BENCHMARKS.md.
"""
import argparse, json, os, shutil, socket, statistics, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "gendan")
PASSWORD = "benchmark password"


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def env_for(data_dir, db_url):
    env = dict(os.environ, GENDAN_DATA_DIR=data_dir, RUST_LOG="warn")
    env.pop("GENDAN_DATABASE_URL", None)
    if db_url:
        env["GENDAN_DATABASE_URL"] = db_url
    return env


def fresh_db(base_url):
    if not base_url:
        return None
    name = "gendan_bench_%d" % int(time.time() * 1000)
    subprocess.run(["psql", base_url, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run(["psql", base_url, "-qc", f"CREATE DATABASE {name}"], check=True)
    return base_url.rsplit("/", 1)[0] + "/" + name


def req(method, url, token=None, body=None, raw=None, headers=None):
    h = dict(headers or {})
    data = None
    if body is not None:
        data = json.dumps(body).encode(); h["content-type"] = "application/json"
    if raw is not None:
        data = raw; h["content-type"] = "application/octet-stream"
    if token:
        h["authorization"] = "Bearer " + token
    r = urllib.request.Request(url, method=method, data=data, headers=h)
    with urllib.request.urlopen(r, timeout=120) as resp:
        return resp.status, dict(resp.headers), resp.read()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--postgres")
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="gendan-bench-")
    rows = []
    try:
        # Import by the CLI.
        for ext in ["xlsx", "csv"]:
            f = os.path.join(tmp, f"products.{ext}")
            subprocess.run([BIN, "sample-import", "--rows", "10000", f], check=True, stdout=subprocess.DEVNULL)
            d = os.path.join(tmp, f"cli-{ext}")
            db = fresh_db(a.postgres)
            subprocess.run([BIN, "migrate"], env=env_for(d, db), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            t0 = time.perf_counter()
            p = subprocess.run([BIN, "import", "products", f, "--commit"], env=env_for(d, db), capture_output=True, text=True)
            ms = (time.perf_counter() - t0) * 1000
            if p.returncode != 0:
                sys.exit(p.stderr)
            rows.append((f"`gendan import products` 10,000 rows .{ext} ({os.path.getsize(f)//1024} KiB), read + check + save", f"{ms:,.0f} ms"))

        # A server for the API figures.
        d = os.path.join(tmp, "server")
        db = fresh_db(a.postgres)
        env = env_for(d, db)
        subprocess.run([BIN, "migrate"], env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run([BIN, "user", "add", "--email", "admin@bench.example", "--role", "admin", "--password-stdin"],
                       input=PASSWORD, text=True, env=env, check=True, stdout=subprocess.DEVNULL)
        port = free_port()
        srv = subprocess.Popen([BIN, "serve", "--bind", f"127.0.0.1:{port}"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(500):
                try:
                    urllib.request.urlopen(url + "/healthz", timeout=1); break
                except Exception:
                    time.sleep(0.01)
            _, _, b = req("POST", url + "/api/v1/auth/tokens", body={"email": "admin@bench.example", "password": PASSWORD})
            tok = json.loads(b)["token"]
            f = os.path.join(tmp, "products.xlsx")
            data = open(f, "rb").read()
            t0 = time.perf_counter()
            _, _, b = req("POST", url + "/api/v1/imports/products?file_name=products.xlsx&commit=true", tok, raw=data)
            ms = (time.perf_counter() - t0) * 1000
            rep = json.loads(b)
            assert rep["saved"] == 10000, rep
            rows.append(("`POST /api/v1/imports/products?commit=true` 10,000 rows .xlsx, upload + check + save", f"{ms:,.0f} ms"))

            # A 100-line contract.
            _, _, b = req("POST", url + "/api/v1/parties", tok, body={"kind": "customer", "name_latin": "Bench Buyer B.V.",
                          "addresses": [{"line1": "Kade 1", "city": "Rotterdam", "country": "NL"}]})
            buyer = json.loads(b)["id"]
            lines = [{"description_en": f"Fresh Fuji apples size {70 + i % 40}", "description_zh": "富士苹果",
                      "spec": f"{70 + i % 40} count", "hs_code": "080810", "package": "18 kg carton",
                      "quantity": str(100 + i), "unit": "carton", "unit_price": f"{20 + (i % 9)}.50"} for i in range(100)]
            contract = {"buyer_id": buyer, "currency": "USD", "incoterm": {"term": "FOB", "port": "CNQDG"},
                        "port_of_loading": "CNQDG", "port_of_discharge": "NLRTM", "shipment_latest": "2026-12-31",
                        "payment_terms": {"instalments": [{"percent": "30", "method": "tt", "trigger": "on_contract"},
                                                          {"percent": "70", "method": "tt", "trigger": "against_copy_bl"}]},
                        "lines": lines}
            _, h, b = req("POST", url + "/api/v1/contracts", tok, body=contract)
            c = json.loads(b)
            cid, version = c["id"], c["version"]
            t0 = time.perf_counter()
            _, _, pdf = req("GET", url + f"/api/v1/contracts/{cid}/pdf", tok)
            first = (time.perf_counter() - t0) * 1000
            assert pdf.startswith(b"%PDF")
            times = []
            for i in range(20):
                contract["lines"][0]["quantity"] = str(200 + i)
                _, h, b = req("PUT", url + f"/api/v1/contracts/{cid}", tok, body=contract, headers={"if-match": f'"{version}"'})
                version = json.loads(b)["version"]
                t0 = time.perf_counter()
                _, _, pdf = req("GET", url + f"/api/v1/contracts/{cid}/pdf", tok)
                times.append((time.perf_counter() - t0) * 1000)
            pages = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True).stdout.decode()
            npages = next((l.split()[-1] for l in pages.splitlines() if l.startswith("Pages")), "?")
            rows.append((f"`GET /api/v1/contracts/{{id}}/pdf`, 100 lines ({npages} pages, {len(pdf)//1024} KiB), first request after the server started (fonts load in the background at start)", f"{first:,.0f} ms"))
            rows.append(("same, after each of 20 changes to the contract: median / max", f"{statistics.median(times):,.0f} ms / {max(times):,.0f} ms"))
            t0 = time.perf_counter()
            _, _, x = req("GET", url + f"/api/v1/contracts/{cid}/xlsx", tok)
            rows.append(("`GET /api/v1/contracts/{id}/xlsx`, 100 lines", f"{(time.perf_counter() - t0) * 1000:,.0f} ms"))
        finally:
            srv.terminate(); srv.wait()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"| {'PostgreSQL' if a.postgres else 'SQLite'} | figure |\n| --- | --- |")
    for what, fig in rows:
        print(f"| {what} | {fig} |")


if __name__ == "__main__":
    main()
