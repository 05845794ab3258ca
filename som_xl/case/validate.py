"""Validation of case data: the JSON Schema for structure, then the rules between fields.

Every problem is reported (not only the first) as a :class:`~som_xl.errors.Problem` with
a JSON path as location and a Danish message that names the field and what is allowed.
The workbook reader translates the JSON paths to cells through the layout contract.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

from som_xl import fmt
from som_xl.case.actuals import actuals_problems
from som_xl.case.labels import VALUE_LABELS, json_path, label
from som_xl.case.rules import RULES
from som_xl.case.schema import case_schema
from som_xl.core.entities import N_ACTORS
from som_xl.errors import Problem

_TYPE_DA = {
    "integer": "et helt tal",
    "number": "et tal",
    "string": "en tekst",
    "object": "en gruppe af felter",
    "array": "en liste",
    "boolean": "sand/falsk",
    "null": "tom (null)",
}

MAX_DEPTH = 20
"""Nesting levels a case may have; format 1 needs five. Deeper data is refused before the
schema (whose messages would recurse through it)."""
MAX_LIST = 10_000
"""Elements of one list; the schema allows at most 1,000 (costs), this stops huge lists
before the schema walks them one by one."""
MAX_NODES = 1_000_000
"""Values (objects, lists, leaves) a case may hold; a 5 MB file has far fewer."""
_BAD_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
"""Control characters (C0, DEL, C1: U+009B is a terminal's CSI), the bidirectional
embeddings, overrides and isolates that make a title display in another order than it
reads, and lone surrogates: none belongs in a case, a terminal, a report or a cell."""


def shown(v: Any) -> str:
    """A user's value for a message, safe for anything (huge integers, long text, odd types)."""
    if isinstance(v, int) and not isinstance(v, bool) and abs(v) >= 10**15:
        digits = len(str(abs(v))) if abs(v) < 10**4000 else "flere end 4000"
        return f"{'-' if v < 0 else ''}et tal med {digits} cifre"
    if isinstance(v, float) and not math.isfinite(v):
        return "NaN (ikke et tal)" if math.isnan(v) else ("uendelig" if v > 0 else "minus uendelig")
    if isinstance(v, (dict, list)):
        return "en gruppe af felter" if isinstance(v, dict) else \
            f"en liste med {fmt.count(len(v), 'element', 'elementer')}"
    if isinstance(v, str):
        return fmt.value(_BAD_TEXT.sub("\ufffd", v))
    if v is None or isinstance(v, (bool, int, float)):
        return fmt.value(v)
    return f"en værdi af typen {type(v).__name__}"


def _short_key(key: Any) -> str:
    text = _BAD_TEXT.sub("\ufffd", str(key))
    return text if len(text) <= 60 else text[:60] + "…"


def _where(path: list) -> str:
    """The JSON path of ``path`` for a message: long keys shortened, at most ~200 characters."""
    text = json_path([_short_key(p) if isinstance(p, str) else p for p in path])
    return text if len(text) <= 200 else "$…" + text[-190:]


def _leaf_problem(path: list, node: Any) -> Problem | None:
    """The problem with one value that is neither a list nor an object, if any."""
    kind = type(node)
    if kind is int or kind is bool or node is None:
        return None
    if kind is float or isinstance(node, float):
        if math.isfinite(node):
            return None
        return Problem("not-a-number", _where(path), f"{_name(path)} skal være et almindeligt tal "
                                                    f"(fik {shown(node)}).")
    if isinstance(node, str):
        bad = _BAD_TEXT.search(node)
        if bad is None:
            return None
        return Problem("bad-text", _where(path), f"{_name(path)} indeholder et ugyldigt tegn "
                                                 f"(U+{ord(bad.group()):04X}, et styretegn, en "
                                                 "retningsmarkør eller en halv unicode-surrogat); skriv "
                                                 "teksten igen uden det.")
    if isinstance(node, int):
        return None
    return Problem("wrong-type", _where(path), f"{_name(path)} skal være tekst, tal, sand/falsk, en liste "
                                               f"eller en gruppe af felter (fik {shown(node)}).")


def _walk_problems(data: Any) -> list[Problem]:
    """What JSON Schema cannot say safely: nesting too deep, too many values, values that
    are not JSON (NaN, infinity, Python objects), text no cell can hold. Iterative, so
    no input can exhaust the stack. Stops at the first depth or size problem. A location is
    spelled out only for a problem (this walk runs on every Beregn)."""
    problems: list[Problem] = []
    stack: list[tuple[list, Any]] = [([], data)]
    seen = 0
    too_many = Problem("too-large", "$", f"sagsfilen rummer mere end {MAX_NODES:,} værdier; "
                                         "en sagsfil har højst nogle tusinde.".replace(",", "."))
    while stack:
        path, node = stack.pop()
        seen += 1
        if seen > MAX_NODES:
            return problems + [too_many]
        if isinstance(node, (dict, list)) and len(path) >= MAX_DEPTH:
            return problems + [Problem("too-deep", _where(path), f"data er indlejret i mere end {MAX_DEPTH} niveauer; "
                                                          "en sagsfil har højst fem. Filen afvises.")]
        if isinstance(node, dict):
            for key, value in reversed(list(node.items())):
                if not isinstance(key, str):
                    problems.append(Problem("wrong-type", _where(path),
                                            f"feltnavne skal være tekst (fik {shown(key)})."))
                    continue
                if _BAD_TEXT.search(key):
                    problems.append(Problem("bad-text", _where(path + [key]),
                                            "feltnavnet indeholder styretegn eller ugyldige tegn."))
                    continue
                stack.append((path + [key], value))
        elif isinstance(node, (list, tuple)):
            if len(node) > MAX_LIST:
                return problems + [Problem("wrong-length", _where(path),
                                           f"listen har {len(node):,} elementer; en sagsfil "
                                           f"har højst {MAX_LIST:,} i en liste "
                                           "(og højst 1.000 linjer af hver slags).".replace(",", "."))]
            # Leaves are checked here, in order, as popping them one by one would (the largest
            # case holds 35.000 numbers, and a path is made only for a problem); from the first
            # list or object on, the rest is pushed and walked as before.
            for i, v in enumerate(node):
                if isinstance(v, (dict, list, tuple)):
                    stack.extend((path + [j], node[j]) for j in range(len(node) - 1, i - 1, -1))
                    break
                seen += 1
                if seen > MAX_NODES:
                    return problems + [too_many]
                problem = _leaf_problem(path + [i], v) if type(v) is not float or not math.isfinite(v) else None
                if problem is not None:
                    problems.append(problem)
        else:
            problem = _leaf_problem(path, node)
            if problem is not None:
                problems.append(problem)
    return problems


def _name(path: list) -> str:
    named = [p for p in path if isinstance(p, str)]
    return label(_short_key(named[-1])) if named else "værdien"


@lru_cache(maxsize=1)
def _validator():
    """jsonschema's validator: every error with its path and rule, for the Danish messages."""
    import jsonschema  # lazy: ≈50 ms, needed only to explain an invalid case

    return jsonschema.Draft202012Validator(case_schema())


@lru_cache(maxsize=1)
def _fast_validator():
    """jsonschema-rs's compiled validator: only "valid or not", but imported in milliseconds
    (jsonschema and its dependencies take a tenth of a second, on every ``som-xl calc``)."""
    import jsonschema_rs  # lazy: ≈17 ms that importers never validating a case (the price UDFs) skip

    return jsonschema_rs.validator_for(case_schema())


def _fits(data: dict[str, Any]) -> bool:
    """True when the fast validator is sure ``data`` fits the schema (then jsonschema is not
    needed); False sends the data to jsonschema for the full list of errors."""
    try:
        return bool(_fast_validator().is_valid(data))
    except Exception:  # noqa: BLE001 - anything it cannot take, the full validator judges
        return False


def _describe_types(t) -> str:
    types = [t] if isinstance(t, str) else list(t)
    return " eller ".join(_TYPE_DA.get(x, x) for x in types)


def _schema_problem(err) -> Problem:
    """Translate one jsonschema error into a Danish problem."""
    path = list(err.absolute_path)
    where = json_path(path)
    name = label(path[-1]) if path and isinstance(path[-1], str) else (
        label(path[-2]) if len(path) > 1 else "feltet")
    v = err.validator
    if v == "required":
        missing = err.message.split("'")[1] if "'" in err.message else "?"
        where = json_path(path + [missing])
        return Problem("required", where, f"{label(missing)} skal udfyldes.")
    if v == "additionalProperties":
        fields = sorted(err.schema.get("properties", {}))
        extra = sorted(set(err.instance) - set(fields)) if isinstance(err.instance, dict) else []
        names = ", ".join(f"'{_short_key(e)}'" for e in extra[:5]) + (" …" if len(extra) > 5 else "")
        return Problem("unknown-field", json_path(path + [_short_key(e) for e in extra[:1]]),
                       f"ukendt felt {names}; tilladte felter: {', '.join(fields)}.")
    if v == "type":
        return Problem("wrong-type", where, f"{name} skal være {_describe_types(err.validator_value)} "
                                            f"(fik {shown(err.instance)}).")
    if v == "enum":
        allowed = ", ".join(f"'{VALUE_LABELS.get(a, a)}'" if not isinstance(a, int) else str(a)
                            for a in err.validator_value)
        return Problem("not-allowed", where, f"{name} skal være en af {allowed} (fik {shown(err.instance)}).")
    if v == "const":
        return Problem("wrong-format", where, f"{name} skal være {err.validator_value!r} "
                                              f"(fik {shown(err.instance)}).")
    if v in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        lo = _bound(err.schema, "minimum")
        hi = _bound(err.schema, "maximum")
        year = bool(path) and str(path[-1]).endswith("year")  # 2025, never 2.025
        show = fmt.year if year else fmt.value
        span = (f"mellem {show(lo)} og {show(hi)}" if lo is not None and hi is not None
                else f"mindst {show(lo)}" if lo is not None else f"højst {show(hi)}")
        got = str(err.instance) if year and isinstance(err.instance, int) and abs(err.instance) < 10**6 \
            else shown(err.instance)
        return Problem("out-of-range", where, f"{name} skal være {span} (fik {got}).")
    if v in ("minItems", "maxItems"):
        n = err.validator_value
        what = ("mindst " if v == "minItems" else "højst ") + fmt.count(n, "linje", "linjer")
        return Problem("wrong-length", where, f"{name} skal have {what} (fik {len(err.instance)}).")
    if v in ("minLength", "maxLength"):
        if v == "minLength":
            return Problem("required", where, f"{name} må ikke være tom.")
        return Problem("too-long", where, f"{name} må højst være {err.validator_value} tegn.")
    if v == "pattern":
        return Problem("bad-id", where, f"{name} må kun indeholde bogstaver, tal, '_' og '-' "
                                        f"(fik {shown(err.instance)}).")
    return Problem("invalid", where, f"{name} er ugyldig (reglen '{v}' i sagsformatet er ikke opfyldt).")


def _bound(schema: dict, key: str):
    return schema.get(key)


def structural_problems(data: Any) -> list[Problem]:
    """Every place where ``data`` does not fit the case schema, in document order."""
    if not isinstance(data, dict):
        return [Problem("wrong-type", "$", "en sagsfil skal være et JSON-objekt ({ … }).")]
    walked = _walk_problems(data)
    if walked:
        return walked
    if _fits(data):
        return []
    errors = sorted(_validator().iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    return [_schema_problem(e) for e in errors]


def semantic_problems(data: dict[str, Any]) -> list[Problem]:
    """Rules between fields (:data:`som_xl.case.rules.RULES`), for data that already fits the schema."""
    return [p for rule in RULES for p in rule(data)] + clean_provenance(data.get("provenance"))[1]


def _is_number(v: Any) -> bool:
    # abs() first: math.isfinite(10**400) raises OverflowError instead of answering
    return isinstance(v, (int, float)) and not isinstance(v, bool) and abs(v) < 1e300 and math.isfinite(v)


def clean_provenance(value: Any) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The parts of ``$.provenance`` som_xl can use, and a warning per part it drops.

    Provenance is written by som_xl, but a shared file can carry anything there; only
    well-formed parts are compared with a new calculation, the rest is ignored.
    """
    if value is None:
        return None, []
    if not isinstance(value, dict):
        return None, [Problem("bad-provenance", "$.provenance", "oprindelsen kan ikke læses og ignoreres.",
                              "warning")]
    out: dict[str, Any] = {}
    bad: list[str] = []
    k = value.get("knowledge")
    if k is not None:
        if isinstance(k, dict) and all(isinstance(k.get(f, ""), str) and len(k.get(f, "")) <= 200
                                       for f in ("name", "version", "content_hash")):
            out["knowledge"] = {f: k[f] for f in ("name", "version", "content_hash") if f in k}
        else:
            bad.append("knowledge")
    npv = value.get("npv")
    if npv is not None:
        if isinstance(npv, dict) and all(isinstance(a, str) and _is_number(v) for a, v in npv.items()):
            out["npv"] = dict(npv)
        else:
            bad.append("npv")
    prices = value.get("prices")
    if prices is not None:
        if isinstance(prices, dict) and all(
                isinstance(item, str) and isinstance(v, list) and len(v) == N_ACTORS and all(map(_is_number, v))
                for item, v in prices.items()):
            out["prices"] = {item: list(v) for item, v in prices.items()}
        else:
            bad.append("prices")
    year = value.get("price_year")
    if year is not None:
        if isinstance(year, int) and not isinstance(year, bool) and 1900 <= year <= 2200:
            out["price_year"] = year
        else:
            bad.append("price_year")
    for key, v in value.items():
        if key not in ("knowledge", "npv", "prices", "price_year"):
            out[key] = v  # kept as written (versions, overrides, time); only shown, never computed with
    problems = [Problem("bad-provenance", f"$.provenance.{key}",
                        "denne del af oprindelsen (fra en tidligere beregning) kan ikke læses og ignoreres.",
                        "warning") for key in bad]
    return out, problems


def validate_case_data(data: Any) -> list[Problem]:
    """All problems of case data: structural first; rules between fields when it fits."""
    problems = structural_problems(data)
    if problems:
        return problems
    return semantic_problems(data) + actuals_problems(data)
