"""Read a case from the workbook's input ranges, through the layout contract.

Six range reads, whatever the number of lines. Every problem names the sheet and cell
(``"Indsats!C16: succesraten skal være mellem 0 % og 100 % (fik 150 %)"``); problems the
case validator finds later are mapped from JSON paths back to cells.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from som_xl import fmt
from som_xl.case.labels import json_path
from som_xl.case.model import FORMAT_ID
from som_xl.case.resolve import unknown_target_group
from som_xl.case.schema import number_limits
from som_xl.case.validate import validate_case_data
from som_xl.core.entities import ACTOR_KEYS
from som_xl.errors import InputError, Problem
from som_xl.vocabulary.costs import BASIS_LABELS
from som_xl.vocabulary.target_groups import OWN_TARGET_GROUP
from som_xl.workbook import layout as L
from som_xl.workbook.backend import Backend, RangeValues, is_missing_block
from som_xl.workbook.case_cells import TABLE_BLOCKS
from som_xl.workbook.cells import convert, is_blank
from som_xl.workbook.inputs_writer import knowledge_rows, outcome_or_first

if TYPE_CHECKING:
    from som_xl.knowledge import Knowledge

_BASIS_BY_LABEL = {v: k for k, v in BASIS_LABELS.items()} | {k: k for k in BASIS_LABELS}


@dataclass
class WorkbookInputs:
    data: dict[str, Any]
    """Case data (format 1) built from the sheets."""
    locations: dict[str, str] = field(default_factory=dict)
    """JSON path → ``"Sheet!Cell"``."""
    problems: list[Problem] = field(default_factory=list)
    settings_range: RangeValues | None = None
    """The settings block as read (the Viden view reuses it instead of reading it again)."""

    @property
    def failed(self) -> bool:
        """An error among the inputs' problems: nothing is computed."""
        return any(p.severity == "error" for p in self.problems)

    def to_cells(self, problems: Iterable[Problem]) -> list[Problem]:
        """``problems`` with their JSON-path locations replaced by sheet!cell."""
        return [Problem(p.type, self.cell_of(p.location) if p.location.startswith("$") else p.location,
                        p.message, p.severity) for p in problems]

    def cell_of(self, path: str) -> str:
        """The cell behind a JSON path (the closest enclosing path that has one)."""
        p = path
        while p:
            if p in self.locations:
                return self.locations[p]
            cut = max(p.rfind("."), p.rfind("["))
            if cut <= 0:
                break
            p = p[:cut]
        return self.locations.get("$", path)


def _set(data: dict, key: str, value: Any) -> None:
    parts = key.split(".")
    for p in parts[:-1]:
        data = data.setdefault(p, {})
    data[parts[-1]] = value


def _read_settings(rng: RangeValues, knowledge: Knowledge, out: WorkbookInputs) -> None:
    for i, f in enumerate(L.SETTINGS_FIELDS):
        where = rng.address(i, 0)
        path = "$." + f.key
        out.locations[path] = where
        raw = rng.values[i][0] if i < len(rng.values) else None
        if is_blank(raw):
            if f.key == "target_group":
                out.problems.append(Problem("required", where, f"{f.label} skal udfyldes: vælg en målgruppe "
                                                               f"eller '{OWN_TARGET_GROUP}'."))
            elif f.required:
                out.problems.append(Problem("required", where, f"{f.label} skal udfyldes."))
            continue
        kind = L.TEXT if f.kind == L.LIST and f.options != "liste_evidens" else (
            L.INT if f.kind == L.LIST else f.kind)
        value = convert(raw, kind, where, f.label, out.problems)
        if value is None:
            continue
        if f.key == "target_group":
            if value.casefold() == OWN_TARGET_GROUP.casefold():
                value = None
            else:
                ident = knowledge.find_target_group(value)
                if ident is None:
                    out.problems.append(unknown_target_group(value, knowledge, where, in_sheet=True))
                    continue
                value = ident
        elif f.key == "effect.outcome":
            value = knowledge.find_outcome(value) or value
        elif f.kind == L.PERCENT:
            lo, hi = number_limits(f.key)
            if (lo is not None and value < lo) or (hi is not None and value > hi):
                out.problems.append(Problem(
                    "out-of-range", where,
                    f"{f.label.lower()} skal være mellem {fmt.percent(lo, 0)} og {fmt.percent(hi, 0)} "
                    f"(fik {fmt.percent(value)})."))
                continue
        _set(out.data, f.key, value)
    out.data.setdefault("target_group", None)


