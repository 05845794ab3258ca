"""Validation of a record before it is stored: every problem at once, in Danish."""

from __future__ import annotations

import datetime as dt
import json
import math
import sys
import uuid
from typing import Any

from som_xl import jsontext
from som_xl.case.validate import MAX_NODES, shown
from som_xl.errors import InputError, Problem
from som_xl.experience.model import (
    MAX_CASE_BYTES,
    MAX_CONTACT,
    MAX_KEY_RESULTS_BYTES,
    MAX_REASON,
    MAX_SHORT,
    MAX_SUMMARY,
    MAX_TITLE,
)
from som_xl.vocabulary.actor_types import SHARING_ACTOR_TYPES
from som_xl.vocabulary.lookup import choices_text, code_for
from som_xl.vocabulary.materials import MATERIAL_TYPES
from som_xl.vocabulary.review import DEFAULT_RECORD_ORIGIN, DEFAULT_REVIEW_STATUS, RECORD_ORIGINS, REVIEW_STATUSES

CASE_FORMAT = "som-xl-case/1"
MIN_YEAR = 1990
MAX_CLOCK_SKEW = dt.timedelta(days=1)
"""How far in the future an imported timestamp may lie (another machine's clock)."""
MAX_NUMBER = 1e15
"""Largest number in key results: beyond it a number is a mistake (or too large for a float)."""

FIELDS = ("title", "summary", "target_group", "material_type", "actor_type", "actor_name",
          "contact", "year", "key_results", "case_json", "knowledge_name",
          "knowledge_version", "knowledge_hash", "review_status", "status_reason", "origin")
"""Fields a user may give when adding a record."""

IMPORT_ONLY = ("uid", "created_at", "updated_at")
"""Fields that only an import (a record from another database) may carry."""

EXPORT_ONLY = ("id", "quality_note", "material_type_label", "actor_type_label",
               "review_status_label")
"""Fields an export adds for readers; an import ignores them."""


def whole_number(value: Any) -> int | None:
    """``value`` as a whole number when it is one written with the digits 0-9 (at most 18 of
    them, spaces around allowed), else ``None``. ``str.isdigit`` would also take ``²`` or
    ``٣``, which ``int`` then refuses or reads as another number.

    >>> whole_number(" 2024 "), whole_number("²"), whole_number("٣"), whole_number("-1"), whole_number(7)
    (2024, None, None, None, 7)
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = value.strip() if isinstance(value, str) else None
    return int(text) if text and len(text) <= 18 and text.isascii() and text.isdigit() else None


def _loc(name: str, prefix: str) -> str:
    return f"{prefix}felt {name}"


def _text(data, name, problems, prefix, *, required: bool, max_len: int) -> str | None:
    value = data.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.append(Problem("missing", _loc(name, prefix),
                                    "skal udfyldes (må ikke være tomt)."))
        return None
    if not isinstance(value, str):
        problems.append(Problem("wrong-type", _loc(name, prefix), "skal være tekst."))
        return None
    value = value.strip()
    if len(value) > max_len:
        problems.append(Problem("too-long", _loc(name, prefix),
                                f"er {len(value)} tegn; højst {max_len} tegn er tilladt."))
        return None
    if "\x00" in value:
        problems.append(Problem("bad-text", _loc(name, prefix), "indeholder et NUL-tegn."))
        return None
    return value


def _choice(data, name, vocabulary, problems, prefix, *, default=None) -> str | None:
    value = data.get(name)
    if value is None or value == "":
        if default is not None:
            return default
        problems.append(Problem("missing", _loc(name, prefix),
                                f"skal udfyldes; tilladt er: {choices_text(vocabulary)}."))
        return None
    return choice_code(value, vocabulary, _loc(name, prefix), problems)


def choice_code(value: Any, vocabulary, location: str, problems: list[Problem]) -> str | None:
    """The code of ``value`` in ``vocabulary`` (code or Danish label); ``None`` when it is
    empty, or when it is not allowed, which then adds a "not-allowed" problem at ``location``
    naming what is. Record fields and search filters check their choices with it."""
    if value is None or value == "":
        return None
    code = code_for(value, vocabulary)
    if code is None:
        problems.append(Problem("not-allowed", location,
                                f"'{value}' er ikke tilladt; tilladt er: {choices_text(vocabulary)}."))
    return code


def _year_shown(value: Any) -> str:
    """A year as typed (2200, never 2.200); other values as :func:`shown` shows them."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**6:
        return f"'{value}'"
    return shown(value)


