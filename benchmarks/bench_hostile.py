"""Time and peak memory of every hostile input class, each in a fresh process.

The tests (``tests/reliability/test_hostile_*.py``) assert memory and work, never time;
this prints what each refusal (or acceptance, for the largest files under the limits)
costs on this machine: wall time and the process's resident peak (VmHWM, which includes
Python and som_xl's imports: see the ``baseline`` row).

The web site's attacks (issue 21: anonymous bodies, sign-in guesses, PDF downloads,
custom-function calls, long searches) follow, each on a fresh site under uvicorn
(``benchmarks/hostile_web.py``): seconds until answered, the server's resident peak above
idle, the slowest ``/healthz`` meanwhile, and the most LibreOffice processes at once.

Run: ``python benchmarks/bench_hostile.py`` (a few minutes; the files are built in a
temporary folder and removed afterwards); ``--only TEXT`` runs the classes whose name
contains TEXT, ``--code DIR`` runs the file classes against another checkout (before/after
figures), ``--web`` runs only the web attacks, ``--smoke`` the baseline, one small input of
each file kind and one cheap web attack (for the tests).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from som_xl.case import parse_case, read_case_file  # noqa: E402
from som_xl.experience import files as xfiles  # noqa: E402
from som_xl.knowledge import rawpackage  # noqa: E402
from som_xl.paths import examples_dir, template_path  # noqa: E402
from som_xl.service.workbooks import fill_from_case  # noqa: E402
from som_xl.workbook import layout as L  # noqa: E402
from som_xl.workbook import safe_open  # noqa: E402
from tests.reliability import hostile as H  # noqa: E402

CHILD = """
import json, sys, time
op, path = sys.argv[1], sys.argv[2]
from som_xl.errors import InputError
def run():
    if op == "recalc":
        from som_xl.service.workbooks import recalc_file
        return recalc_file(path)
    if op == "case":
        from som_xl.case import parse_case, read_case_file
        return parse_case(read_case_file(path))
    if op == "knowledge":
        from som_xl.knowledge import load_knowledge
        return load_knowledge(path)
    if op == "validate":
        from som_xl.knowledge import validate_package
        problems = validate_package(path)
        if any(p.severity == "error" for p in problems):
            raise InputError(problems)
        return problems
    if op == "share":
        from som_xl.service.workbooks import share_copy
        return share_copy(path, path + "_deling.xlsx")
    if op == "import":
        from som_xl.experience import open_db
        from som_xl.experience.files import read_import_file
        records = read_import_file(path)
        with open_db("sqlite:///" + path + ".sqlite") as db:
            return db.import_records(records)
    if op == "baseline":
        from som_xl.workbook.safe_open import open_workbook
        return open_workbook(path)
start = time.perf_counter()
try:
    result = run()
    outcome = "accepted" if getattr(result, "ok", True) else "read; inputs refused"
except InputError as exc:
    outcome = exc.problems[0].type
seconds = time.perf_counter() - start
with open("/proc/self/status") as fh:
    hwm = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
