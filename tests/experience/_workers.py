"""Code run in child processes (spawn) by the concurrency test: importable, no fixtures."""

from __future__ import annotations


def add_many(url: str, worker: int, count: int, barrier, results) -> None:
    """Open the database and add ``count`` records as fast as possible."""
    from som_xl.experience import open_db

    try:
        barrier.wait(timeout=60)  # start every writer at the same moment
        db = open_db(url)
        uids = []
        for i in range(count):
            rec = db.add({
                "title": f"Samtidig post {worker}-{i}",
                "summary": "Skrevet af flere processer på én gang for at prøve låsningen.",
                "target_group": "hjemloese_voksne",
                "material_type": "erfaring_med_vidensindsamling",
                "actor_type": "kommune",
                "actor_name": f"Kommune {worker}",
            })
            uids.append(rec.uid)
        db.close()
        results.put((worker, uids, None))
    except BaseException as exc:  # report to the parent instead of dying silently
        results.put((worker, [], f"{type(exc).__name__}: {exc}"))
