"""Danish number formatting: 1.234.567 kr., 12,5 %. Used by messages, sheets and reports."""

from __future__ import annotations

import math
import re
from typing import Any

_NUMBER_RE = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
_PLAIN_RE = re.compile(r"^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$")


def number(value: float | None, decimals: int = 0) -> str:
    """``1234567.8`` → ``"1.234.568"``; ``decimals=1`` → ``"1.234.567,8"``; None → ``"–"``.

    Values from :data:`HUGE` on are written as a power of ten, infinities in words.

    >>> number(-1234567.25, 2), number(1e308), number(float("inf"))
    ('-1.234.567,25', '1,0 × 10^308', 'uendelig')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, float) and math.isinf(value):
        return "uendelig" if value > 0 else "minus uendelig"
    if abs(value) >= HUGE:
        return _power_of_ten(value)
    text = f"{value:,.{decimals}f}"
    text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    if text.startswith("-") and set(text[1:]) <= set("0.,"):
        text = text[1:]  # no "-0"
    return text


HUGE = 1e15
"""From this size on a number is written as a power of ten: no SØM amount comes near it,
and 1e308 in full is 309 digits."""


def _power_of_ten(value: float) -> str:
    """``1e308`` → ``"1,0 × 10^308"`` (two significant digits; ints of any size too).

    >>> _power_of_ten(-2.46e20), _power_of_ten(10**400)
    ('-2,5 × 10^20', '1,0 × 10^400')
    """
    exponent = math.floor(math.log10(abs(value)))
    mantissa = round(abs(value) / 10**exponent, 1)
    if mantissa >= 10:
        mantissa, exponent = mantissa / 10, exponent + 1
    return f"{'-' if value < 0 else ''}{mantissa:.1f} × 10^{exponent}".replace(".", ",")


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


def count(n: int, singular: str, plural: str) -> str:
    """``count(1, "ændring", "ændringer")`` → ``"1 ændring"``; other numbers take the plural.

    >>> count(3, "post", "poster")
    '3 poster'
    """
    return f"{number(n)} {singular if n == 1 else plural}"


def parse_number(v: Any) -> float | None:
    """A number from a cell value or a command-line argument, Danish formats included
    ("1.234,5", "1.000", "0,1", "25 kr."); None if it is not one.

    >>> parse_number("1.000"), parse_number("0,1"), parse_number("0.1"), parse_number("tyve")
    (1000.0, 0.1, 0.1, None)
    """
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v) if math.isfinite(v) else None
    if isinstance(v, str):
        s = v.strip().replace("\u00a0", " ").replace(" ", "")
        s = s.removesuffix("kr.").removesuffix("kr")
        if _NUMBER_RE.match(s):
            f = float(s.replace(".", "").replace(",", "."))
        elif _PLAIN_RE.match(s):
            f = float(s)
        else:
            return None
        return f if math.isfinite(f) else None  # "1e999" is text, not infinity
    return None


def full_stop(text: str) -> str:
    """``text`` ending in one full stop: ``"… 1.234 kr."`` stays as it is (never ``"kr.."``).

    >>> full_stop("Nutidsværdi: 1.234 kr."), full_stop("Beregnet")
    ('Nutidsværdi: 1.234 kr.', 'Beregnet.')
    """
    return text if text.endswith(".") else text + "."


def year(value: int) -> str:
    """A year as a year: ``2025``, never ``2.025``."""
    return str(value)
