"""Hypothesis strategies for hostile input: case data and workbook cells.

``valid_cases()`` draws case data (format 1) that the shipped knowledge package accepts;
``corrupted_cases()`` starts from one and applies a few random corruptions: wrong types,
NaN/inf as floats, huge or negative numbers, missing and unknown keys, deep nesting,
unicode junk, very long strings, wrong year relations, empty arrays, duplicate lines,
unknown items/target groups/outcomes/schedules, hostile provenance.

``workbook_edits()`` draws a list of (block, row, column, value) overwrites of input
cells with what a user (or a broken file) can put there: text in numeric cells, dates,
booleans, formulas as text, Excel error values, huge numbers, blanks, negative
participants, years outside the horizon.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import random
from functools import lru_cache
from typing import Any

from hypothesis import strategies as st

from som_xl.workbook import layout as L


@lru_cache(maxsize=1)
def knowledge():
    from som_xl.knowledge import load_knowledge

    return load_knowledge()


def _k_facts():
    k = knowledge()
    groups = [t.target_group for t in k.target_groups()]
    outcomes = {g: [o.outcome for o in k.outcomes(g)] for g in groups}
    items = [i.item for i in k.items()]
    years = list(k.index_years())
    schedules = [d.name for d in k.discount_schedules()]
    return groups, outcomes, items, years, schedules


# ---------------------------------------------------------------------------------
# Junk values
# ---------------------------------------------------------------------------------

SPECIAL_NUMBERS = [
    math.nan, math.inf, -math.inf, 1e308, -1e308, 10**30, -(10**30), 10**400, -1, -0.5, 0, 0.0,
    1e-320, 2025.0, 2025.5, 1e12, 1e13, -1e13, 99_999_999_999, 2**63, -(2**63),
]
HOSTILE_TEXT = [
    "../../etc/passwd", "..\\..\\Windows\\system32\\config\\SAM", "/etc/shadow", "C:\\boot.ini",
    "=cmd|' /C calc'!A0", "+SUM(1+1)", "-2+3", "@SUM(A1)", "=HYPERLINK(\"http://x\")", "#DIV/0!",
    "#N/A", "#VALUE!", "", " ", "\t", "null", "NaN", "Infinity", "-Infinity", "1e999", "0x10",
    "tyve", "1.234,5", "25 %", "١٢٣", "２０２５", "\u202eevil", "\ufeff2025", "a\x00b", "\x01\x02",
    "\ud800", "😀" * 10, "æøå" * 5, "<script>alert(1)</script>", "'; DROP TABLE x; --",
]


def deep(depth: int, leaf: Any = 1, kind: str = "list") -> Any:
    """``depth`` levels of nested lists (or dicts) around ``leaf``, built without recursion."""
    out = leaf
    for _ in range(depth):
        out = [out] if kind == "list" else {"a": out}
    return out


short_text = st.text(max_size=20)
long_text = st.builds(lambda ch, n: ch * n, st.sampled_from(["x", "æ", "😀", "\u0301"]),
                      st.sampled_from([201, 2_001, 20_001, 200_000]))
junk_scalars = st.one_of(
    st.sampled_from(SPECIAL_NUMBERS),
    st.sampled_from(HOSTILE_TEXT),
    short_text,
    long_text,
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
)
_DEEP = {(d, kind): deep(d, 1, kind) for d in (30, 1_500, 10_000) for kind in ("list", "dict")}
"""Built once and shared: the corruptions never descend into them (see :func:`_paths`)."""
_DEEP_IDS = {id(v) for v in _DEEP.values()}
deep_nesting = st.sampled_from(sorted(_DEEP)).map(_DEEP.__getitem__)
junk_values = st.one_of(
    junk_scalars,
    st.lists(junk_scalars, max_size=4),
    st.dictionaries(short_text, junk_scalars, max_size=3),
    deep_nesting,
)


# ---------------------------------------------------------------------------------
# Valid cases
# ---------------------------------------------------------------------------------

def random_valid_case(rng: random.Random, whole_participants: bool = True) -> dict[str, Any]:
    """Case data that parses and computes with the shipped knowledge package.

    Built from a seeded :class:`random.Random` (one Hypothesis draw per case keeps
    10,000 examples fast); the corruptions on top are drawn by Hypothesis.
    Participants are whole people (the case format and the workbook's Deltagere column
    both require it); ``whole_participants=False`` mixes in fractions, which must then
    be rejected with a Danish message.
    """
    groups, outcomes, items, index_years, schedules = _k_facts()
    start = rng.randint(2015, 2030)
    horizon = rng.randint(1, 25)
    last = start + horizon - 1
    settings: dict[str, Any] = {"start_year": start, "horizon_years": horizon,
                                "price_year": rng.choice(index_years)}
    choice = rng.choice(["default", "rate", "schedule"])
    if choice == "rate":
        settings["discount_rate"] = rng.uniform(0, 0.2)
    elif choice == "schedule":
        settings["discount_schedule"] = rng.choice(schedules)
    years = sorted(rng.sample(range(start, last + 1), rng.randint(1, min(5, horizon))))
    cohorts = [{"year": y, "participants": rng.randint(0, 500) if whole_participants or rng.random() < 0.5
                else rng.uniform(0, 500)} for y in years]
    costs = []
    for n in range(rng.randint(0, 4)):
        kind = rng.choice(["etablering", "drift", "sparet"])
        basis = rng.choice(["per_participant_year", "per_participant_once", "total"])
        cost = {"label": f"Omkostning {n + 1}", "payer": rng.choice(["kommune", "region", "stat"]),
                "kind": kind, "basis": basis, "amount": rng.uniform(0, 1e6) * (-1 if kind == "sparet" else 1)}
        if basis == "total":
            cost["year"] = rng.randint(start, last)
        costs.append(cost)
    rate = rng.random()
    effect: dict[str, Any] = {"success_rate": rate}
    if rng.random() < 0.5:
        effect["low"] = rng.uniform(0, rate)
        effect["high"] = rng.uniform(rate, 1)
    if rng.random() < 0.5:
        effect["evidence_level"] = rng.choice([1, 2, 3])
    group = rng.choice([None, *groups])
    if group is not None and rng.random() < 0.5:
        effect["outcome"] = rng.choice(outcomes[group])
    data: dict[str, Any] = {
        "format": "som-xl-case/1",
        "title": rng.choice(["Housing First", "Mentorforløb", "Tidlig indsats æøå"]),
        "target_group": group,
        "settings": settings,
        "programme": {"duration_years": rng.randint(1, 5), "cohorts": cohorts},
        "costs": costs,
        "effect": effect,
    }
    if group is None or rng.random() < 0.5:
        lines = [{"item": item, "per_success_by_year": [rng.uniform(-12, 12) for _ in range(rng.randint(1, 11))]}
                 for item in rng.sample(items, rng.randint(1, 4))]
        if rng.random() < 0.5:
            data["items"] = [{"item": "egen_vare", "name": "Egen vare", "unit": "time", "area": "socialt",
                              "price_year": rng.choice(index_years), "kommune": rng.uniform(0, 5000),
                              "region": 0, "stat": 0}]
            lines.append({"item": "egen_vare", "per_success_by_year": [1, 2]})
        data["consequences"] = lines
    if rng.random() < 0.5:
        data["local_prices"] = [{"item": it, "price_year": rng.choice(index_years),
                                 "kommune": rng.uniform(0, 1e5), "region": 0.0, "stat": 0.0}
                                for it in rng.sample(items, rng.randint(0, 2))]
    return data


def valid_cases(whole_participants: bool = True) -> st.SearchStrategy[dict[str, Any]]:
    """Valid case data (see :func:`random_valid_case`)."""
    return st.integers(0, 2**63).map(lambda seed: random_valid_case(random.Random(seed), whole_participants))


# ---------------------------------------------------------------------------------
# Corruptions
# ---------------------------------------------------------------------------------

ARRAYS = ("programme.cohorts", "costs", "consequences", "items", "local_prices")


def _paths(data: Any) -> list[tuple]:
    """Every path (tuple of keys/indexes) in ``data``, iteratively."""
    out, stack = [], [((), data)]
    while stack:
        path, node = stack.pop()
        out.append(path)
        if len(path) > 8 or id(node) in _DEEP_IDS:
            continue  # inside junk nesting: deep enough (and shared deep junk stays intact)
        if isinstance(node, dict):
            stack.extend((path + (k,), v) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((path + (i,), v) for i, v in enumerate(node))
    return sorted(out, key=repr)


def _get(data: Any, path: tuple) -> Any:
    for p in path:
        data = data[p]
    return data


def _array(data: dict, dotted: str) -> list | None:
    node: Any = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or not isinstance(node.get(part), list):
            return None
        node = node[part]
    return node


_INDEX = st.integers(0, 2**16)
"""One shared strategy for choices among runtime lists (building ``sampled_from`` per
draw costs more than the case's whole validation)."""


def pick(draw, seq):
    """A Hypothesis-drawn element of ``seq`` (shrinks towards the first)."""
    return seq[draw(_INDEX) % len(seq)]


_PROVENANCE = st.fixed_dictionaries({
    "knowledge": st.one_of(st.fixed_dictionaries({"content_hash": st.sampled_from(("sha256:x", "", 5)),
                                                  "name": junk_scalars, "version": junk_scalars}),
                           junk_values),
    "npv": st.one_of(junk_values, st.dictionaries(st.sampled_from(("kommune", "total")), junk_scalars)),
    "prices": st.one_of(junk_values, st.dictionaries(st.sampled_from(("kontanthjaelp", "x")), junk_values)),
    "price_year": junk_scalars,
})
_KEYS = st.one_of(short_text, st.sampled_from(HOSTILE_TEXT), long_text)
CORRUPTIONS = ("replace", "replace", "number", "delete", "unknown-key", "duplicate", "empty", "years",
               "unknown-id", "own-group", "provenance", "whole")
_UNKNOWN_IDS = ("findes_ikke", "../../etc/passwd", "hjemloese_voksne ", "Hjemløse", "x" * 100, "æøå")


def _years(draw, data: dict) -> None:
    index_years = _k_facts()[3]
    s = data.get("settings") if isinstance(data.get("settings"), dict) else {}
    start = s.get("start_year") if type(s.get("start_year")) is int else 2025
    horizon = s.get("horizon_years") if type(s.get("horizon_years")) is int else 10
    bad = pick(draw, (start - 1, start + horizon, start + 70, 1999, 2201, 1900, 9999, -2025))
    what = pick(draw, ("cohort", "cost", "price_year", "item_year", "start_after_price", "horizon"))
    cohorts, costs, local = _array(data, "programme.cohorts"), _array(data, "costs"), _array(data, "local_prices")
    if what == "cohort" and cohorts and isinstance(cohorts[0], dict):
        cohorts[0]["year"] = bad
    elif what == "cost" and costs and isinstance(costs[0], dict):
        costs[0]["basis"] = "total"
        costs[0]["year"] = bad
    elif what == "price_year" and s:
        s["price_year"] = pick(draw, (2000, 2099, 2100, max(index_years) + 1, bad))
    elif what == "item_year" and local and isinstance(local[0], dict):
        local[0]["price_year"] = bad
    elif what == "start_after_price" and s:
        s["start_year"] = 2100
    elif s:
        s["horizon_years"] = pick(draw, (0, -1, 71, 1000, 1))


def _unknown_id(draw, data: dict) -> None:
    what = pick(draw, ("group", "item", "local", "outcome", "schedule"))
    name = pick(draw, _UNKNOWN_IDS)
    if what == "group":
        data["target_group"] = name
    elif what == "item" and isinstance(data.get("consequences", []), list):
        data.setdefault("consequences", []).append({"item": name, "per_success_by_year": [1]})
    elif what == "local" and isinstance(data.get("local_prices", []), list):
        data.setdefault("local_prices", []).append(
            {"item": name, "price_year": 2025, "kommune": 1, "region": 0, "stat": 0})
    elif what == "outcome" and isinstance(data.get("effect"), dict):
        data["effect"]["outcome"] = name
    elif isinstance(data.get("settings"), dict):
        data["settings"].pop("discount_rate", None)
        data["settings"]["discount_schedule"] = name


def corrupt(draw, data: dict) -> Any:
    """Apply one random corruption to ``data`` (in place where possible); returns the data."""
    kind = pick(draw, CORRUPTIONS)
    if kind in ("replace", "number", "delete"):
        paths = [p for p in _paths(data) if p]
        if paths:
            path = pick(draw, paths)
            parent = _get(data, path[:-1])
            if kind == "delete":
                del parent[path[-1]]
            else:
                parent[path[-1]] = draw(junk_values) if kind == "replace" else pick(draw, SPECIAL_NUMBERS)
    elif kind == "unknown-key":
        dicts = [p for p in _paths(data) if isinstance(_get(data, p), dict)]
        _get(data, pick(draw, dicts))[draw(_KEYS)] = draw(junk_values)
    elif kind in ("duplicate", "empty"):
        arrays = [a for a in ARRAYS if _array(data, a) is not None]
        if arrays:
            arr = _array(data, pick(draw, arrays))
            if kind == "empty":
                arr.clear()
            elif arr:
                arr.append(copy.copy(pick(draw, arr)))  # shallow: junk inside may nest deeply
    elif kind == "years":
        _years(draw, data)
    elif kind == "unknown-id":
        _unknown_id(draw, data)
    elif kind == "own-group":
        data["target_group"] = None
        data.pop("consequences", None)
    elif kind == "provenance":
        data["provenance"] = draw(_PROVENANCE)
    elif kind == "whole":
        how = pick(draw, ("junk", "list", "deep"))
        return draw(junk_values) if how == "junk" else [data] if how == "list" else deep(2_000, data, "dict")
    return data


@st.composite
def corrupted_cases(draw) -> Any:
    """A valid case with 0–4 random corruptions (0 in about one draw of ten)."""
    data = draw(valid_cases())
    for _ in range(pick(draw, (0, 1, 1, 1, 2, 2, 3, 4, 1, 2))):
        data = corrupt(draw, data)
        if not isinstance(data, dict):
            break
    return data


# ---------------------------------------------------------------------------------
# Workbook cells
# ---------------------------------------------------------------------------------

CASE_BLOCKS = (L.SETTINGS, L.COHORTS, L.COSTS, L.CONSEQUENCES, L.LOCAL_PRICES, L.OWN_ITEMS, L.SENSITIVITY)

cell_junk = st.one_of(
    st.sampled_from(HOSTILE_TEXT[:30]),  # no lone surrogates/NULs: a cell cannot hold them
    st.sampled_from(["=SUM(A1:A3)", "='[other.xlsx]Ark1'!A1", "#REF!", "#NAME?", "#NUM!", "sand", "Ja", "Nej",
                     "ja", "pr. deltager pr. år", "samlet beløb", "kommune", "Egen målgruppe", "150 %", "-5 %",
                     "1,5", "2.025", "2025,0", "1e400", "kr. 100"]),
    st.sampled_from([1e300, -1e300, 1e15, -1e15, 10**20, -1, -20, 0, 0.5, 2.5, 1.5, 1899, 1900, 2199, 2201,
                     3000, -2025, 10_000_001, 1_000_001, 2**53 + 1]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(-(10**12), 10**12),
    st.booleans(),
    st.none(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    st.times(),
    st.builds(dt.timedelta, days=st.integers(-1000, 1000)),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
    st.builds(lambda n: "x" * n, st.sampled_from([199, 2_001, 40_000])),
)


_EDIT_COUNTS = st.sampled_from((0, 1, 1, 2, 2, 3, 5))
_BLOCKS = st.sampled_from(CASE_BLOCKS)
DUPLICATE_ROW = "<duplicate the first line here>"
"""An edit value meaning: copy the block's first line into this row (a duplicate line)."""


def _field_row(key: str) -> int:
    return [f.key for f in L.SETTINGS_FIELDS].index(key)


TARGETED_EDITS = st.one_of(
    st.tuples(st.just(L.COHORTS), st.just(0), st.just(0), st.sampled_from((2000, 2001, 2099, 2150, 2200))),
    st.tuples(st.just(L.COHORTS), st.just(0), st.just(1), st.sampled_from((-1, -20, -(10**9)))),
    st.tuples(st.just(L.COSTS), st.just(0), st.just(5), st.sampled_from((2000, 2150, 2200))),
    st.tuples(st.just(L.SETTINGS), st.just(_field_row("settings.start_year")), st.just(0),
              st.sampled_from((1999, 2101, 1900))),
    st.tuples(st.just(L.SETTINGS), st.just(_field_row("settings.horizon_years")), st.just(0),
              st.sampled_from((0, -3, 71, 500))),
    st.tuples(st.just(L.SETTINGS), st.just(_field_row("target_group")), st.just(0),
              st.sampled_from(("Ukendt målgruppe", "../../etc/passwd", ""))),
    st.tuples(st.just(L.CONSEQUENCES), st.just(0), st.just(1), st.sampled_from(("ukendt_vare", "../x"))),
    st.tuples(st.sampled_from((L.COHORTS, L.COSTS, L.CONSEQUENCES, L.LOCAL_PRICES, L.OWN_ITEMS)),
              st.integers(1, 6), st.just(0), st.just(DUPLICATE_ROW)),
)


@st.composite
def workbook_edits(draw) -> list[tuple[L.Block, int, int, Any]]:
    """0–5 cell overwrites (block, row offset, column offset, value); rows favour the first lines,
    where a case's data is. Some edits are targeted: years outside the horizon, negative
    participants, unknown target groups and items, duplicate lines."""
    edits = []
    for _ in range(draw(_EDIT_COUNTS)):
        if draw(_INDEX) % 4 == 0:
            edits.append(draw(TARGETED_EDITS))
            continue
        block = draw(_BLOCKS)
        row = draw(_INDEX) % (min(block.rows, 5) if draw(st.booleans()) else block.rows)
        col = draw(_INDEX) % block.width
        edits.append((block, row, col, draw(cell_junk)))
    return edits


def apply_edits(backend, edits) -> None:
    """Type ``edits`` into a :class:`~som_xl.workbook.backend.MemoryBackend`."""
    for block, row, col, value in edits:
        if value == DUPLICATE_ROW:
            first = backend.read(block.name).values[0]
            for c, v in enumerate(first):
                backend.set(block.name, row, c, v)
        else:
            backend.set(block.name, row, col, value)
