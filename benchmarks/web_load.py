"""The clients of ``bench_web.py``: searchers, submitters, the worker killer, and the figures.

What a client does, plainly:

* A **searcher** loads the search page (HTML with the counts per filter) for a random query,
  then the record page of one of its hits, then the next search, and so on.
* A **submitter** posts a new record to the JSON API with an ``Idempotency-Key``, then the
  next one.
* Between two requests a client waits ``think`` seconds: drawn uniformly from
  ``(think_min, think_max)``. With ``(0, 0)`` it waits for nothing (a closed loop: every
  client has exactly one request in flight all the time, so the run measures how much the
  machine can do when it is saturated, not what one person waits). With ``(1, 2)`` it is
  a person who reads for one to two seconds before the next click.

A failed request (a killed worker resets its connections) is tried once more (submitters:
up to five times with the same key); what fails after that is an error.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import signal
import statistics
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

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
KILL_WINDOW_S = 15.0
"""Requests that started within this long after the kill are reported apart."""


@dataclass
class Stats:
    search: list[tuple[float, float]] = field(default_factory=list)  # (when, seconds)
    record: list[tuple[float, float]] = field(default_factory=list)
    submit: list[tuple[float, float]] = field(default_factory=list)
    killed_at: float | None = None
    failures: int = 0  # attempts that failed (connection reset, 5xx) before a retry
    errors: list[str] = field(default_factory=list)  # requests that failed even after retrying
    sent: dict[str, int | None] = field(default_factory=dict)  # idempotency key -> acknowledged id
    started: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.search) + len(self.record) + len(self.submit)


@dataclass(frozen=True)
class Pace:
    """How long a client waits between its requests (see the module docstring)."""

    name: str
    think_min: float
    think_max: float

    def pause(self, rng: random.Random) -> float:
        return rng.uniform(self.think_min, self.think_max)

    def describe(self) -> str:
        if self.think_max <= 0:
            return "closed loop, no think time"
        return f"each client waits {self.think_min:g}-{self.think_max:g} s between requests"


def search_path(rng: random.Random) -> str:
    """A search as the benchmark's users make it: a query, sometimes filtered or page 2."""
    params = [("q", rng.choice(QUERIES))]
    if rng.random() < 0.4:
        params.append(("material_type", rng.choice(MATERIAL)))
    if rng.random() < 0.2:
        params.append(("year", str(rng.randint(2015, 2025))))
    if rng.random() < 0.2:
        params.append(("page", "2"))
    return "/?" + "&".join(f"{k}={v}" for k, v in params)


def hit_ids(html: str | None) -> list[int]:
    return [int(x) for x in re.findall(r'<h3><a href="/poster/(\d+)"', html or "")]


async def _get(client, path: str, stats: Stats, bucket: list) -> str | None:
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


def http_client(base: str, headers: dict | None = None):
    """A client's own HTTP connection. Made before the clock starts: making one loads TLS
    certificates (tens of milliseconds), which would stall every other client's answers in
    this single event loop and be counted as the server's time."""
    import httpx

    return httpx.AsyncClient(base_url=base, timeout=30, headers=headers, verify=False)  # loopback http only


async def searcher(client, stats: Stats, stop: float, pace: Pace, seed: int) -> None:
    rng = random.Random(seed)
    await asyncio.sleep(pace.pause(rng) * rng.random())  # people do not all start at once
    async with client:
        while time.monotonic() < stop:
            html = await _get(client, search_path(rng), stats, stats.search)
            await asyncio.sleep(pace.pause(rng))
            ids = hit_ids(html)
            if ids and time.monotonic() < stop:
                await _get(client, f"/poster/{rng.choice(ids)}", stats, stats.record)
                await asyncio.sleep(pace.pause(rng))


async def _submit_once(client, body: dict, key: str, stats: Stats) -> None:
    for _attempt in range(5):
        start = time.perf_counter()
        try:
            response = await client.post("/api/v1/records", json=body, headers={"Idempotency-Key": key})
            if response.status_code in (200, 201):
                stats.submit.append((time.monotonic(), time.perf_counter() - start))
                stats.sent[key] = response.json()["id"]
                return
            if response.status_code < 500:
                stats.errors.append(f"POST -> {response.status_code}: {response.text[:200]}")
                return
        except Exception:  # noqa: BLE001 - retried with the same key
            pass
        stats.failures += 1
        await asyncio.sleep(0.5)
    stats.errors.append(f"POST {key} failed 5 times")


async def submitter(client, stats: Stats, stop: float, pace: Pace, seed: int) -> None:
    rng = random.Random(seed)
    await asyncio.sleep(pace.pause(rng) * rng.random())
    async with client:
        while time.monotonic() < stop:
            key = uuid.uuid4().hex
            stats.sent[key] = None
            body = {"title": f"Belastningstest {key[:8]}", "summary": " ".join(rng.sample(WORDS, 12)),
                    "target_group": "hjemloese_voksne", "material_type": "beregning", "year": 2024}
            await _submit_once(client, body, key, stats)
            await asyncio.sleep(pace.pause(rng))


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


async def run_load(base: str, tokens: list[str], args, master: int, pace: Pace) -> tuple[Stats, list[str], float]:
    """``args.searchers`` + ``args.submitters`` clients for ``args.duration`` s; one worker
    killed half-way."""
    stats, log = Stats(), []
    searchers = [http_client(base) for _ in range(args.searchers)]
    submitters = [http_client(base, {"Authorization": f"Bearer {tokens[i % len(tokens)]}"})
                  for i in range(args.submitters)]
    start = stats.started = time.monotonic()
    stop = start + args.duration
    tasks = [searcher(client, stats, stop, pace, i) for i, client in enumerate(searchers)]
    tasks += [submitter(client, stats, stop, pace, 1000 + i) for i, client in enumerate(submitters)]
    tasks.append(killer(master, args.duration / 2, log, stats))
    await asyncio.gather(*tasks)
    return stats, log, time.monotonic() - start


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


def timeline(entries: list[tuple[float, float]], start: float, step: float = 10.0) -> str:
    """p95 per ``step`` seconds of the run (by when the request started), in ms."""
    buckets: dict[int, list[float]] = {}
    for when, seconds in entries:
        buckets.setdefault(int((when - seconds - start) // step), []).append(seconds * 1000)
    cells = []
    for i in sorted(buckets):
        ms = sorted(buckets[i])
        cells.append(f"{ms[min(len(ms) - 1, int(0.95 * len(ms)))]:.0f}")
    return " ".join(cells)