def _read_table(rng: RangeValues, block: L.Block, array: str, out: WorkbookInputs) -> list[tuple[int, dict]]:
    """Non-blank rows of a table as (sheet row offset, {column key: converted value})."""
    rows: list[tuple[int, dict]] = []
    for r, raw_row in enumerate(rng.values):
        if all(is_blank(v) for v in raw_row):
            continue
        j = len(rows)
        out.locations[json_path([array, j])] = rng.address(r, 0)
        row: dict[str, Any] = {}
        for c, col in enumerate(block.columns):
            where = rng.address(r, c)
            out.locations[json_path([array, j, col.key])] = where
            raw = raw_row[c] if c < len(raw_row) else None
            if is_blank(raw):
                if col.required:
                    out.problems.append(Problem("required", where, f"{col.header} skal udfyldes (linje {r + 1} "
                                                                   f"i {block.title.lower() or array})."))
                continue
            kind = L.TEXT if col.kind == L.LIST else col.kind
            value = convert(raw, kind, where, col.header, out.problems)
            if value is not None:
                row[col.key] = value
        rows.append((r, row))
    return rows


_TABLE_PATHS = {block.name: path for path, block in TABLE_BLOCKS.items()}


def _path(block: L.Block) -> str:
    """The case path a table's rows belong to (:data:`som_xl.workbook.case_cells.TABLE_BLOCKS`)."""
    return _TABLE_PATHS[block.name]


def _read_cohorts(rng, out):
    cohorts = []
    for _, row in _read_table(rng, L.COHORTS, _path(L.COHORTS), out):
        cohorts.append(row)
    # The JSON paths are under $.programme.cohorts; _read_table named them that way.
    return cohorts


def _read_costs(rng, out):
    costs = []
    for r, row in _read_table(rng, L.COSTS, _path(L.COSTS), out):
        if "basis" in row:
            basis = _BASIS_BY_LABEL.get(row["basis"].strip().lower())
            if basis is None:
                out.problems.append(Problem("not-allowed", rng.address(r, 3),
                                            f"Grundlag skal være en af {', '.join(BASIS_LABELS.values())} "
                                            f"(fik {fmt.value(row['basis'])})."))
            row["basis"] = basis or row["basis"]
        for key in ("payer", "kind"):
            if key in row:
                row[key] = row[key].strip().lower()
        costs.append(row)
    return costs


def _read_consequences(rng: RangeValues, out: WorkbookInputs) -> list[dict[str, Any]]:
    lines: list[dict[str, Any]] = []
    for r, row in _read_table(rng, L.CONSEQUENCES, _path(L.CONSEQUENCES), out):
        q = [row.get(f"q{t}") for t in range(L.PROFILE_YEARS)]
        while q and q[-1] is None:
            q.pop()
        line: dict[str, Any] = {"item": row.get("item", ""),
                                "per_success_by_year": [0.0 if v is None else v for v in q]}
        include = str(row.get("include", L.YES)).strip().casefold()
        if include not in (L.YES.casefold(), L.NO.casefold(), "true", "false", "1", "0"):
            got = fmt.value(row["include"])
            out.problems.append(Problem("not-allowed", rng.address(r, 0),
                                        f"Medtag skal være '{L.YES}' eller '{L.NO}' (fik {got})."))
        line["include"] = include in (L.YES.casefold(), "true", "1")
        if row.get("source"):
            line["source"] = row["source"]
        j = len(lines)
        out.locations[json_path(["consequences", j, "per_success_by_year"])] = rng.address(r, 4)
        if not line["item"]:
            out.problems.append(Problem("required", rng.address(r, 1), "Vare skal udfyldes på en konsekvenslinje."))
        lines.append(line)
    return lines


def _same(a: Any, b: Any) -> bool:
    if is_blank(a) or is_blank(b):
        return is_blank(a) and is_blank(b)
    if isinstance(a, str) or isinstance(b, str):
        return str(a).strip() == str(b).strip()
    return a == b


