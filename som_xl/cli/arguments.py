"""argparse in Danish: the parser class every ``som-xl`` command uses, and number types.

argparse writes its own texts in English ("usage:", "the following arguments are
required", "invalid choice"). :class:`DanishParser` gives its help Danish headings and
translates its error messages before printing them; the subcommands' parsers are made
of the same class. :func:`whole_number` and :func:`decimal_number` read numbers the way
the workbook does, Danish decimals and thousands included ("0,1", "1.000").
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any

from som_xl.fmt import parse_number

_ERRORS = (
    (r"the following arguments are required: (.*)", r"følgende argumenter mangler: \1"),
    (r"one of the arguments (.*) is required", r"et af argumenterne \1 skal angives"),
    (r"invalid choice: (.*) \(choose from (.*)\)", r"ugyldigt valg: \1 (vælg mellem \2)"),
    (r"unrecognized arguments: (.*)", r"ukendte argumenter: \1"),
    (r"expected one argument", "forventede ét argument"),
    (r"expected at most one argument", "forventede højst ét argument"),
    (r"expected at least one argument", "forventede mindst ét argument"),
    (r"expected (\d+) arguments?", r"forventede \1 argumenter"),
    (r"ambiguous option: (.*) could match (.*)", r"tvetydigt tilvalg: \1 kan være \2"),
    (r"not allowed with argument (.*)", r"kan ikke bruges sammen med \1"),
    (r"ignored explicit argument (.*)", r"overflødig værdi \1"),
    (r"invalid (\w+) value: (.*)", r"ugyldig værdi: \2"),
)
_ARGUMENT = re.compile(r"^argument (.+?): (.*)$", re.S)


def danish_error(message: str) -> str:
    """argparse's English error ``message`` in Danish (unknown ones are left as they are).

    >>> danish_error("argument --format: invalid choice: 'docx' (choose from 'pdf', 'md')")
    "argumentet --format: ugyldigt valg: 'docx' (vælg mellem 'pdf', 'md')"
    """
    m = _ARGUMENT.match(message)
    if m:
        return f"argumentet {m.group(1)}: {danish_error(m.group(2))}"
    for english, danish in _ERRORS:
        translated, n = re.subn(f"^{english}$", danish, message, flags=re.S)
        if n:
            return translated
    return message


class _DanishFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "brug: " if prefix is None else prefix)


class DanishParser(argparse.ArgumentParser):
    """An :class:`argparse.ArgumentParser` whose help and errors are Danish."""

    def __init__(self, *args: Any, add_help: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _DanishFormatter)
        # The parents' options join after the groups have their Danish titles: added by
        # argparse itself, a parent's "tilvalg" would become a second "tilvalg" section.
        parents = kwargs.pop("parents", [])
        super().__init__(*args, **{**kwargs, "add_help": False})  # our own Danish -h
        self._positionals.title = "argumenter"
        self._optionals.title = "tilvalg"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="vis denne hjælp og afslut")
        for parent in parents:
            self._add_container_actions(parent)
            self._defaults.update(parent._defaults)

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fejl: {danish_error(message)}\n")


def _number(text: str) -> float:
    value = parse_number(text)
    if value is None:
        raise argparse.ArgumentTypeError(f"ugyldigt tal: {text!r} (skriv fx 0,1 eller 1.000)")
    return value


def decimal_number(text: str) -> float:
    """A number from the command line: ``0,1``, ``0.1`` or ``1.000`` (one thousand)."""
    return _number(text)


def whole_number(text: str) -> int:
    """A whole number from the command line: ``1.000`` or ``1000``; ``1,5`` is refused."""
    value = _number(text)
    if not value.is_integer():
        raise argparse.ArgumentTypeError(f"{text!r} skal være et helt tal")
    return int(value)