print(json.dumps({"outcome": outcome, "seconds": seconds, "peak_mb": hwm / 1024}))
"""


def workbooks(tmp: Path) -> list[tuple[str, str, Path]]:
    template = template_path().read_bytes()
    computed = tmp / "computed.xlsm"
    fill_from_case(computed, parse_case(read_case_file(examples_dir() / "housing_first.json")), base=template_path())
    done = computed.read_bytes()
    indsats = H.sheet_part(done, L.INDSATS)
    cells_under = (safe_open.MAX_CELLS - 10_000) // 2  # with the template's ~7,600 cells: just under the limit
    made = {
        "not a zip (text)": b"Titel;Bel\xc3\xb8b\n" * 1000,
        "truncated (half)": template[: len(template) // 2],
        "zip bomb (60 MB of zeros)": H.zip_bomb(60),
        "zip lying about sizes": H.lying_sizes(template),
        f"{safe_open.MAX_MEMBERS + 1} parts": H.many_members(template, safe_open.MAX_MEMBERS + 1),
        "LZMA compression": H.other_compression(template, zipfile.ZIP_LZMA),
        "encrypted part": H.encrypted_member(template),
        "billion laughs": H.laughs_in(done, indsats),
        "billion laughs after 2 MB": H.laughs_in(done, indsats, pad=2 * 2**20),
        "declared 1,048,576 rows": H.declared_dimension(template),
        "1,500,000 rows": H.with_sheet(template, H.rows_xml(1_500_000, 0)),
        "600,000 cells": H.with_sheet(template, H.rows_xml(60_000, 10)),
        "merged range over a sheet": H.merged_bomb(template),
        "300,000 fonts": H.styles_bomb(template),
        "1,100,000 elements (cols)": H.element_bomb(template),
        "sheet hidden as a picture": H.hidden_sheet(template, rows=safe_open.MAX_ROWS + 10),
        "sheet in UTF-16": H.utf16_sheet(template, rows=200_000),
        "input range over whole columns": H.whole_column_input(done),
        "2,000 <sheet> entries for one part": H.duplicate_sheets(done, 2_000),
        "100,000 <sheet> entries, own ids": H.duplicate_sheets(done, 100_000, own_ids=True),
        "300,000 data validations": H.rules_bomb(template, 300_000),
        "250,000 conditional formats": H.rules_bomb(template, 250_000, "format"),
        "a part named ../../evil.txt": H.part_named(done, "../../evil.txt"),
        "output range at row 1,048,000": H.output_far_down(done),
        f"under the limits: {2 * cells_under:,} cells": H.with_sheet(done, H.rows_xml(cells_under, 2)),
        "under the limits: 80,000 texts of 400 characters": H.with_sheet(done, H.text_xml(80_000, 400)),
    }
    out = []
    for i, (name, data) in enumerate(made.items()):
        path = tmp / f"w{i}.xlsm"
        path.write_bytes(data)
        out.append((name, "recalc", path))
        if name == "250,000 conditional formats":
            out.append(("share: " + name, "share", path))
    return [("baseline (open the template)", "baseline", template_path())] + out


def case_files(tmp: Path) -> list[tuple[str, str, Path]]:
    data = json.loads((examples_dir() / "housing_first.json").read_text("utf-8"))
    data["programme"]["cohorts"] = [{"year": 2025, "participants": 1}] * 60_000
    big = tmp / "big.json"
    big.write_text(json.dumps(data), "utf-8")
    deep = tmp / "deep.json"
    deep.write_text("[" * 200_000, "utf-8")
    lists = tmp / "lists.json"
    lists.write_text('{"format": "som-xl-case/1", "title": [' + "[]," * 1_700_000 + "[]]}", "utf-8")
    return [("case: 100 MB (sparse)", "case", H.sparse_file(tmp / "huge.json", 100 * 2**20)),
            ("case: nested 200,000 deep", "case", deep),
            (f"case: {big.stat().st_size / 2**20:.1f} MB, 60,000 cohorts", "case", big),
            (f"case: {lists.stat().st_size / 2**20:.1f} MB of empty lists", "case", lists)]


def packages(tmp: Path) -> list[tuple[str, str, Path]]:
    def pkg(name: str) -> Path:
        return H.knowledge_copy(tmp / name)

    huge = pkg("huge")
    H.sparse_file(huge / "items.csv", 200 * 2**20)
    short = pkg("short")
    H.many_short_rows(short / "items.csv", 45)
    wide = pkg("wide")
    H.wide_header(wide / "prices.csv")
    many = H.many_resources(pkg("many"), 20_000)
    full = pkg("full")
    used = sum(len(f.read_text("utf-8").splitlines()) - 1 for f in full.glob("*.csv"))
    text = (full / "sources.csv").read_text("utf-8")
    rest = text.splitlines()[1].split(",", 1)[1]
    (full / "sources.csv").write_text(text + "".join(f"fyld_{i},{rest}\n" for i in range(rawpackage.MAX_TABLE_ROWS
                                                                                          - used)), "utf-8")
    few_blank = H.blank_lines(pkg("few_blank"), 1_000)
    many_blank = H.blank_lines(pkg("many_blank"), 99_000)
    remote = H.remote_reference(pkg("remote"), "path")
    infinite = pkg("infinite")
    H.set_cell(infinite / "prices.csv", 3, "region", "inf")
    return [("knowledge: 200 MB CSV (sparse)", "knowledge", huge),
            ("validate: 1,000 blank lines per table", "validate", few_blank),
            ("validate: 99,000 blank lines per table", "validate", many_blank),
            ("validate: a resource path naming a URL", "validate", remote),
            ("knowledge: a price of inf", "knowledge", infinite),
            ("validate: a price of inf", "validate", infinite),
            ("knowledge: 45 MB of 2-byte rows", "knowledge", short),
            ("knowledge: 3,000,000 columns", "knowledge", wide),
            ("knowledge: 20,000 resources", "knowledge", many),
            (f"knowledge: under the limits, {rawpackage.MAX_TABLE_ROWS:,} rows", "knowledge", full)]


def imports(tmp: Path) -> list[tuple[str, str, Path]]:
    tiny = tmp / "tiny.json"
    n = (xfiles.MAX_IMPORT_BYTES - 10) // 3
    tiny.write_bytes(b"[" + b"{}," * (n - 1) + b"{}]")
    many = H.experience_import_file(tmp / "many.json", H.experience_records(xfiles.MAX_IMPORT_RECORDS + 1))
    full = H.experience_import_file(tmp / "full.json", H.experience_records(xfiles.MAX_IMPORT_RECORDS, 2000))
    return [("import: 64 MB of {}", "import", tiny),
            (f"import: {xfiles.MAX_IMPORT_RECORDS + 1:,} records", "import", many),
            (f"import: under the limits, {xfiles.MAX_IMPORT_RECORDS:,} records "
             f"({full.stat().st_size / 2**20:.0f} MB)", "import", full)]


def measure(op: str, path: Path, code: Path = ROOT, timeout: float = 1800) -> dict:
    """Run ``op`` on ``path`` in a fresh process importing som_xl from ``code``."""
    try:
        proc = subprocess.run([sys.executable, "-c", CHILD, op, str(path)], capture_output=True, text=True,
                              cwd=code, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"outcome": f"NOT DONE after {timeout:.0f} s", "seconds": float("nan"), "peak_mb": float("nan")}
    if proc.returncode:
        return {"outcome": "CRASHED: " + proc.stderr.strip().splitlines()[-1][:60], "seconds": float("nan"),
                "peak_mb": float("nan")}
    return json.loads(proc.stdout)


def smoke_cases(tmp: Path) -> list[tuple[str, str, Path]]:
    """The baseline and one quick input of each kind (for the tests)."""
    bad = tmp / "not-a-zip.xlsm"
    bad.write_bytes(b"Titel;Bel\xc3\xb8b\n" * 1000)
    deep = tmp / "deep.json"
    deep.write_text("[" * 200_000, "utf-8")
    tiny = tmp / "tiny.json"
    tiny.write_bytes(b"[{}]")
    return [("baseline (open the template)", "baseline", template_path()), ("not a zip (text)", "recalc", bad),
            ("case: nested 200,000 deep", "case", deep), ("knowledge: the shipped package", "knowledge",
                                                           H.knowledge_copy(tmp / "pkg")),
            ("import: one empty record", "import", tiny)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="only the input classes whose name contains this text")
    parser.add_argument("--code", type=Path, default=ROOT,
                        help="a checkout of som_xl to run the payloads against (e.g. an older commit, for "
                             "before/after figures); the payloads are built by this one")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before a payload is given up")
    parser.add_argument("--smoke", action="store_true", help="one quick input of each kind (for the tests)")
    parser.add_argument("--web", action="store_true", help="only the web site's attacks (benchmarks/hostile_web.py)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="som-xl-bench-hostile-") as folder:
        tmp = Path(folder)
        if not args.web:
            files(tmp, args)
        from benchmarks import hostile_web

        if args.smoke:
            hostile_web.main(tmp, only="?page=²", prebuild=False)
        else:
            hostile_web.main(tmp, only=args.only)


def files(tmp: Path, args) -> None:
    """Every hostile file class (or the smoke run's few), each in a fresh process."""
    cases = smoke_cases(tmp) if args.smoke else workbooks(tmp) + case_files(tmp) + packages(tmp) + imports(tmp)
    print(f"{'input class':<45} {'outcome':<22} {'seconds':>8} {'peak MB':>8}")
    for name, op, path in cases:
        if args.only and args.only not in name:
            continue
        r = measure(op, path, args.code.resolve(), args.timeout)
        print(f"{name:<45} {r['outcome']:<22} {r['seconds']:8.2f} {r['peak_mb']:8.0f}", flush=True)


if __name__ == "__main__":
    main()