def _knowledge_lines_only(rng: RangeValues, data: dict, knowledge) -> bool:
    """True when the Konsekvenser table holds exactly the chosen target group's lines from
    the knowledge, as an import or 'Opdatér viden' writes them (nothing edited, added or
    excluded): the case then takes its lines from the knowledge, as a case file without
    ``consequences`` does, so the round trip file → workbook → file keeps that."""
    group = data.get("target_group")
    if group is None or not knowledge.has_target_group(group):
        return False
    effect = data.get("effect")
    outcome = outcome_or_first(knowledge, group, effect.get("outcome") if isinstance(effect, dict) else None)
    try:
        expected = knowledge_rows(knowledge, group, outcome)
    except LookupError:
        return False
    rows = [r for r in rng.values if not all(is_blank(v) for v in r)]
    return bool(expected) and len(rows) == len(expected) and all(
        len(row) >= len(exp) and all(_same(a, b) for a, b in zip(row, exp, strict=False))
        for row, exp in zip(rows, expected, strict=True))


def _read_actuals(backend: Backend, out: WorkbookInputs) -> None:
    """The Opfølgning sheet's grid as the case's ``actuals`` (nothing when it is blank, or
    when the workbook was made from a template without the sheet)."""
    try:
        rng = backend.read(L.ACTUALS.name)
    except InputError as exc:
        if is_missing_block(exc):
            return  # an older workbook: no follow-up
        raise
    actuals = []
    for j, (_, row) in enumerate(_read_table(rng, L.ACTUALS, _path(L.ACTUALS), out)):
        for a in ACTOR_KEYS:  # the case file nests the costs: $.actuals[j].costs.kommune
            out.locations[json_path(["actuals", j, "costs", a])] = out.locations[json_path(["actuals", j, f"cost_{a}"])]
        entry = {k: row[k] for k in ("year", "participants", "successes") if k in row}
        entry["costs"] = {a: row[f"cost_{a}"] for a in ACTOR_KEYS if f"cost_{a}" in row}
        actuals.append(entry)
    if actuals:
        _set(out.data, _path(L.ACTUALS), actuals)
        out.locations["$.actuals"] = out.locations[json_path(["actuals", 0])]


def _read_prices(rng, block, array, out):
    return [row for _, row in _read_table(rng, block, array, out)]


def read_inputs(backend: Backend, knowledge: Knowledge) -> WorkbookInputs:
    """Read every input range (seven reads) into case data, locations and problems.

    Structural and cross-field problems of the case are included, mapped to cells.
    """
    out = WorkbookInputs(data={"format": FORMAT_ID})
    out.settings_range = backend.read(L.SETTINGS.name)
    _read_settings(out.settings_range, knowledge, out)
    cohorts = _read_cohorts(backend.read(L.COHORTS.name), out)
    _set(out.data, _path(L.COHORTS), cohorts)
    _set(out.data, _path(L.COSTS), _read_costs(backend.read(L.COSTS.name), out))
    consequences_rng = backend.read(L.CONSEQUENCES.name)
    consequences = _read_consequences(consequences_rng, out)
    consequences_rng_first = out.locations.get("$.consequences[0]")
    if (consequences or out.data.get("target_group") is None) and not _knowledge_lines_only(
            consequences_rng, out.data, knowledge):
        _set(out.data, _path(L.CONSEQUENCES), consequences)
    for block in (L.LOCAL_PRICES, L.OWN_ITEMS):
        prices = _read_prices(backend.read(block.name), block, _path(block), out)
        if prices:
            _set(out.data, _path(block), prices)
    _read_actuals(backend, out)
    cohorts_col = L.get_column_letter(L.COHORTS.first_col)
    out.locations["$.programme.cohorts"] = f"{L.INDSATS}!{cohorts_col}{L.COHORTS.first_row}"
    out.locations["$.consequences"] = consequences_rng_first or (
        f"{L.KONSEKVENSER}!{L.get_column_letter(L.CONSEQUENCES.first_col)}{L.CONSEQUENCES.first_row}")
    out.locations["$"] = f"{L.INDSATS}!C{L.SETTINGS.first_row}"

    # Let the case validator find the rest; skip what the cell checks already reported.
    reported = {p.location for p in out.problems}
    for p in validate_case_data(out.data):
        cell = out.cell_of(p.location)
        if cell in reported and p.type in ("required", "wrong-type", "out-of-range", "not-allowed"):
            continue
        out.problems.append(Problem(p.type, cell, p.message, p.severity))
    return out
