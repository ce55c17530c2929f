#!/usr/bin/env python3
"""Take the README screenshot: sign in to a running demo and capture a page with Debian's
chromium through chromedriver (plain WebDriver over HTTP, no extra packages).

    cargo run --release -- demo &            # in another terminal
    python3 bench/screenshot.py http://127.0.0.1:8080 docs/screenshot.png /parties
"""
import base64, json, socket, subprocess, sys, tempfile, time, urllib.parse, urllib.request

base, out, path = sys.argv[1], sys.argv[2], (sys.argv[3] if len(sys.argv) > 3 else "/parties")
email = sys.argv[4] if len(sys.argv) > 4 else "merchandiser@demo.gendan.example"


def call(method, url, body=None):
    req = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body is not None else None,
                                 headers={"content-type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.load(r)


s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
driver = subprocess.Popen(["chromedriver", f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wd = f"http://127.0.0.1:{port}"
try:
    for _ in range(100):
        try:
            call("GET", wd + "/status"); break
        except Exception:
            time.sleep(0.1)
    caps = {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": [
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,760",
        "--user-data-dir=" + tempfile.mkdtemp()]}}}}
    sid = call("POST", wd + "/session", caps)["value"]["sessionId"]
    S = f"{wd}/session/{sid}"
    call("POST", S + "/url", {"url": base + "/login"})
    def find(css):
        return call("POST", S + "/element", {"using": "css selector", "value": css})["value"]
    el = lambda e: list(e.values())[0]
    call("POST", f"{S}/element/{el(find('input[name=email]'))}/value", {"text": email})
    call("POST", f"{S}/element/{el(find('input[name=password]'))}/value", {"text": "gendan-demo"})
    call("POST", f"{S}/element/{el(find('button.primary'))}/click", {})
    time.sleep(0.5)
    call("POST", S + "/url", {"url": base + path})
    time.sleep(0.5)
    png = call("GET", S + "/screenshot")["value"]
    open(out, "wb").write(base64.b64decode(png))
    call("DELETE", S)
finally:
    driver.kill()
print("wrote", out)
