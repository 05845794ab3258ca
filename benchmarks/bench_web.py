"""Load and fault benchmark of the erfaringsdatabase site (a benchmark, not a test).

On PostgreSQL with 10,000 records (vacuumed and analysed after loading, as autovacuum
would have done on a live site), gunicorn runs the site with 2 uvicorn workers on
127.0.0.1. Then, against that one server:

1. **One client, one request at a time**: 150 searches, then 150 record pages. This is the
   time the server needs per request (plus loopback), without queueing behind others, and
   the CPU a request costs in the web worker, in PostgreSQL (when the server runs on this
   machine) and in the client: CPU time is less disturbed by other jobs on the machine.
2. **Two load runs** of 60 s each, 50 clients searching and 10 submitting (what a client
   does is written in ``benchmarks/web_load.py``): first a *closed loop* (no think time: the
   machine saturated, shared with the load generator, which runs on the same cores), then
   *paced* clients that wait 1-2 s between requests, like a person reading. In each run one
   worker is killed with SIGKILL half-way; gunicorn starts a new one. Afterwards every
   submission must be stored exactly once.
3. **What compound matching costs** (in this process, against the same database): the
   search page's database work for the benchmark's queries with and without looking
   inside compounds, and the cost of keeping the vocabulary on every new record.

Prints p50/p95/p99 per kind of request, requests per second, the load average before and
after each run and the machine's cores, failures before and after retry, and the
exactly-once check. Loopback only; bounded in time (about 3 minutes with the defaults).

Run when the machine is quiet (check ``uptime``):
``SOM_XL_TEST_PG_URL=postgresql://… python benchmarks/bench_web.py``
(or ``--db URL``; a private schema is created and dropped). Needs ``pip install -e ".[test]"``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.web_load import (  # noqa: E402
    FILLER,
    KILL_WINDOW_S,
    MATERIAL,
    QUERIES,
    WORDS,
    Pace,
    Stats,
    hit_ids,
    percentiles,
    run_load,
    search_path,
    timeline,
    worker_pids,
)

PACES = (Pace("closed loop", 0.0, 0.0), Pace("paced", 1.0, 2.0))
KEEP_ALIVE_S = 75
"""gunicorn's keep-alive, as in the production recipe (docs/web.md): longer than the idle
time of any client or proxy connection (nginx keeps idle upstream connections 60 s), so the
server never closes a connection the client is about to reuse. gunicorn's default, 2 s,
reset paced clients' connections (1-2 s between requests) while they sent."""
TARGET_P95_MS = 150


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
        publish(db, [r["uid"] for r in rows if r["review_status"] == "offentliggjort"])
        tokens = []
        for n in range(submitters):
            db.accounts.add_user(f"bidrag{n}@bench.dk", organisation=f"Kommune {n:02d}", org_type="kommune",
                                 role="bidragyder")
            tokens.append(db.accounts.create_token(f"bidrag{n}@bench.dk")[0])
        return tokens


def publish(db, uids: list[str]) -> None:
    """What the editors did: an import is always ``indsendt`` (a file cannot vouch for
    itself), so the records meant to be public are published here, as by ``set-status``."""
    from sqlalchemy import update

    from som_xl.experience.model import RecordRow

    with db.engine.begin() as conn:
        for start in range(0, len(uids), 1000):
            conn.execute(update(RecordRow).where(RecordRow.uid.in_(uids[start:start + 1000]))
                         .values(review_status="offentliggjort"))


def vacuum_analyze(url: str) -> None:
    """What autovacuum does on a live site: statistics for the planner, the visibility map."""
    from sqlalchemy import create_engine

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")
    engine.dispose()


