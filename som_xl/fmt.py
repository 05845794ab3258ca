"""Danish number formatting: 1.234.567 kr., 12,5 %. Used by messages, sheets and reports."""

from __future__ import annotations

import math


def number(value: float | None, decimals: int = 0) -> str:
    """``1234567.8`` → ``"1.234.568"``; ``decimals=1`` → ``"1.234.567,8"``; None → ``"–"``.

    >>> number(-1234567.25, 2)
    '-1.234.567,25'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    if text.startswith("-") and set(text[1:]) <= set("0.,"):
        text = text[1:]  # no "-0"
    return text


def kroner(value: float | None, decimals: int = 0) -> str:
    """``1234567`` → ``"1.234.567 kr."``."""
    return "–" if value is None else f"{number(value, decimals)} kr."


def millions(value: float, decimals: int = 1) -> str:
    """``2_812_000`` → ``"2,8 mio. kr."``."""
    return f"{number(value / 1e6, decimals)} mio. kr."


def percent(fraction: float | None, decimals: int = 1) -> str:
    """``0.125`` → ``"12,5 %"``."""
    return "–" if fraction is None else f"{number(fraction * 100, decimals)} %"


def and_list(parts) -> str:
    """Danish enumeration: ``["a", "b", "c"]`` → ``"a, b og c"``.

    >>> and_list(["kommunen", "regionen", "staten"])
    'kommunen, regionen og staten'
    """
    parts = [str(p) for p in parts]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " og " + parts[-1]


def value(v) -> str:
    """A user's value as it appears in a message: numbers Danish-formatted, text quoted."""
    if isinstance(v, bool):
        return "sand" if v else "falsk"
    if isinstance(v, int):
        return number(v)
    if isinstance(v, float):
        return number(v, 0 if v.is_integer() else min(6, max(1, len(repr(v).split(".")[-1]))))
    if v is None:
        return "tom"
    text = str(v)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"
