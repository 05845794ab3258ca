"""Load and fault benchmark of the erfaringsdatabase site (a benchmark, not a test).

On PostgreSQL with 10,000 records, gunicorn runs the site with 2 uvicorn workers on
127.0.0.1. For 60 s, 50 clients search (the HTML search page with facets, then a record
page from the hits) and 10 clients submit records through the JSON API with an
Idempotency-Key, each client pausing ``--think`` seconds (uniform 0.5x–1.5x) between
requests. Half-way through, one worker is killed with SIGKILL; gunicorn starts a new one.
Clients retry a failed request once (submitters with the same key, up to 5 times).
Afterwards every submission must be stored exactly once.

Prints p50/p95/p99 of the search page and the record page, throughput, failures before
and after retry, and the exactly-once check. Loopback only; bounded in time.

Run: ``SOM_XL_TEST_PG_URL=postgresql://… python benchmarks/bench_web.py``
(or ``--db URL``; a private schema is created and dropped). Needs ``pip install -e ".[test]"``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADS = ("bolig bo mentor hjemløse misbrugs angst skole familie beskæftigelses uddannelses kriminalitets "
         "forebyggelses netværks rådgivnings gruppe efterværns sagsbehandlings forsorgs psykiatri ungdoms "
         "ældre demens handicap plejefamilie job sundheds bostøtte krise").split()
TAILS = ("forløb indsats støtte tilbud center team model plan hjem ydelse kursus vejledning samtale "
         "koordinator kontakt projekt ordning gruppe rådgivning netværk pulje program strategi metode").split()
# About 700 compounds that queries look for, among 3,000 made-up filler words, so a query
# word begins a word in roughly 5-20 % of the records (a prefix like "bolig" matches 25
# compounds), as in a real collection where most words of a summary are rare.
WORDS = [h + t for h in HEADS for t in TAILS] + "borger kommune region effekt økonomi".split()
_SYLLABLES = "ka ro mi ne la tu sø præ vi de gå fo ri sal ten bur ste mø".split()
FILLER = sorted({"".join(random.Random(n).choices(_SYLLABLES, k=4)) for n in range(3500)})[:3000]
QUERIES = ("bolig", "mentor", "angst", "hjemløs", "skole familie", "beskæftigelse", "psykiatri",
           "gruppeforløb", "efterværn", "", "misbrug ungdom", "rådgivning")
MATERIAL = ("beregning", "omkostningsvurdering", "erfaring_med_vidensindsamling",
            "organisering_og_opfoelgning")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def private_schema(base_url: str) -> tuple[str, callable]:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from som_xl.experience.engine import resolve_url

    base = resolve_url(base_url)
    schema = f"somxl_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")

    def drop() -> None:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        admin.dispose()

    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False), drop


def populate(url: str, records: int, submitters: int) -> list[str]:
    """``records`` varied records (90 % published) and one token per submitter."""
    from som_xl.experience import open_db

    rng = random.Random(7)
    with open_db(url) as db:
        orgs = [db.accounts.ensure_organisation(f"Kommune {i:02d}", "kommune") for i in range(20)]
        rows = []
        for i in range(records):
            words = rng.sample(WORDS, 6)
            rows.append({
                "uid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "title": f"{words[0].capitalize()} og {words[1]} i {orgs[i % 20].name} ({i})",
                "summary": " ".join(rng.choice(WORDS if rng.random() < 0.3 else FILLER) for _ in range(30)),
                "target_group": rng.choice(("hjemloese_voksne", "boern_6_13_angst_depression",
                                            "unge_14_17_kriminalitet", "Voksne med ADHD")),
                "material_type": rng.choice(MATERIAL), "actor_type": "kommune",
                "actor_name": orgs[i % 20].name, "year": 2015 + i % 11,
                "review_status": "offentliggjort" if rng.random() < 0.9 else "indsendt"})
        for start in range(0, records, 2000):
            db.import_records(rows[start:start + 2000])
        tokens = []
        for n in range(submitters):
            db.accounts.add_user(f"bidrag{n}@bench.dk", organisation=f"Kommune {n:02d}", org_type="kommune",
                                 role="bidragyder")
            tokens.append(db.accounts.create_token(f"bidrag{n}@bench.dk")[0])
        return tokens


@dataclass
class Stats:
    search: list[tuple[float, float]] = field(default_factory=list)  # (when, seconds)
    record: list[tuple[float, float]] = field(default_factory=list)
    submit: list[tuple[float, float]] = field(default_factory=list)
    killed_at: float | None = None
    failures: int = 0  # attempts that failed (connection reset, 5xx) before a retry
    errors: list[str] = field(default_factory=list)  # requests that failed even after retrying
    sent: dict[str, int | None] = field(default_factory=dict)  # idempotency key -> acknowledged id


async def _get(client, path: str, stats: Stats, bucket: list[float]) -> str | None:
    for _attempt in range(2):
        start = time.perf_counter()
        try:
            response = await client.get(path)
            if response.status_code < 500:
                bucket.append((time.monotonic(), time.perf_counter() - start))
                if response.status_code != 200:
                    stats.errors.append(f"GET {path} -> {response.status_code}")
                return response.text
        except Exception:  # noqa: BLE001 - a killed worker resets its connections
            pass
        stats.failures += 1
    stats.errors.append(f"GET {path} failed twice")
    return None


async def searcher(base: str, stats: Stats, stop: float, think: float, seed: int) -> None:
    import httpx

    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        while time.monotonic() < stop:
            params = [("q", rng.choice(QUERIES))]
            if rng.random() < 0.4:
                params.append(("material_type", rng.choice(MATERIAL)))
            if rng.random() < 0.2:
                params.append(("year", str(rng.randint(2015, 2025))))
            if rng.random() < 0.2:
                params.append(("page", "2"))
            query = "&".join(f"{k}={v}" for k, v in params)
            html = await _get(client, f"/?{query}", stats, stats.search)
            await asyncio.sleep(think * rng.uniform(0.5, 1.5))
            ids = [int(x) for x in re.findall(r'<h3><a href="/poster/(\d+)"', html or "")]
            if ids and time.monotonic() < stop:
                await _get(client, f"/poster/{rng.choice(ids)}", stats, stats.record)
                await asyncio.sleep(think * rng.uniform(0.5, 1.5))


async def submitter(base: str, token: str, stats: Stats, stop: float, think: float, seed: int) -> None:
    import httpx

    rng = random.Random(seed)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, timeout=30, headers=headers) as client:
        while time.monotonic() < stop:
            key = uuid.uuid4().hex
            stats.sent[key] = None
            body = {"title": f"Belastningstest {key[:8]}", "summary": " ".join(rng.sample(WORDS, 12)),
                    "target_group": "hjemloese_voksne", "material_type": "beregning", "year": 2024}
            for _attempt in range(5):
                start = time.perf_counter()
                try:
                    response = await client.post("/api/v1/records", json=body, headers={"Idempotency-Key": key})
                    if response.status_code in (200, 201):
                        stats.submit.append((time.monotonic(), time.perf_counter() - start))
                        stats.sent[key] = response.json()["id"]
                        break
                    if response.status_code < 500:
                        stats.errors.append(f"POST -> {response.status_code}: {response.text[:200]}")
                        break
                except Exception:  # noqa: BLE001 - retried with the same key
                    pass
                stats.failures += 1
                await asyncio.sleep(0.5)
            else:
                stats.errors.append(f"POST {key} failed 5 times")
            await asyncio.sleep(think * rng.uniform(0.5, 1.5))


def worker_pids(master: int) -> list[int]:
    try:
        text = Path(f"/proc/{master}/task/{master}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


async def killer(master: int, at: float, log: list[str], stats: Stats) -> None:
    await asyncio.sleep(at)
    pids = worker_pids(master)
    if pids:
        os.kill(pids[0], signal.SIGKILL)  # a worker of the gunicorn this benchmark started
        stats.killed_at = time.monotonic()
        log.append(f"SIGKILL worker {pids[0]} at {at:.0f} s (workers before: {pids})")
    await asyncio.sleep(5)
    log.append(f"workers 5 s later: {worker_pids(master)}")


async def run_load(base: str, tokens: list[str], args, master: int) -> tuple[Stats, list[str], float]:
    stats, log = Stats(), []
    start = time.monotonic()
    stop = start + args.duration
    tasks = [searcher(base, stats, stop, args.think, i) for i in range(args.searchers)]
    tasks += [submitter(base, tokens[i % len(tokens)], stats, stop, args.think, 1000 + i)
              for i in range(args.submitters)]
    tasks.append(killer(master, args.duration / 2, log, stats))
    await asyncio.gather(*tasks)
    return stats, log, time.monotonic() - start


def exactly_once(url: str, stats: Stats, records: int) -> tuple[int, int, int, int]:
    """(keys sent, stored exactly once, stored twice or more, acknowledged but missing)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT client_key, count(*) FROM experience_records "
                                 "WHERE client_key IS NOT NULL GROUP BY client_key")).all()
        total = conn.execute(text("SELECT count(*) FROM experience_records")).scalar()
    engine.dispose()
    by_key = {k.split(":", 1)[1]: n for k, n in rows}
    once = sum(1 for k in stats.sent if by_key.get(k) == 1)
    twice = sum(1 for n in by_key.values() if n > 1)
    missing = sum(1 for k, ack in stats.sent.items() if ack is not None and by_key.get(k) != 1)
    assert total == records + len(by_key), "records outside the submissions appeared or vanished"
    return len(stats.sent), once, twice, missing


