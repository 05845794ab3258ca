"""The shape of a closed list of codes: a ``StrEnum``, whose members may carry a Danish label.

A member *is* its code (``ReviewStatus.PUBLISHED == "offentliggjort"``), so data read from
CSV, JSON or a database compares equal to it and dictionaries keyed by codes find it; the
label sits beside the code, in the one place the list is declared. A member also *shows*
as its code (``str``, ``repr``, JSON), so no output changes when a literal becomes a member.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import Self


class Codes(StrEnum):
    """A closed list of codes that are their own Danish words (no separate label).

    >>> class Size(Codes):
    ...     SMALL = "lille"
    >>> Size.SMALL, Size.codes(), Size.SMALL == "lille"
    ('lille', ('lille',), True)
    """

    def __repr__(self) -> str:
        return str.__repr__(self)

    @classmethod
    def codes(cls) -> tuple[str, ...]:
        """The codes in the list's order, as plain strings."""
        return tuple(m.value for m in cls)


class Labelled(Codes):
    """A code and its Danish label: ``MEMBER = "code", "Label"``.

    >>> class Colour(Labelled):
    ...     RED = "roed", "Rød"
    >>> Colour.RED, Colour.RED == "roed", Colour.RED.label, Colour.labels(), Colour.codes()
    ('roed', True, 'Rød', {'roed': 'Rød'}, ('roed',))
    """

    _value_: str
    label: str
    """What the sheets, pages and messages show for the code."""

    def __new__(cls, code: str, label: str) -> Self:
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        return member

    @classmethod
    def labels(cls) -> dict[str, str]:
        """Code → label, in the list's order (plain strings: drop-down lists, SQL, messages)."""
        return {m.value: m.label for m in cls}


class LabelledLevel(IntEnum):
    """A numbered level and its Danish label: ``MEMBER = 1, "Label"``.

    >>> class Grade(LabelledLevel):
    ...     TOP = 1, "bedst"
    >>> Grade.TOP, Grade.TOP == 1, Grade.TOP.label, Grade.labels()
    (1, True, 'bedst', {1: 'bedst'})
    """

    _value_: int
    label: str

    def __new__(cls, level: int, label: str) -> Self:
        member = int.__new__(cls, level)
        member._value_ = level
        member.label = label
        return member

    def __repr__(self) -> str:
        return int.__repr__(self)

    @classmethod
    def labels(cls) -> dict[int, str]:
        """Level → label, in order (plain integers)."""
        return {m.value: m.label for m in cls}