def count_records(url: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        total = conn.execute(text("SELECT count(*) FROM experience_records")).scalar_one()
    engine.dispose()
    return total


def exactly_once(url: str, stats: Stats, before: int) -> tuple[int, int, int, int]:
    """(keys sent, stored exactly once, stored twice or more, acknowledged but missing);
    ``before``: the records in the database when the run started."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT client_key, count(*) FROM experience_records "
                                 "WHERE client_key IS NOT NULL GROUP BY client_key")).all()
    engine.dispose()
    by_key = {k.split(":", 1)[1]: n for k, n in rows}
    once = sum(1 for k in stats.sent if by_key.get(k) == 1)
    twice = sum(1 for k in stats.sent if by_key.get(k, 0) > 1)
    missing = sum(1 for k, ack in stats.sent.items() if ack is not None and by_key.get(k) != 1)
    stored = sum(1 for k in stats.sent if k in by_key)
    assert count_records(url) == before + stored, "records outside the submissions appeared or vanished"
    return len(stats.sent), once, twice, missing


def _ms(values: list[float]) -> str:
    ms = sorted(v * 1000 for v in values)
    q = statistics.quantiles(ms, n=100)
    return f"p50 {q[49]:5.1f} ms  p95 {q[94]:5.1f} ms  (n={len(ms)})"


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process on this machine (0 when it is gone or elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _backends(url: str) -> list[int]:
    """The PostgreSQL server processes serving this database (their CPU is readable only
    when the server runs on this machine)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        pids = conn.execute(text("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                                 "AND pid <> pg_backend_pid()")).scalars().all()
    engine.dispose()
    return list(pids)


def _timed(client, paths: list[str], url: str, master: int) -> tuple[list[float], str]:
    """Latencies of ``paths`` one at a time, and the CPU they cost per request."""
    workers, backends = worker_pids(master), _backends(url)
    before = ([_cpu_seconds(p) for p in workers], [_cpu_seconds(p) for p in backends], time.process_time())
    latencies = []
    for path in paths:
        start = time.perf_counter()
        client.get(path)
        latencies.append(time.perf_counter() - start)
    web = sum(map(_cpu_seconds, workers)) - sum(before[0])
    pg = sum(map(_cpu_seconds, backends)) - sum(before[1])
    here = time.process_time() - before[2]
    per = 1000 / len(paths)
    database = f"PostgreSQL {pg * per:.1f} ms" if any(before[1]) else "PostgreSQL not measured (not on this machine)"
    return latencies, f"CPU per request: web worker {web * per:.1f} ms, {database}, client {here * per:.1f} ms"


def one_at_a_time(base: str, n: int, url: str, master: int) -> None:
    """One client, one request at a time: the server's time per request (plus loopback),
    and the CPU a request costs in the worker, in PostgreSQL and in this client."""
    import httpx

    rng = random.Random(11)
    with httpx.Client(base_url=base, timeout=30) as client:
        ids: list[int] = []
        for _ in range(20):  # warm both workers' connections, and find records to open
            ids += hit_ids(client.get(search_path(rng)).text)
        search, search_cpu = _timed(client, [search_path(rng) for _ in range(n)], url, master)
        record, record_cpu = _timed(client, [f"/poster/{rng.choice(ids)}" for _ in range(n)], url, master)
    print(f"one client, one request at a time (load {_load()}):")
    print(f"   search page : {_ms(search)}; {search_cpu}")
    print(f"   record page : {_ms(record)}; {record_cpu}")


def compound_cost(url: str, rounds: int = 5) -> None:
    """The search page's work with and without looking inside compounds (interleaved, in
    this process), and a new record's write with and without its vocabulary."""
    from som_xl.experience import open_db
    from som_xl.experience.browse import parse_query

    with open_db(url) as db:
        strategy = db.search_strategy
        plain = {"compounds": lambda conn, query: {}}
        times: dict[str, list[float]] = {"with": [], "without": []}
        for _ in range(rounds):
            for text in QUERIES:
                for mode in ("with", "without"):
                    if mode == "without":
                        strategy.__dict__.update(plain)
                    start = time.perf_counter()
                    db.search_page(parse_query({"q": text}))
                    times[mode].append(time.perf_counter() - start)
                    strategy.__dict__.pop("compounds", None)
        writes: dict[str, list[float]] = {"with": [], "without": []}
        rng = random.Random(5)
        for i in range(60):
            mode = ("with", "without")[i % 2]
            if mode == "without":
                strategy.__dict__["index"] = lambda conn, record_id, fields: None
            record = {"title": f"Skrivetest {i}", "summary": " ".join(rng.sample(WORDS + FILLER, 30)),
                      "target_group": "x", "material_type": "beregning", "actor_type": "kommune",
                      "actor_name": "Kommune 01"}
            start = time.perf_counter()
            db.add(record)
            writes[mode].append(time.perf_counter() - start)
            strategy.__dict__.pop("index", None)
    print(f"compound matching (in this process, {len(QUERIES)} queries x {rounds}, load {_load()}):")
    for mode in ("with", "without"):
        print(f"   search_page {mode:7} compounds: {_ms(times[mode])}")
    for mode in ("with", "without"):
        print(f"   add()       {mode:7} vocabulary: {_ms(writes[mode])}")


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def load_run(base: str, url: str, tokens: list[str], args, master: int, pace: Pace) -> bool:
    """One load run with ``pace``; prints its figures; whether it had no errors and every
    submission was stored exactly once."""
    before, load_before = count_records(url), _load()
    print(f"\n== {pace.name}: {args.searchers} searchers + {args.submitters} submitters for "
          f"{args.duration:.0f} s, {pace.describe()}; load average before: {load_before}")
    stats, events, elapsed = asyncio.run(run_load(base, tokens, args, master, pace))
    sent, once, twice, missing = exactly_once(url, stats, before)
    print("\n".join(events))
    for name, entries in (("search page ", stats.search), ("record page ", stats.record),
                          ("submit (API)", stats.submit)):
        p95 = sorted(v for _, v in entries)[int(0.95 * (len(entries) - 1))] * 1000 if entries else float("nan")
        judged = ("" if pace.think_max <= 0 or "submit" in name else
                  f"  [target p95 < {TARGET_P95_MS} ms with paced clients] "
                  + ("(smoke run: not judged)" if args.smoke else "OK" if p95 < TARGET_P95_MS else "MISSED"))
        print(f"{name}: {percentiles(entries)}{judged}")
        print(f"   without the {KILL_WINDOW_S:.0f} s after the kill: "
              f"{percentiles(entries, stats.killed_at, window=False)}")
        print(f"   in the {KILL_WINDOW_S:.0f} s after the kill:      "
              f"{percentiles(entries, stats.killed_at, window=True)}")
        print(f"   p95 per 10 s (ms): {timeline(entries, stats.started)}")
    print(f"throughput  : {stats.requests / elapsed:.1f} requests/s over {elapsed:.0f} s "
          f"({len(stats.search) / elapsed:.1f} searches/s); load average after: {_load()}")
    print(f"failed attempts (retried): {stats.failures}; errors after retry: {len(stats.errors)}")
    for error in stats.errors[:10]:
        print(f"   {error}")
    print(f"submissions : {sent} sent, {once} stored exactly once, {twice} keys stored twice, "
          f"{missing} acknowledged but not stored once")
    return not stats.errors and twice == 0 and missing == 0


def start_site(url: str, workers: int, log: Path) -> tuple[subprocess.Popen, str]:
    """gunicorn with ``workers`` uvicorn workers, returned when every worker has started
    (one answering /healthz is not enough: the others would still be booting, on the same
    cores, while the first run begins)."""
    port = free_port()
    env = dict(os.environ, SOM_XL_EXPERIENCE_DB=url, SOM_XL_WEB_SECRET=uuid.uuid4().hex * 2,
               SOM_XL_WEB_INSECURE_COOKIES="1")
    with log.open("wb") as out:
        gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", str(workers), "-k", "uvicorn.workers.UvicornWorker",
             "--bind", f"127.0.0.1:{port}", "--graceful-timeout", "5", "--keep-alive", str(KEEP_ALIVE_S),
             "som_xl.web.app:create_app_from_env()"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    _wait(base, gunicorn)
    deadline = time.monotonic() + 60
    while log.read_text("utf-8", "replace").count("Application startup complete") < workers:
        if time.monotonic() > deadline:
            raise SystemExit(f"not every worker started within 60 s; see {log}")
        time.sleep(0.2)
    return gunicorn, base


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=os.environ.get("SOM_XL_TEST_PG_URL"), help="PostgreSQL URL")
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--searchers", type=int, default=50)
    parser.add_argument("--submitters", type=int, default=10)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per load run")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", default="closed loop,paced",
                        help="which load runs, comma-separated: " + ", ".join(p.name for p in PACES))
    parser.add_argument("--sequential", type=int, default=150, help="requests of the one-client phase")
    parser.add_argument("--smoke", action="store_true",
                        help="a few seconds of everything on 300 records (for the tests; nothing judged)")
    args = parser.parse_args()
    if args.smoke:
        args.records, args.searchers, args.submitters, args.duration, args.sequential = 300, 4, 2, 3.0, 10
        args.runs = "paced"
    return args


def main() -> int:
    args = _arguments()
    if not args.db or "postgres" not in args.db:
        print("bench_web needs PostgreSQL: set SOM_XL_TEST_PG_URL or pass --db postgresql://…")
        return 2
    paces = [p for p in PACES if p.name in args.runs.split(",")]
    url, drop = private_schema(args.db)
    gunicorn, ok = None, True
    log = Path(tempfile.mkdtemp(prefix="bench-web-")) / "gunicorn.log"
    try:
        start = time.perf_counter()
        tokens = populate(url, args.records, args.submitters)
        vacuum_analyze(url)
        print(f"{args.records} records and {args.submitters} submitters in {time.perf_counter() - start:.1f} s "
              f"(then VACUUM ANALYZE); {os.cpu_count()} cores; load average {_load()}")
        gunicorn, base = start_site(url, args.workers, log)
        print(f"gunicorn {gunicorn.pid} with {args.workers} uvicorn workers on {base} (log, kept if a "
              f"check fails: {log})")
        one_at_a_time(base, args.sequential, url, gunicorn.pid)
        for pace in paces:
            ok = load_run(base, url, tokens, args, gunicorn.pid, pace) and ok
        print()
        compound_cost(url)
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        drop()
    if ok:
        shutil.rmtree(log.parent, ignore_errors=True)
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
