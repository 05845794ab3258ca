"""The web payloads of ``bench_hostile.py`` (issue 21): each attack on a fresh site.

For every attack a seeded SQLite site is started under uvicorn in its own process (with
the add-in mounted), the attack is sent, and the benchmark prints the seconds until the
attack was answered, the server's resident peak above its idle peak (VmHWM), the longest
``/healthz`` answer while the attack ran (is the site still responsive?) and, for the PDF
downloads, the most LibreOffice processes alive at once.
"""

from __future__ import annotations

import functools
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "hemmelig-kode-1"
ENCODED = "=?utf-8?q?Hej=0D=0AReply-To:_x@evil.example=0D=0AContent-Type:_text/html?="


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _hwm_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:")) / 1024


def _soffice(server: int) -> int:
    """LibreOffice processes started by the server (its descendants; other programs' not counted)."""
    parents, names = {}, {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                names[int(pid)] = fh.read().split(b"\0")[0]
            parents[int(pid)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue

    def below(pid: int) -> bool:
        for _ in range(20):
            pid = parents.get(pid, 0)
            if pid == server:
                return True
            if pid <= 1:
                return False
        return False

    return sum(1 for pid, name in names.items() if b"soffice" in name and below(pid))


def request(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    """(status, body); a server that answers and closes before reading a large body still
    gives its status (read after the failed send)."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    try:
        try:
            conn.request(method or ("POST" if data is not None else "GET"), target, body=data, headers=headers or {})
        except OSError as exc:
            if conn.sock is None:  # no connection at all
                return f"closed ({type(exc).__name__})", b""
            # else the server stopped reading: its answer may still be there
        try:
            response = conn.getresponse()
            return response.status, response.read()
        except OSError as exc:
            return f"closed ({type(exc).__name__})", b""
    finally:
        conn.close()


class Site:
    """A seeded site under uvicorn (one worker), with users, a token and published records."""

    def __init__(self, folder: Path) -> None:
        db = f"sqlite:///{folder / 'erfaringer.sqlite'}"
        code = (f"import sys; sys.path.insert(0, {str(ROOT)!r}); from benchmarks.hostile_web import prepare; "
                f"print(prepare({db!r}))")
        self.token, self.record_ids = json.loads(subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout.splitlines()[-1])
        self.port = _port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, SOM_XL_EXPERIENCE_DB=db, SOM_XL_WEB_SECRET="b" * 40, XLWINGS_LICENSE_KEY="noncommercial",
                   SOM_XL_WEB_BASE_URL="https://som.example.dk", SOM_XL_WEB_WORK_DIR=str(folder / "conv"))
        self.process = subprocess.Popen([sys.executable, "-m", "uvicorn", "som_xl.web.app:create_app_from_env",
                                         "--factory", "--port", str(self.port), "--log-level", "error",
                                         "--no-proxy-headers"], cwd=ROOT, env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(1200):
            if request(self.url + "/healthz")[0] == 200:
                break
            time.sleep(0.05)
        else:
            self.stop()
            raise RuntimeError("the site did not start")
        request(self.url + "/")  # warm
        self.idle_mb = _hwm_mb(self.process.pid)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def prepare(db: str) -> str:
    """Seed ``db``: demo records, a contributor and an editor, a token, five published cases."""
    from som_xl.experience import open_db
    from som_xl.paths import examples_dir
    from som_xl.web.seed import seed_if_empty

    case = json.loads((examples_dir() / "housing_first.json").read_text("utf-8"))
    with open_db(db) as database:
        seed_if_empty(database)
        user = database.accounts.add_user("bi@aarhus.dk", organisation="Aarhus Kommune", org_type="kommune",
                                          role="bidragyder", password=PASSWORD)
        database.accounts.add_user("red@sbst.dk", organisation="Styrelsen", org_type="styrelse", role="redaktoer",
                                   password=PASSWORD)
        ids = []
        for i in range(20):
            record, _ = database.workflow.submit({"title": f"Variant {i}", "summary": "s", "target_group": "g",
                                                  "material_type": "beregning",
                                                  "case_json": json.dumps({**case, "title": f"Variant {i}"})}, user)
            database.set_status(record.id, "offentliggjort")
            ids.append(record.id)
        token = database.accounts.create_token("bi@aarhus.dk", "bench")[0]
    return json.dumps([token, ids])


@functools.lru_cache(maxsize=4)
def _nested(mb: int) -> bytes:
    return b"[" * (mb * 2**20)


@functools.lru_cache(maxsize=2)
def _keys(n: int) -> bytes:
    return b"{" + b",".join(b'"k%d":0' % i for i in range(n)) + b"}"


def attacks(site: Site) -> dict:
    """name → function sending the attack; each returns a short outcome."""
    u, json_type = site.url, {"Content-Type": "application/json"}
    form = {"Content-Type": "application/x-www-form-urlencoded"}

    def many(n, call):
        with ThreadPoolExecutor(n) as pool:
            answers = list(pool.map(call, range(n)))
        return ", ".join(f"{a}×{answers.count(a)}" for a in sorted(set(answers), key=str))

    def sign_in(i, email="red@sbst.dk"):
        data = urllib.parse.urlencode({"username": email if email else f"x{i}@x.dk", "password": "forkert"}).encode()
        return request(u + "/api/v1/token", data, form)[0]

    def call(cells):
        body = {"func_name": "SOM_NUTIDSVAERDI", "args": [[[1] * 990] * (cells // 990), [[0.035]], None],
                "caller_address": "A1", "version": "0.37.8", "client": "Office.js", "runtime": "1.4"}
        return request(u + "/addin/api/functions/call", json.dumps(body, separators=(",", ":")).encode(), json_type)[0]

    long_query = " ".join(f"ord{i}bolig forløb{i}" for i in range(12))
    return {
        "anon: 54 MB of [[[[ to POST /records": lambda: request(u + "/api/v1/records", _nested(54), json_type)[0],
        "anon: 4,000,000 keys to POST /records": lambda: request(u + "/api/v1/records", _keys(4_000_000), json_type)[0],
        "anon: 54 MB to POST /records/1/status": lambda: request(u + "/api/v1/records/1/status", _nested(54),
                                                                 json_type)[0],
        "anon: 3 × 54 MB at once": lambda: many(3, lambda _: request(u + "/api/v1/records", _nested(54),
                                                                      json_type)[0]),
        "anon: 60 MB form to POST /indsend": lambda: request(u + "/indsend", b"a=" + b"b" * (58 * 2**20), form)[0],
        "token: 6 MB of [[[[ to POST /records": lambda: request(
            u + "/api/v1/records", _nested(6), {**json_type, "Authorization": f"Bearer {site.token}"})[0],
        "anon: 60 guesses at once, one account": lambda: many(60, sign_in),
        "anon: 100 guesses at once, one address": lambda: many(100, lambda i: sign_in(i, "")),
        "anon: 20 PDFs across records at once": lambda: many(20, lambda i: request(
            u + f"/poster/{site.record_ids[i % len(site.record_ids)]}/oplaeg.pdf")[0]),
        "anon: 15 PDFs of one record at once": lambda: many(15, lambda _: request(
            u + f"/poster/{site.record_ids[0]}/oplaeg.pdf")[0]),
        "anon: function call, 99,000 cells": lambda: call(99_000),
        "anon: 16 function calls of 19,800 cells": lambda: many(16, lambda _: call(19_800)),
        "anon: 40 long searches at once": lambda: many(40, lambda _: request(
            u + "/?" + urllib.parse.urlencode({"q": long_query}))[0]),
        "anon: 40 searches of 8 words at once": lambda: many(40, lambda i: request(
            u + "/?" + urllib.parse.urlencode({"q": f"bolig forløb støtte hjem mentor {i} unge voksne"}))[0]),
        "anon: ?page=² and ?year=²": lambda: many(2, lambda i: request(u + ("/?page=%C2%B2", "/?year=%C2%B2")[i])[0]),
        "anon: manifest with Host: evil": lambda: request(u + "/manifest", headers={"Host": "evil.example"})[0],
    }


def measure(name: str, folder: Path) -> dict:
    site = Site(folder)
    try:
        attack = attacks(site)[name]
        slowest, soffice, done = [0.0], [0], threading.Event()

        def watch():
            while not done.is_set():
                start = time.perf_counter()
                request(site.url + "/healthz")
                slowest[0] = max(slowest[0], time.perf_counter() - start)
                soffice[0] = max(soffice[0], _soffice(site.process.pid))
                done.wait(0.2)

        watcher = threading.Thread(target=watch)
        watcher.start()
        start = time.perf_counter()
        outcome = attack()
        seconds = time.perf_counter() - start
        done.set()
        watcher.join()
        return {"outcome": str(outcome)[:40], "seconds": seconds,
                "above_idle_mb": _hwm_mb(site.process.pid) - site.idle_mb, "healthz_s": slowest[0],
                "soffice": soffice[0]}
    finally:
        site.stop()


def main(folder: Path, only: str | None = None, prebuild: bool = True) -> None:
    print(f"\n{'web attack (fresh site each)':<42} {'answers':<40} {'seconds':>8} {'MB>idle':>8} "
          f"{'healthz s':>9} {'soffice':>7}")
    if prebuild:
        _nested(54), _nested(6), _keys(4_000_000)  # built (and cached) before the clock starts
    dummy = Site.__new__(Site)
    dummy.url, dummy.token, dummy.record_ids = "", "", [1]
    for i, name in enumerate(attacks(dummy)):
        if only and only not in name:
            continue
        r = measure(name, folder / f"w{i}")
        print(f"{name:<42} {r['outcome']:<40} {r['seconds']:8.2f} {r['above_idle_mb']:8.0f} "
              f"{r['healthz_s']:9.2f} {r['soffice']:7d}", flush=True)
