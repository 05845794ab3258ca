"""Entry point of ``som-xl``.

Each subcommand lives in its own module under ``som_xl.cli`` and exposes
``register(subparsers)``, which adds its parser and sets ``func`` to a callable taking the
parsed arguments and returning an exit code.

Exit codes: 0 success; 2 input the user must correct (a Danish message names the field);
1 an internal error (reported in one line; set ``SOM_XL_DEBUG=1`` for the traceback).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from som_xl.errors import InputError, SomError

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_INPUT = 2

# Modules that define subcommands, in the order ``som-xl --help`` lists them.
COMMAND_MODULES = [
    "demo",
    "calc",
    "knowledge",
    "new",
    "recalc",
    "build_template",
    "case",
    "share",
    "sensitivity",
    "portfolio",
    "follow_up",
    "report",
    "experience",
    "excel_setup",
    "test_cases",
]


def build_parser() -> argparse.ArgumentParser:
    from som_xl import __version__

    parser = argparse.ArgumentParser(
        prog="som-xl",
        description="SØM, Den Socialøkonomiske Investeringsmodel, som Excel-tilføjelse og kommandolinje.",
    )
    parser.add_argument("--version", action="version", version=f"som-xl {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"som_xl.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"som_xl.cli.{name}":
                continue  # subcommand not built yet
            raise
        module.register(sub)
    return parser


def print_problems(exc: InputError, stream=None) -> None:
    stream = stream or sys.stderr  # resolved at call time, so tests can capture it
    errors = [p for p in exc.problems if p.severity == "error"]
    print(f"Fejl i input ({len(errors)}):", file=stream)
    for problem in exc.problems:
        print(f"  - {problem}", file=stream)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_INPUT
    try:
        return int(args.func(args) or 0)
    except InputError as exc:
        print_problems(exc)
        return EXIT_INPUT
    except SomError as exc:
        print(f"Fejl: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("Afbrudt.", file=sys.stderr)
        return 130
    except Exception as exc:  # last line of defence: never a traceback for the user
        if os.environ.get("SOM_XL_DEBUG"):
            raise
        print(f"Intern fejl i som-xl ({type(exc).__name__}: {exc}). "
              "Kør igen med SOM_XL_DEBUG=1 for detaljer, og meld fejlen.", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