def year_problem(value: Any) -> str | None:
    """What is wrong with ``value`` as a record's year (a whole year from 1990 to ten years
    ahead), or ``None`` when it is one."""
    top = dt.date.today().year + 10
    if not isinstance(value, int) or isinstance(value, bool) or not MIN_YEAR <= value <= top:
        return (f"{_year_shown(value)} er ikke et gyldigt årstal; skal være et helt år "
                f"mellem {MIN_YEAR} og {top}.")
    return None


def _year(data, problems, prefix) -> int | None:
    value = data.get("year")
    if value is None or value == "":
        return None
    if isinstance(value, str) and whole_number(value) is not None:
        value = whole_number(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    problem = year_problem(value)
    if problem is not None:
        problems.append(Problem("out-of-range", _loc("year", prefix), problem))
        return None
    return value


def _finite(value: Any) -> bool:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return abs(value) < MAX_NUMBER and (not isinstance(value, float) or math.isfinite(value)) and (
            value == 0 or abs(value) >= sys.float_info.min)  # no subnormals (5e-324)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _finite(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_finite(v) for v in value)
    return value is None or isinstance(value, (str, int, bool))


def _key_results(data, problems, prefix) -> dict | None:
    value = data.get("key_results")
    if value is None:
        return None
    if isinstance(value, str):  # given as JSON text, e.g. from a spreadsheet cell
        try:
            value = json.loads(value)
        except ValueError:
            problems.append(Problem("bad-json", _loc("key_results", prefix),
                                    "er ikke gyldig JSON; skal være et JSON-objekt, "
                                    'fx {"npv": {"kommune": -1200000, "total": 3400000}}.'))
            return None
    if not isinstance(value, dict) or not _finite(value):
        problems.append(Problem("wrong-type", _loc("key_results", prefix),
                                "skal være et JSON-objekt med tekst-nøgler og endelige tal under 10^15, "
                                'fx {"npv": {"kommune": -1200000, "total": 3400000}}.'))
        return None
    shape = key_results_problem(value)
    if shape is not None:
        problems.append(Problem("wrong-shape", _loc("key_results", prefix), shape))
        return None
    size = len(json.dumps(value, ensure_ascii=False).encode("utf-8"))
    if size > MAX_KEY_RESULTS_BYTES:
        problems.append(Problem("too-large", _loc("key_results", prefix),
                                f"fylder {size // 1000} KB; højst {MAX_KEY_RESULTS_BYTES // 1000} KB."))
        return None
    return value


PER_ACTOR_KEYS = ("npv", "return_per_krone", "break_even_success_rate", "break_even_year")
"""Key results holding one number per actor (``{"kommune": …, "total": …}``)."""
MAX_SERIES = 200
"""Years in ``net_per_year`` (a horizon of 70 years with room to spare)."""
YEARS = (1900, 2300)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_year(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and YEARS[0] <= value <= YEARS[1]


def _per_actor_problem(key: str, value: Any) -> str | None:
    if not isinstance(value, dict) or len(value) > 20:
        return f"'{key}' skal være et objekt med ét tal pr. aktør, fx {{\"kommune\": -1200000, \"total\": 3400000}}."
    for actor, v in value.items():
        ok = v is None or (_is_year(v) if key == "break_even_year" else _is_number(v))
        if not ok:
            wanted = (f"et årstal ({YEARS[0]}-{YEARS[1]}) eller null" if key == "break_even_year"
                      else "et tal eller null")
            return f"'{key}.{str(actor)[:40]}' skal være {wanted}."
    return None


def net_per_year_problem(value: Any) -> str | None:
    """What is wrong with a stored or submitted ``net_per_year`` (``None``: fine): a list
    ``years`` of whole years and, per actor, a list as long of numbers or nulls."""
    years = value.get("years") if isinstance(value, dict) else None
    if not isinstance(years, list) or not 0 < len(years) <= MAX_SERIES or not all(map(_is_year, years)):
        return (f"'net_per_year.years' skal være en liste af højst {MAX_SERIES} hele årstal "
                f"({YEARS[0]}-{YEARS[1]}), fx [2025, 2026].")
    assert isinstance(value, dict)
    for actor, series in value.items():
        if actor != "years" and (not isinstance(series, list) or len(series) != len(years)
                                 or not all(v is None or _is_number(v) for v in series)):
            return f"'net_per_year.{str(actor)[:40]}' skal være en liste med ét tal (eller null) pr. år."
    return None


def _numbers(value: Any) -> bool:
    return isinstance(value, dict) and all(v is None or _is_number(v) for v in value.values())


def follow_up_problem(value: Any) -> str | None:
    """What is wrong with a stored or submitted ``follow_up`` (plan against actual; ``None``:
    fine): numbers or nulls, ``realised`` and ``npv`` objects of them, and ``years`` a list of
    at most :data:`MAX_SERIES` such objects, each with a whole ``year``."""
    wrong = "'follow_up' skal have tal, objekter af tal og en liste 'years' af objekter med et årstal pr. år."
    if not isinstance(value, dict):
        return wrong
    for key, item in value.items():
        if key == "years":
            ok = isinstance(item, list) and len(item) <= MAX_SERIES and all(
                _numbers(y) and _is_year(y.get("year")) for y in item)
        elif key in ("realised", "npv"):
            ok = _numbers(item)
        else:
            ok = item is None or _is_number(item)
        if not ok:
            return wrong
    return None


def key_results_problem(value: dict) -> str | None:
    """What is wrong with the shape of key results (``None``: fine), so that no page that
    shows them can fail later: per-actor figures are objects of numbers, ``price_year`` a
    year, ``net_per_year`` years with one number per year and actor; any other key holds a
    number, a short text, or an object of those; ``follow_up`` as :func:`follow_up_problem` says."""
    for key, item in value.items():
        if key in PER_ACTOR_KEYS:
            problem = _per_actor_problem(key, item)
        elif key == "price_year":
            problem = None if _is_year(item) else f"'price_year' skal være et årstal ({YEARS[0]}-{YEARS[1]})."
        elif key == "net_per_year":
            problem = net_per_year_problem(item)
        elif key == "follow_up":
            problem = follow_up_problem(item)
        else:
            flat = item.values() if isinstance(item, dict) else [item]
            ok = all(v is None or _is_number(v) or isinstance(v, str) and len(v) <= 500 for v in flat)
            problem = None if ok else f"'{str(key)[:40]}' skal være et tal, en kort tekst eller et objekt af dem."
        if problem is not None:
            return problem
    return None


def case_text_problems(text: str, location: str) -> list[Problem]:
    """What is wrong with ``text`` as a case file (size, JSON, object, format)."""
    return parse_case_text(text, location)[1]


def parse_case_text(text: str, location: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """``text`` checked as a case file and parsed once: (the JSON object, no problems), or
    (``None``, what is wrong: size, JSON, object, format)."""
    size = len(text.encode("utf-8"))
    if size > MAX_CASE_BYTES:
        return None, [Problem("too-large", location, f"sagsfilen fylder {size // 1024} KB; højst "
                                                     f"{MAX_CASE_BYTES // 1024 // 1024} MB er tilladt.")]
    try:
        data = jsontext.loads(text, location, max_values=MAX_NODES, noun="sagsfilen")
    except InputError as exc:
        return None, list(exc.problems)
    if not isinstance(data, dict) or data.get("format") != CASE_FORMAT:
        return None, [Problem("wrong-format", location, "er ikke en som-xl-sagsfil; den skal være et "
                                                        f'JSON-objekt med "format": "{CASE_FORMAT}".')]
    return data, []


def _case_json(data, problems, prefix) -> str | None:
    value = data.get("case_json")
    if value is None or value == "":
        return None
    if isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False, indent=2)
    if not isinstance(value, str):
        problems.append(Problem("wrong-type", _loc("case_json", prefix),
                                "skal være sagsfilens JSON-tekst (eller et JSON-objekt)."))
        return None
    found = case_text_problems(value, _loc("case_json", prefix))
    problems.extend(found)
    return None if found else value


def _uid(data, problems, prefix, *, required: bool) -> str | None:
    value = data.get("uid")
    if value is None or value == "":
        if required:
            problems.append(Problem("missing", _loc("uid", prefix),
                                    "mangler; hver post i en importfil skal have sit uid "
                                    "(som i en eksport), så den ikke importeres to gange."))
        return None
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        problems.append(Problem("bad-uid", _loc("uid", prefix),
                                f"'{value}' er ikke et gyldigt uid (UUID, fx "
                                "'3f2b8c1e-6a4d-4e8f-9b1a-2c3d4e5f6a7b')."))
        return None


def _timestamp(data, name, problems, prefix) -> dt.datetime | None:
    value = data.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        parsed = value
    else:
        text = str(value) if not isinstance(value, int) or abs(value) < 10**30 else "et meget stort tal"
        try:
            parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00")[:64])
        except ValueError:
            problems.append(Problem("bad-date", _loc(name, prefix),
                                    f"'{text[:40]}' er ikke et tidspunkt i ISO 8601-form, "
                                    "fx '2025-03-01T12:00:00+00:00'."))
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    parsed = parsed.astimezone(dt.UTC)
    latest = dt.datetime.now(dt.UTC) + MAX_CLOCK_SKEW
    if not dt.datetime(MIN_YEAR, 1, 1, tzinfo=dt.UTC) <= parsed <= latest:
        # a record dated in the future would win every later import (newest wins)
        problems.append(Problem("out-of-range", _loc(name, prefix),
                                f"'{str(value)[:40]}' ligger uden for det tilladte: tidspunktet skal ligge "
                                f"mellem {MIN_YEAR} og nu (højst et døgn frem, for urets skyld)."))
        return None
    return parsed


def validate_record(data: Any, *, for_import: bool = False, where: str = "") -> dict[str, Any]:
    """Check and normalise one record; raise :class:`InputError` with every problem.

    Parameters
    ----------
    data
        The record as a mapping of field names to values. Material type, actor type and
        review status may be given as codes or as their Danish labels.
    for_import
        ``True`` for a record from another database: ``uid`` is then required and
        ``created_at``/``updated_at`` are kept; fields an export adds are ignored.
    where
        Prefix for problem locations, e.g. ``"post 3, "`` for the third record of a file.

    Returns
    -------
    dict
        The cleaned fields, ready to store (text stripped, codes normalised).
    """
    if not isinstance(data, dict):
        raise InputError([Problem("wrong-type", where.rstrip(", ") or "post",
                                  "en post skal være et JSON-objekt med felter som title og summary.")])
    problems: list[Problem] = []
    allowed = FIELDS + IMPORT_ONLY + EXPORT_ONLY if for_import else FIELDS
    for name in data:
        if name not in allowed:
            problems.append(Problem("unknown-field", _loc(str(name), where),
                                    f"kendes ikke; tilladte felter er: {', '.join(FIELDS)}."))
    out: dict[str, Any] = {
        "title": _text(data, "title", problems, where, required=True, max_len=MAX_TITLE),
        "summary": _text(data, "summary", problems, where, required=True, max_len=MAX_SUMMARY),
        "target_group": _text(data, "target_group", problems, where, required=True,
                              max_len=MAX_SHORT),
        "material_type": _choice(data, "material_type", MATERIAL_TYPES, problems, where),
        "actor_type": _choice(data, "actor_type", SHARING_ACTOR_TYPES, problems, where),
        "actor_name": _text(data, "actor_name", problems, where, required=True, max_len=MAX_SHORT),
        "contact": _text(data, "contact", problems, where, required=False, max_len=MAX_CONTACT),
        "year": _year(data, problems, where),
        "key_results": _key_results(data, problems, where),
        "case_json": _case_json(data, problems, where),
        "review_status": _choice(data, "review_status", REVIEW_STATUSES, problems, where,
                                 default=DEFAULT_REVIEW_STATUS),
        "status_reason": _text(data, "status_reason", problems, where, required=False,
                               max_len=MAX_REASON),
        "origin": _choice(data, "origin", RECORD_ORIGINS, problems, where, default=DEFAULT_RECORD_ORIGIN),
    }
    for name in ("knowledge_name", "knowledge_version", "knowledge_hash"):
        out[name] = _text(data, name, problems, where, required=False, max_len=MAX_SHORT)
    if for_import:
        out["uid"] = _uid(data, problems, where, required=True)
        out["created_at"] = _timestamp(data, "created_at", problems, where)
        out["updated_at"] = _timestamp(data, "updated_at", problems, where)
    if problems:
        raise InputError(problems)
    return out


def validate_status(status: Any) -> str:
    """The review-status code for ``status`` (code or Danish label), else :class:`InputError`."""
    code = code_for(status, REVIEW_STATUSES)
    if code is None:
        raise InputError([Problem("not-allowed", "felt review_status",
                                  f"'{status}' er ikke tilladt; tilladt er: "
                                  f"{choices_text(REVIEW_STATUSES)}.")])
    return code
