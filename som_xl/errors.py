"""Errors and problems: one base exception, and problems as data.

A :class:`Problem` is what every validator returns: a stable ``type`` slug (for tests
and tools), a ``location`` (sheet and cell, JSON path, or CSV file/row/column) and a
Danish ``message`` that says what is wrong and what is allowed. Validators collect all
problems before raising, so the user sees every mistake at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or suspicious) in the user's input or in a knowledge package."""

    type: str
    """Stable slug, e.g. ``"out-of-range"``; tests and tools assert on it."""
    location: str
    """Where: ``"Indsats!D14"``, ``"$.effect.success_rate"`` or ``"prices.csv række 4, kolonne kommune"``."""
    message: str
    """Danish sentence naming what was wrong and what is allowed."""
    severity: str = "error"
    """``"error"`` stops the calculation; ``"warning"`` is shown but does not."""

    def __str__(self) -> str:
        prefix = "Advarsel: " if self.severity == "warning" else ""
        return f"{self.location}: {prefix}{self.message}" if self.location else prefix + self.message

    def as_dict(self) -> dict[str, str]:
        return {"type": self.type, "location": self.location, "message": self.message,
                "severity": self.severity}


class SomError(Exception):
    """Base class of every error som_xl raises on purpose."""


@dataclass
class InputError(SomError):
    """Input the user must correct; carries every problem found, not just the first."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.text())

    def text(self) -> str:
        """All error problems as Danish lines (warnings are left to the caller)."""
        return "\n".join(str(p) for p in self.problems)


class KnowledgeError(InputError):
    """A knowledge package is missing, broken or inconsistent."""


def errors_only(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def raise_if_errors(problems: list[Problem], exc: type[InputError] = InputError) -> None:
    """Raise ``exc`` with *all* problems when at least one of them is an error."""
    if errors_only(problems):
        raise exc(list(problems))
