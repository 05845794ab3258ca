"""Entry point of ``som-xl``.

Each subcommand lives in its own module under ``som_xl.cli`` and exposes
``configure(parser)``, which adds the command's arguments to the parser made here and
sets ``func`` to a callable taking the parsed arguments and returning an exit code.
:data:`COMMANDS` lists them with their one-line help, so ``som-xl --help`` imports no
command module, and ``som-xl calc …`` imports only ``som_xl.cli.calc`` (and what its
``run`` needs): every command pays only for its own imports. A listed module that is
missing, or has no ``configure``, stops ``som-xl`` with an error naming it.

Exit codes: 0 success; 2 input the user must correct (a Danish message names the field);
1 an internal error (reported in one line; set ``SOM_XL_DEBUG=1`` for the traceback).
"""

from __future__ import annotations

import argparse
import errno
import importlib
import importlib.util
import os
import sys

from som_xl import __version__
from som_xl.cli.arguments import DanishParser
from som_xl.errors import InputError, SomError

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_INPUT = 2

COMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("demo", "beregn eksemplet (Housing First for hjemløse) på den medfølgende viden"),
    "calc": ("calc", "beregn en sagsfil (CASE.json) og vis nettoresultatet"),
    "knowledge": ("knowledge", "vidensdatabasen: valider, vis og sammenlign"),
    "new": ("new", "lav en ny SØM-projektmappe ud fra skabelonen"),
    "recalc": ("recalc", "genberegn en eller flere SØM-projektmapper uden Excel"),
    "upgrade": ("upgrade", "flyt input fra en projektmappe lavet med en ældre skabelon over i en ny"),
    "refresh": ("refresh", "opdatér viden (konsekvenslinjer, lister, Viden) og genberegn uden Excel"),
    "build-template": ("build_template", "byg workbook_template.xlsm fra kildeteksterne (reproducerbart)"),
    "case": ("case", "udveksl beregninger som sagsfiler (JSON)"),
    "share": ("share", "lav en makrofri kopi (.xlsx) med input, resultater og diagrammer"),
    "sensitivity": ("sensitivity", "følsomhedsanalyse, break-even-succesrate og Monte Carlo for en sagsfil"),
    "portfolio": ("portfolio", "sammenlign indsatser, læg dem sammen pr. år, og vælg inden for et budget"),
    "follow-up": ("follow_up", "opfølgning: forventet og realiseret, og en ny prognose ud fra de faktiske tal"),
    "report": ("report", "beslutningsoplæg (PDF eller Markdown) fra en sagsfil eller projektmappe"),
    "experience": ("experience", "erfaringsdatabasen: del og find beregninger og erfaringer mellem kommuner "
                                 "(ikke kvalitetssikret)"),
    "excel-setup": ("excel_setup", "vis (og skriv) hvad Excel skal bruge for at køre SØM's Python"),
    "test": ("test_cases", "kør case-tests skrevet som YAML (forventede resultater med kilde)"),
}
"""Command → (module in ``som_xl.cli``, one-line Danish help), in the order ``--help`` lists them."""


class MissingCommand(RuntimeError):
    """A command in :data:`COMMANDS` whose module is missing or has no ``configure``."""


def command_module(command: str):
    """Import the module of ``command``; :class:`MissingCommand` if it is not there."""
    name = f"som_xl.cli.{COMMANDS[command][0]}"
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            raise MissingCommand(f"som-xl: kommandoen '{command}' er opført, men modulet {name} findes ikke") from None
        raise
    if not callable(getattr(module, "configure", None)):
        raise MissingCommand(f"som-xl: modulet {name} (kommandoen '{command}') har ingen configure(parser)")
    return module


def _check_listed() -> None:
    """Every listed module exists (a file lookup, nothing is imported)."""
    for command, (module, _) in COMMANDS.items():
        if importlib.util.find_spec(f"som_xl.cli.{module}") is None:
            raise MissingCommand(f"som-xl: kommandoen '{command}' er opført, men modulet som_xl.cli.{module} "
                                 "findes ikke")


def _chosen(argv: list[str]) -> str | None:
    """The command named in ``argv``: its first word that is not an option."""
    return next((a for a in argv if not a.startswith("-")), None)


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The ``som-xl`` parser. With ``argv`` only the command it names is configured (its
    module imported); without, every command is (for tests and documentation)."""
    _check_listed()
    parser = DanishParser(
        prog="som-xl",
        description="SØM, Den Socialøkonomiske Investeringsmodel, som Excel-tilføjelse og kommandolinje.",
    )
    parser.add_argument("--version", action="version", version=f"som-xl {__version__}",
                        help="vis versionen og afslut")
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO", title="kommandoer")
    chosen = None if argv is None else _chosen(argv)
    for command, (_, help_text) in COMMANDS.items():
        p = sub.add_parser(command, help=help_text)
        if argv is None or command == chosen:
            command_module(command).configure(p)
    return parser


def print_problems(exc: InputError, stream=None) -> None:
    stream = stream or sys.stderr  # resolved at call time, so tests can capture it
    errors = [p for p in exc.problems if p.severity == "error"]
    print(f"Fejl i input ({len(errors)}):", file=stream)
    for problem in exc.problems:
        print(f"  - {problem}", file=stream)


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file descriptor (tests capture stdout)
        pass


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)
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
    except BrokenPipeError:
        # The reader stopped (som-xl calc … | head -1): nothing more to say, and nothing wrong.
        # Point stdout at /dev/null so Python's own flush at exit does not complain either.
        _silence_stdout()
        return EXIT_OK
    except OSError as exc:
        if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
            return _internal(exc)
        # a full temporary folder (LibreOffice's copy, a report's PDF) or target disk: the user's to fix
        import tempfile  # lazy: ≈10 ms that only a full disk pays

        where = f" ({exc.filename})" if exc.filename else ""
        print(f"Fejl: Disken er fuld{where}; ingen fil er ændret. Frigør plads (også i den midlertidige mappe "
              f"{tempfile.gettempdir()}) og prøv igen.", file=sys.stderr)
        return EXIT_INPUT
    except Exception as exc:  # last line of defence: never a traceback for the user
        return _internal(exc)


def _internal(exc: Exception) -> int:
    if os.environ.get("SOM_XL_DEBUG"):
        raise exc
    print(f"Intern fejl i som-xl ({type(exc).__name__}: {exc}). "
          "Kør igen med SOM_XL_DEBUG=1 for detaljer, og meld fejlen.", file=sys.stderr)
    return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
