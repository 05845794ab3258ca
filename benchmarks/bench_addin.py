"""Server-side Beregn of the Office add-in on the demo payload: latency at 10 concurrent
requests against a real HTTP server (uvicorn on 127.0.0.1, ``--workers`` processes), and
the payload size the SØM client sends for the demo workbook (only the named ranges Beregn
reads carry values) against the whole workbook as xlwings' own client would send it.

Target (issue 17): p95 ≤ 150 ms at 10 concurrent requests.
Run: ``python benchmarks/bench_addin.py [--workers N] [--rounds R]``. Needs fastapi, uvicorn
and httpx (``pip install -e ".[test]"``); the licence key defaults to ``noncommercial``.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

APP = """
from som_xl.addin import AddinConfig, addin_router
from fastapi import FastAPI
app = FastAPI()
app.include_router(addin_router(AddinConfig(xlwings_license_key="noncommercial")))
"""


def demo_payloads(tmp: Path) -> tuple[bytes, bytes]:
    """(what the SØM client sends for Beregn, what xlwings' client would send) for the demo case."""
    from fastapi.testclient import TestClient

    from som_xl.paths import examples_dir
    from som_xl.workbook.files import new_workbook
    from tests.addin.conftest import make_app
    from tests.addin.officejs import payload

    path = tmp / "Sag.xlsx"
    new_workbook(path, examples_dir() / "housing_first.json")
    spec = TestClient(make_app(tmp)).get("/addin/api/commands").json()["beregn"]
    return json.dumps(payload(path, spec)).encode(), json.dumps(payload(path)).encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=10)
    args = parser.parse_args()
    import httpx

    with tempfile.TemporaryDirectory() as tmp:
        sparse, full = demo_payloads(Path(tmp))
        (Path(tmp) / "bench_app.py").write_text(APP)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        env = dict(os.environ, PYTHONPATH=f"{tmp}{os.pathsep}{ROOT}")
        server = subprocess.Popen([sys.executable, "-m", "uvicorn", "bench_app:app", "--host", "127.0.0.1",
                                   "--port", str(port), "--workers", str(args.workers), "--log-level", "warning"],
                                  cwd=tmp, env=env)
        url = f"http://127.0.0.1:{port}/addin/api/commands/beregn"
        try:
            with httpx.Client(timeout=60) as client:
                for _ in range(300):  # wait for the server (bounded by count)
                    try:
                        client.get(f"http://127.0.0.1:{port}/addin/api/commands")
                        break
                    except httpx.TransportError:
                        time.sleep(0.1)
                headers = {"Content-Type": "application/json"}

                def one(body: bytes) -> float:
                    t0 = time.perf_counter()
                    r = client.post(url, content=body, headers=headers)
                    elapsed = time.perf_counter() - t0
                    assert r.status_code == 200 and r.json()["ok"], r.text[:300]
                    return elapsed

                for _ in range(2 * args.workers * 3):  # warm every worker (imports, knowledge)
                    one(sparse)
                serial = [one(sparse) for _ in range(20)]
                times = []
                with ThreadPoolExecutor(args.concurrency) as pool:
                    for _ in range(args.rounds):
                        times += list(pool.map(one, [sparse] * args.concurrency))
                full_serial = [one(full) for _ in range(10)]
        finally:
            server.terminate()
            server.wait(timeout=30)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"payload for Beregn (demo workbook): {len(sparse):,} bytes sent by the SØM client; "
          f"{len(full):,} bytes for the whole workbook as xlwings' own client sends it")
    print(f"one request at a time: median {statistics.median(serial) * 1000:.0f} ms "
          f"(whole-workbook payload: {statistics.median(full_serial) * 1000:.0f} ms)")
    print(f"{args.concurrency} concurrent, {args.workers} worker process(es), {len(times)} requests: "
          f"median {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms (target ≤ 150 ms), "
          f"max {times[-1] * 1000:.0f} ms; {os.cpu_count()} CPU cores")


if __name__ == "__main__":
    main()
