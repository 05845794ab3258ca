"""JSON from files users give us: Danish errors with line and column, bounded memory.

A size limit alone does not bound memory: ``[{},{},…]`` builds a 72-byte object for every
three bytes of text. :func:`value_count` counts the values a text would build without
building them (string contents skipped), so :func:`loads` refuses such a file before
parsing. Public: the case reader, the experience import and the web site's uploads use it.
"""

from __future__ import annotations

import json
import re
from typing import Any

from som_xl import fmt
from som_xl.errors import InputError, Problem

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
"""A JSON string (unrolled, so it runs in linear time without recursion)."""

_MESSAGES = (
    ("Expecting value", "der mangler en værdi"),
    ("Expecting ',' delimiter", "der mangler et komma"),
    ("Expecting ':' delimiter", "der mangler et kolon efter feltnavnet"),
    ("Expecting property name enclosed in double quotes", "feltnavne skal stå i dobbelte anførselstegn"),
    ("Unterminated string", "en tekst mangler sit afsluttende anførselstegn"),
    ("Invalid control character", "en tekst indeholder et styretegn (fx et linjeskift) uden \\-kode"),
    ("Invalid \\uXXXX escape", "en \\u-kode er ugyldig"),
    ("Invalid \\escape", "en \\-kode er ugyldig"),
    ("Extra data", "der står mere efter den afsluttende } eller ]"),
    ("Illegal trailing comma", "der står et komma lige før } eller ]"),
)


def _bare(text: str) -> str:
    """``text`` with every string's contents removed (brackets and commas inside strings
    are not structure)."""
    return _STRING.sub('""', text)


def nesting_exceeds(text: str, max_depth: int) -> bool:
    """Whether ``text`` nests arrays and objects deeper than ``max_depth`` levels.

    Each round removes the innermost ``[]``/``{}`` pairs of the brackets alone (in C, by
    ``str.replace``), so at most ``max_depth + 1`` linear passes are made and nothing is
    built. Unbalanced brackets are left to the parser to name.

    >>> nesting_exceeds('{"a": [[1], {"b": "[[[["}]}', 3), nesting_exceeds("[[[[]]]]", 3)
    (False, True)
    """
    brackets = _NOT_BRACKET.sub("", _bare(text)).translate(_PAIRS)
    for _ in range(max_depth):
        shorter = brackets.replace("()", "")
        if len(shorter) == len(brackets):
            return False  # empty, or unbalanced (the parser says what is wrong)
        brackets = shorter
    return "()" in brackets


_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_PAIRS = str.maketrans("[{]}", "(())")


def value_count(text: str) -> int:
    """An upper bound of the JSON values ``text`` holds (objects, arrays and scalars).

    Every value but the first in a container follows a comma, and every container opens
    with a bracket (counted once more for its first value); commas and brackets inside
    strings are not counted. Linear in the text, and nothing is built.

    >>> value_count('{"a": [1, 2, "x,y"], "b": {}}')  # six values, counted as seven
    7
    """
    bare = _bare(text)
    return 1 + bare.count(",") + bare.count("[") + bare.count("{")


def _unstripped_count(text: str) -> int:
    """:func:`value_count` with the commas and brackets inside strings counted too (≥ it)."""
    return 1 + text.count(",") + text.count("[") + text.count("{")


def danish_message(msg: str) -> str:
    """The Danish reason for a :class:`json.JSONDecodeError` message."""
    for english, danish in _MESSAGES:
        if msg.startswith(english):
            return danish
    return "teksten følger ikke JSON-formatet"


def loads(text: str, where: str, *, max_values: int | None = None, max_depth: int | None = None,
          noun: str = "filen", **options) -> Any:
    """Parse ``text`` as JSON; a Danish :class:`InputError` located at ``where`` otherwise.

    Parameters
    ----------
    text
        The JSON text.
    where
        The file (or field) named in problems; a parse error adds "linje L, kolonne K".
    max_values
        Refuse (type ``too-many-values``) before parsing when the text holds more values.
    max_depth
        Refuse (type ``too-deep``) before parsing when arrays and objects nest deeper.
    noun
        What the text is called in messages ("filen", "sagsfilen").
    options
        Passed to :func:`json.loads` (``object_pairs_hook``, ``parse_constant``).
    """
    # Commas and brackets counted with the strings' own are a bound of the bound: only a
    # text over the limit by that count needs its strings skipped (a regex over the text).
    if max_values is not None and _unstripped_count(text) > max_values:
        n = value_count(text)
        if n > max_values:
            raise InputError([Problem("too-many-values", where, f"{noun} rummer over {fmt.number(max_values)} "
                                                                f"JSON-værdier ({fmt.number(n)}); filen afvises.")])
    if max_depth is not None and nesting_exceeds(text, max_depth):
        raise InputError([Problem("too-deep", where, f"{noun} er indlejret mere end {max_depth} niveauer "
                                                     "({ … } eller [ … ] i hinanden); den afvises.")])
    try:
        return json.loads(text, **options)
    except json.JSONDecodeError as exc:
        raise InputError([Problem("bad-json", f"{where} linje {exc.lineno}, kolonne {exc.colno}",
                                  f"{noun} er ikke gyldig JSON: {danish_message(exc.msg)}.")]) from None
    except RecursionError:
        raise InputError([Problem("too-deep", where, f"{noun} er indlejret for dybt ({{ … }} eller [ … ] i "
                                                     "tusindvis af niveauer); filen afvises.")]) from None
    except ValueError as exc:  # an integer of thousands of digits, or a hook's own (Danish) refusal
        reason = "et tal har flere end 4.300 cifre" if "digits" in str(exc) else str(exc)
        raise InputError([Problem("bad-json", where, f"{noun} er ikke gyldig JSON: {reason}.")]) from None
