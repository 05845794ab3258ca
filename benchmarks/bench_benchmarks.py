"""What "Andre kommuner" costs (issue 25): the public read over many published calculations,
and what storing a record's figures adds to a submission.

* ``benchmark()`` for a target group with N published calculations (facts rows laid in
  directly, 60 organisations, a fifth of them followed up), against a plain search of the
  same database (``search(limit=20)``), the site's existing public read, measured in the same run;
* ``facts_from_case_text`` (parse + compute the case once more, on every stored case file)
  against ``fields_from_case_text`` (what a submission already did before).

SQLite in a temporary folder; PostgreSQL too when ``SOM_XL_TEST_PG_URL`` is set (a private
schema, dropped afterwards). Run on demand: ``python benchmarks/bench_benchmarks.py [N] [--smoke]``
(``--smoke``: 50 calculations, for the tests).
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from som_xl.experience import open_db  # noqa: E402
from som_xl.experience.benchmark_facts import facts_from_case_text  # noqa: E402
from som_xl.experience.case_link import fields_from_case_text  # noqa: E402
from som_xl.experience.model import RecordRow  # noqa: E402
from som_xl.experience.model_benchmark import BenchmarkFactsRow  # noqa: E402


def median_ms(fn, repeat: int = 21) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def fill(db, n: int) -> None:
    """N published records of one target group with facts, and as many in another group."""
    rng = random.Random(25)
    now = time.time()
    import datetime as dt

    stamp = dt.datetime.fromtimestamp(now, dt.UTC)
    records, facts = [], []
    for i in range(2 * n):
        group = "hjemloese_voksne" if i < n else "unge_14_17_kriminalitet"
        records.append({"id": i + 1, "uid": str(uuid.UUID(int=i + 1)), "title": f"Beregning {i}", "summary": "x",
                        "target_group": group, "target_group_key": group, "material_type": "beregning",
                        "actor_type": "kommune", "actor_name": f"Kommune {i % 60}", "review_status": "offentliggjort",
                        "origin": "delt", "created_at": stamp, "updated_at": stamp})
        realised = rng.uniform(0.05, 0.4) if i % 5 == 0 else None
        facts.append({"record_id": i + 1, "target_group": group, "outcome": "ude_af_hjemloeshed",
                      "success_rate": rng.uniform(0.05, 0.5), "duration_years": 2, "horizon_years": 10,
                      "participants": 60.0, "price_year": 2025, "cost_per_participant": rng.uniform(5e4, 3e5),
                      "realised_success_rate": realised, "actual_years": 2 if realised else 0, "facts_version": 1})
    with db.engine.begin() as conn:
        conn.execute(RecordRow.__table__.insert(), records)
        conn.execute(BenchmarkFactsRow.__table__.insert(), facts)
        if db.dialect == "postgresql":
            conn.exec_driver_sql("ANALYZE")


def run(url: str, label: str, n: int) -> None:
    with open_db(url) as db:
        fill(db, n)
        read = median_ms(lambda: db.benchmark("hjemloese_voksne"))
        search = median_ms(lambda: db.search(limit=20))
        b = db.benchmark("hjemloese_voksne")
        print(f"{label:10} benchmark over {b.calculations:,} calculations, {b.organisations} organisations: "
              f"{read:7.2f} ms (median of 21); search(limit=20): {search:6.2f} ms; ratio {read / search:5.2f}")


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    smoke = "--smoke" in args
    args = [a for a in args if a != "--smoke"]
    n = 50 if smoke else int(args[0]) if args else 2000
    text = (ROOT / "examples" / "housing_first_opfoelgning.json").read_text("utf-8")
    fields_from_case_text(text)  # warm: schema, knowledge package
    before = median_ms(lambda: fields_from_case_text(text))
    added = median_ms(lambda: facts_from_case_text(text))
    print(f"a submission's case file: fields_from_case_text {before:6.2f} ms; facts_from_case_text adds "
          f"{added:6.2f} ms (ratio {added / before:4.2f})")
    with tempfile.TemporaryDirectory() as folder:
        run(f"sqlite:///{Path(folder) / 'bench.sqlite'}", "SQLite", n)
    import os

    if os.environ.get("SOM_XL_TEST_PG_URL"):
        from tests.pg_schema import private_schema

        with private_schema("somxl_bench") as url:
            run(url, "PostgreSQL", n)


if __name__ == "__main__":
    main()
