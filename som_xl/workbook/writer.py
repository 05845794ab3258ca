"""Write results (and, on request, inputs) to the workbook through the layout contract.

Recalculation writes only output ranges, as values (so the workbook reads the same in
Excel without Python, in LibreOffice, anywhere). Inputs are written only by explicit
imports (``som-xl case import``, the demo), never by recalculation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from som_xl import __version__, fmt
from som_xl.case.sourcing import sentence
from som_xl.case.text import break_even_rate_text, break_even_year_text, headline, status_line
from som_xl.errors import Problem
from som_xl.vocabulary.origins import ORIGIN_LABELS, Origin
from som_xl.workbook import layout as L
from som_xl.workbook.backend import Backend

if TYPE_CHECKING:
    from som_xl.case import Computation
    from som_xl.knowledge import Knowledge



def pad(block: L.Block, rows: list[list[Any]]) -> list[list[Any]]:
    """Pad (or cut) ``rows`` to the block's full rectangle; blanks as None."""
    width = block.width
    out = [list(r[:width]) + [None] * (width - len(r[:width])) for r in rows[: block.rows]]
    out += [[None] * width for _ in range(block.rows - len(out))]
    return out


def write_output(backend: Backend, block: L.Block, rows: list[list[Any]]) -> None:
    """Write ``rows`` over an *output* block, padded with blanks to its full rectangle."""
    if not block.output:
        raise ValueError(f"{block.name} is an input range; recalculation never writes inputs")
    backend.write(block.name, pad(block, rows))


def show_used_rows(backend: Backend, block: L.Block, used: int) -> None:
    """Hide a long output table's rows below its ``used`` ones, where the backend can
    (the Resultater and Følsomhed sheets then print without dozens of empty rows)."""
    backend.show_rows(block.name, used)


def _write_table(backend: Backend, block: L.Block, rows: list[list[Any]]) -> None:
    write_output(backend, block, rows)
    show_used_rows(backend, block, len(rows))


def _num(v) -> float | None:
    return None if v is None else float(v)


def key_figure_rows(comp: Computation) -> list[list[Any]]:
    r = comp.results
    return [
        [float(v) for v in r.pv_costs],
        [float(v) for v in r.pv_gains],
        [float(v) for v in r.npv],
        [float(v) for v in r.npv_per_participant],
        [y if y is not None else break_even_year_text(r, a) for a, y in enumerate(r.break_even_year)],
        [_num(v) if v is not None else "–" for v in r.return_per_krone],
        [_num(v) if v is not None else break_even_rate_text(r, a) for a, v in enumerate(r.break_even_success_rate)],
    ]


def _year_rows(comp: Computation) -> list[list[Any]]:
    r = comp.results
    cols = [r.costs, r.gains, r.net, r.cumulative_discounted_net]
    return [[year] + [float(v) for arr in cols for v in arr[:, t]]
            for t, year in enumerate(r.years.tolist())]


def _price_rows(comp: Computation) -> list[list[Any]]:
    rows = []
    for p in comp.prices:
        origin = ORIGIN_LABELS.get(p.origin, p.origin)
        rows.append([p.item, p.name, p.unit, p.area, p.price_year, *map(float, p.original),
                     float(p.index_factor), *map(float, p.uprated), origin, p.quality, p.source_text])
    return rows


def _provenance_rows(comp: Computation, fingerprint: str | None = None) -> list[list[Any]]:
    prov = comp.provenance()
    k = prov["knowledge"]
    overrides = ", ".join(o["item"] for o in prov["local_overrides"]) or "ingen"
    return [
        ["som_xl-version", prov["som_xl_version"]],
        ["Vidensdatabase", f"{k['name']} {k['version']}"],
        ["Indholds-hash", k["content_hash"]],
        ["Beregnet", prov["computed_at"]],
        ["Diskontering", comp.case_input.discount.name],
        ["Prisniveau", comp.case.settings.price_year],
        ["Lokale priser", overrides],
        ["Bemærk", "Kun offentlige budgetter; ændringerne i forbrug er ikke bevist årsag. "
                   + comp.knowledge.method("consequences").description_da],
        [L.FINGERPRINT_LABEL, fingerprint],
    ]


def grounds_text(comp: Computation) -> str:
    """What the result rests on, for the Resultater sheet: the sourcing share and the
    package's own words on how its consequence lines were made (none of ours)."""
    uses_package_lines = any(c.origin == Origin.KNOWLEDGE for c in comp.resolution.consequences)
    lines = (f"Konsekvenslinjerne: {comp.knowledge.method('consequences').description_da}" if uses_package_lines
             else "Konsekvenslinjerne er kommunens egne tal.")
    return f"{sentence(comp.sourcing)} {lines}"


def message_rows(problems) -> list[list[Any]]:
    """The rows of the Resultater sheet's messages: where, Advarsel or Fejl, the message (last,
    so a long one runs on into the empty cells beside it)."""
    return [[p.location, "Advarsel" if p.severity == "warning" else "Fejl", p.message] for p in problems]


def write_results(backend: Backend, comp: Computation, messages: list[Problem] | None = None,
                  fingerprint: str | None = None) -> None:
    """Write every output range of a successful calculation (a fixed number of writes).

    ``messages``: warnings with sheet/cell locations (default: the computation's own);
    ``fingerprint``: of the inputs the calculation read (:mod:`som_xl.workbook.freshness`).
    """
    r = comp.results
    write_output(backend, L.STATUS, [[status_line(comp)]])
    write_output(backend, L.HEADLINE, [[headline(comp)]])
    write_output(backend, L.GROUNDS, [[grounds_text(comp)]])
    write_output(backend, L.KEY_FIGURES, key_figure_rows(comp))
    write_output(backend, L.MESSAGES, message_rows(comp.warnings if messages is None else messages))
    _write_table(backend, L.YEARS, _year_rows(comp))
    pv_items = r.pv_gains_by_item
    areas = r.gains_by_area()
    _write_table(backend, L.AREAS, [[area, *(float(v) for v in g @ r.discount_factors)] for area, g in areas.items()])
    names = {p.item: p.name for p in comp.prices}
    _write_table(backend, L.ITEMS, [[item, *(float(v) for v in pv_items[k]), names.get(item, "")]
                                   for k, item in enumerate(r.items)])
    write_output(backend, L.PRICES_IN_USE, _price_rows(comp))
    write_output(backend, L.PROVENANCE, _provenance_rows(comp, fingerprint))
    write_versions(backend, comp.knowledge)


def write_failure(backend: Backend, problems: list[Problem]) -> None:
    """Show the problems and clear the results, so no stale figure survives a failed run."""
    n = sum(1 for p in problems if p.severity == "error")
    write_output(backend, L.STATUS, [[f"Fejl: {fmt.count(n, 'problem', 'problemer')} i input. Resultaterne er ikke "
                                      "opdateret; ret felterne nævnt nedenfor og beregn igen."]])
    write_output(backend, L.HEADLINE, [[None]])
    write_output(backend, L.GROUNDS, [[None]])
    for block in (L.KEY_FIGURES, L.PRICES_IN_USE):
        write_output(backend, block, [])
    for block in (L.YEARS, L.AREAS, L.ITEMS):
        _write_table(backend, block, [])
    write_output(backend, L.MESSAGES, message_rows(problems))


def write_versions(backend: Backend, knowledge: Knowledge) -> None:
    write_output(backend, L.VERSIONS, [[f"som_xl {__version__}"],
                                       [f"Vidensdatabase: {knowledge.name} {knowledge.version}"],
                                       [f"Indholds-hash: {knowledge.content_hash}"]])
