"""``som-xl test [PATH …]``: run case tests written as YAML (default: the shipped ones,
``tests/cases`` in a checkout, from any folder)."""

from pathlib import Path


def configure(p) -> None:
    """The ``test`` subcommand's arguments on ``p`` (its parser, made by :mod:`som_xl.cli.main`)."""
    p.add_argument("paths", nargs="*", help="YAML-filer eller mapper (standard: de medfølgende case-tests)")
    p.set_defaults(func=run)


def run(args) -> int:
    from som_xl.casetests import load_case_tests, run_case_test
    from som_xl.errors import InputError, Problem
    from som_xl.paths import case_tests_dir

    shipped = case_tests_dir()
    paths = [Path(p) for p in args.paths] or ([shipped] if shipped else [])
    files = [f for p in paths for f in (sorted(p.glob("*.yaml")) if p.is_dir() else [p] if p.is_file() else [])]
    if not files:
        where = ", ".join(map(str, paths)) or "de medfølgende"
        raise InputError([Problem("no-tests", where, "ingen case-tests (YAML-filer) fundet; angiv filer eller "
                                                     "mapper med case-tests.")])
    passed = failed = 0
    for f in files:
        for test in load_case_tests(f):
            diffs = run_case_test(test)
            if diffs:
                failed += 1
                print(f"FEJL  {f.name}: {test.name}")
                for d in diffs:
                    print(f"      {d}")
            else:
                passed += 1
                print(f"OK    {f.name}: {test.name}")
    print(f"{passed} bestået, {failed} fejlet.")
    return 1 if failed else 0