KILL_WINDOW_S = 15.0
"""Requests that started within this long after the kill are reported apart."""


def percentiles(entries: list[tuple[float, float]], killed_at: float | None = None, *,
                window: bool | None = None) -> str:
    """p50/p95/p99 of all entries, or (``window``) of those near the kill or (not) away from it."""
    if window is not None and killed_at is not None:
        entries = [e for e in entries if (killed_at <= e[0] - e[1] < killed_at + KILL_WINDOW_S) == window]
    values = [v for _, v in entries]
    if not values:
        return "–"
    ms = sorted(v * 1000 for v in values)
    q = statistics.quantiles(ms, n=100) if len(ms) > 1 else [ms[0]] * 99
    return f"p50 {q[49]:6.0f} ms  p95 {q[94]:6.0f} ms  p99 {q[98]:6.0f} ms  (n={len(ms)})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=os.environ.get("SOM_XL_TEST_PG_URL"), help="PostgreSQL URL")
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--searchers", type=int, default=50)
    parser.add_argument("--submitters", type=int, default=10)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between a client's requests (s)")
    args = parser.parse_args()
    if not args.db or "postgres" not in args.db:
        print("bench_web needs PostgreSQL: set SOM_XL_TEST_PG_URL or pass --db postgresql://…")
        return 2
    url, drop = private_schema(args.db)
    gunicorn = None
    try:
        t0 = time.perf_counter()
        tokens = populate(url, args.records, args.submitters)
        print(f"{args.records} records and {args.submitters} submitters in {time.perf_counter() - t0:.1f} s")
        port = free_port()
        env = dict(os.environ, SOM_XL_EXPERIENCE_DB=url, SOM_XL_WEB_SECRET=uuid.uuid4().hex * 2,
                   SOM_XL_WEB_INSECURE_COOKIES="1")
        log = tempfile.NamedTemporaryFile(prefix="bench-web-", suffix=".log", delete=False)
        gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", str(args.workers), "-k", "uvicorn.workers.UvicornWorker",
             "--bind", f"127.0.0.1:{port}", "--graceful-timeout", "5", "som_xl.web.app:create_app_from_env()"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        _wait(base, gunicorn)
        print(f"gunicorn {gunicorn.pid} with {args.workers} uvicorn workers on {base}; "
              f"{args.searchers} searchers + {args.submitters} submitters for {args.duration:.0f} s, "
              f"think time {args.think} s")
        stats, events, elapsed = asyncio.run(run_load(base, tokens, args, gunicorn.pid))
        sent, once, twice, missing = exactly_once(url, stats, args.records)
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        drop()
    requests = len(stats.search) + len(stats.record) + len(stats.submit)
    print("\n".join(events))
    for name, entries in (("search page ", stats.search), ("record page ", stats.record),
                          ("submit (API)", stats.submit)):
        print(f"{name}: {percentiles(entries)}")
        print(f"   without the {KILL_WINDOW_S:.0f} s after the kill: "
              f"{percentiles(entries, stats.killed_at, window=False)}")
        print(f"   in the {KILL_WINDOW_S:.0f} s after the kill:      "
              f"{percentiles(entries, stats.killed_at, window=True)}")
    print(f"throughput  : {requests / elapsed:.1f} requests/s over {elapsed:.0f} s")
    print(f"failed attempts (retried): {stats.failures}; errors after retry: {len(stats.errors)}")
    for error in stats.errors[:10]:
        print(f"   {error}")
    print(f"submissions : {sent} sent, {once} stored exactly once, {twice} keys stored twice, "
          f"{missing} acknowledged but not stored once")
    ok = not stats.errors and twice == 0 and missing == 0
    return 0 if ok else 1


def _wait(base: str, process: subprocess.Popen) -> None:
    import urllib.request

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn stopped; see its log")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer within 60 s")


if __name__ == "__main__":
    sys.exit(main())
