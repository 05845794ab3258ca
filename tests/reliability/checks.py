"""What every problem shown to a user must look like: a location and a Danish sentence."""

from __future__ import annotations

import re

from som_xl.errors import Problem

_DANISH_WORDS = {
    "skal", "er", "ikke", "må", "findes", "felt", "felter", "være", "mellem", "højst", "mindst", "udfyldes",
    "kan", "tal", "filen", "linje", "fik", "og", "eller", "ugyldig", "tekst", "år", "mangler", "afvises",
    "cellen", "værdi", "navngivne", "område", "sagsfilen", "projektmappen", "ukendt", "tom", "en", "et",
    "den", "det", "der", "som", "med", "til", "af", "på", "uden", "fejl", "rækker", "bruges",
}
_PYTHON_LEAKS = ("Traceback", "KeyError", "NoneType", "TypeError", "ValueError", "AttributeError",
                 "IndexError", "RecursionError", "OverflowError", "Exception", "object at 0x", "<class ",
                 "File \"", "maximum recursion", "is not of type", "is a required property", "line 1 column")
CELL = re.compile(r"^(?:'[^']+'|[^!'\s][^!]*)!\$?[A-Z]{1,3}\$?[0-9]+$")
"""``Indsats!C16`` (sheet!cell)."""


def danish(message: str) -> bool:
    """Heuristic: Danish letters or common Danish words, and no Python internals."""
    if not message or not message.strip():
        return False
    if any(leak in message for leak in _PYTHON_LEAKS):
        return False
    words = set(re.findall(r"[a-zæøå]+", message.lower()))
    return bool(words & _DANISH_WORDS) or bool(re.search("[æøåÆØÅ]", message))


def check_problem(p: Problem) -> None:
    """Assert ``p`` is fit to show: a location, a severity, a Danish message."""
    assert isinstance(p, Problem), p
    assert p.location and p.location.strip(), f"problem without a location: {p}"
    assert p.severity in ("error", "warning"), p
    assert p.type and p.type.strip(), p
    assert danish(p.message), f"not a Danish message: {p.message!r}"
    assert len(p.message) < 2_000 and len(p.location) < 300, f"message or location too long: {str(p)[:300]}"


def check_cell_problem(p: Problem) -> None:
    """A workbook problem: as :func:`check_problem`, and an error names a sheet and cell."""
    check_problem(p)
    if p.severity == "error":
        assert CELL.match(p.location), f"error in a workbook without sheet!cell: {p}"
