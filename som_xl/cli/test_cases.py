"""``som-xl test [PATH …] [--markdown]``: run case tests written as YAML (default: the
shipped ones, ``tests/cases`` in a checkout, from any folder). A test of a published
calculation prints the published figure, som_xl's, the difference and the reason;
``--markdown`` prints the validation table of ``docs/validering.md`` instead."""

from pathlib import Path

from som_xl import fmt
from som_xl.errors import InputError, Problem
from som_xl.paths import case_tests_dir


def configure(p) -> None:
    """The ``test`` subcommand's arguments on ``p`` (its parser, made by :mod:`som_xl.cli.main`)."""
    p.add_argument("paths", nargs="*", help="YAML-filer eller mapper (standard: de medfølgende case-tests)")
    p.add_argument("--markdown", action="store_true",
                   help="skriv tabellen over offentliggjorte beregninger (docs/validering.md) som Markdown")
    p.set_defaults(func=run)


def _files(args) -> list[Path]:
    shipped = case_tests_dir()
    paths = [Path(p) for p in args.paths] or ([shipped] if shipped else [])
    files = [f for p in paths for f in (sorted(p.glob("*.yaml")) if p.is_dir() else [p] if p.is_file() else [])]
    if not files:
        where = ", ".join(map(str, paths)) or "de medfølgende"
        raise InputError([Problem("no-tests", where, "ingen case-tests (YAML-filer) fundet; angiv filer eller "
                                                     "mapper med case-tests.")])
    return files


def _print(f: Path, result) -> None:
    label = "FEJL " if result.failed else ("OK   " if result.passed else "IKKE ")
    print(f"{label} {f.name}: {result.test.name}" + ("" if result.failed or result.passed else
                                                       " (kan ikke genberegnes)"))
    published = result.test.published or {}
    if published.get("value") is not None and result.computed is not None:
        print(f"      offentliggjort {fmt.kroner(published['value'])}, som_xl {fmt.kroner(result.computed)} "
              f"({fmt.percent(result.difference)}): {result.status}")
    for d in result.diffs:
        print(f"      {d}")


def run(args) -> int:
    # lazy: numpy and the model (≈0.2 s) load when the command runs, not for its --help
    from som_xl.casetests import evaluate_case_test, load_case_tests, validation_table

    results = [(f, evaluate_case_test(t)) for f in _files(args) for t in load_case_tests(f)]
    if args.markdown:
        print(validation_table([r for _, r in results]), end="")
        return 0
    for f, result in results:
        _print(f, result)
    passed = sum(r.passed for _, r in results)
    failed = sum(r.failed for _, r in results)
    other = len(results) - passed - failed
    print(f"{passed} bestået, {failed} fejlet." + (f" {other} kan ikke genberegnes." if other else ""))
    return 1 if failed else 0
