"""Many processes writing at once: every record lands exactly once."""

from __future__ import annotations

import multiprocessing as mp
import queue

import pytest

from som_xl.experience import open_db

from ._workers import add_many

WORKERS = 8
PER_WORKER = 100


@pytest.mark.slow
def test_eight_processes_add_800_records(db_url):
    # The database does not exist yet: the workers also race to create the schema.
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(WORKERS)
    results = ctx.Queue()
    procs = [ctx.Process(target=add_many, args=(db_url, w, PER_WORKER, barrier, results))
             for w in range(WORKERS)]
    for p in procs:
        p.start()
    reports = []
    try:
        for _ in procs:
            reports.append(results.get(timeout=300))
    except queue.Empty:  # pragma: no cover - a hung worker
        pytest.fail(f"only {len(reports)} of {WORKERS} workers finished")
    finally:
        for p in procs:
            p.join(timeout=60)
            if p.is_alive():  # pragma: no cover
                p.terminate()
    errors = [err for _, _, err in reports if err]
    assert not errors, errors
    returned = [uid for _, uids, _ in reports for uid in uids]
    assert len(returned) == WORKERS * PER_WORKER
    assert len(set(returned)) == WORKERS * PER_WORKER

    db = open_db(db_url)
    try:
        assert db.count() == WORKERS * PER_WORKER
        stored = [r["uid"] for r in db.export()]
        assert len(stored) == len(set(stored)) == WORKERS * PER_WORKER
        assert set(stored) == set(returned)
        # The search index saw every insert.
        assert len(db.search("samtidig", limit=10_000)) == WORKERS * PER_WORKER
    finally:
        db.close()
