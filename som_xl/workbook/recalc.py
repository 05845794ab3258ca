"""Recalculate a SØM workbook: read inputs → validate → compute → write outputs.

:func:`recalculate` works on any backend (openpyxl headless, xlwings in Excel, memory
in tests); :func:`som_xl.service.workbooks.recalc_file` is the headless path behind
``som-xl recalc``. A
workbook with invalid inputs gets its problems written to Resultater and nothing else:
inputs are never written by recalculation.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ooxml_vba.cached_values import restore_cached_values
from som_xl.case import compute, parse_case
from som_xl.case.provenance import knowledge_change
from som_xl.core.entities import ACTOR_KEYS, ACTOR_KEYS_TOTAL
from som_xl.errors import InputError, Problem
from som_xl.fileio import atomic_write_bytes
from som_xl.workbook import followup_sheet, sensitivity_sheet
from som_xl.workbook import layout as L
from som_xl.workbook.backend import Backend
from som_xl.workbook.followup_sheet import update_follow_up
from som_xl.workbook.freshness import input_fingerprint
from som_xl.workbook.oplaeg_sheet import update_oplaeg
from som_xl.workbook.reader import WorkbookInputs, read_inputs
from som_xl.workbook.refresh import write_knowledge_view
from som_xl.workbook.writer import write_failure, write_results

if TYPE_CHECKING:
    from som_xl.case import Computation
    from som_xl.knowledge import Knowledge
    from som_xl.report.document import Document
    from som_xl.uncertainty import UncertaintyReport


@dataclass
class Outcome:
    """What one recalculation did."""

    computation: Computation | None = None
    problems: list[Problem] = field(default_factory=list)
    uncertainty: UncertaintyReport | None = None
    """The Følsomhed sheet's analysis (None if it did not run)."""
    document: Document | None = None
    """The decision report written on the Oplæg sheet (None if the calculation failed)."""

    @property
    def ok(self) -> bool:
        return self.computation is not None


def recalculate(backend: Backend, knowledge: Knowledge) -> Outcome:
    """Read, validate, compute and write results on ``backend``."""
    previous = previous_provenance(backend)
    inputs = read_checked_inputs(backend, knowledge)
    if inputs.failed:
        _fail(backend, inputs.problems)
        return Outcome(problems=inputs.problems)
    try:
        comp = compute(parse_case(inputs.data), knowledge)
    except InputError as exc:
        problems = inputs.to_cells(exc.problems)
        _fail(backend, problems)
        return Outcome(problems=problems)
    return write_computation(backend, knowledge, inputs, comp, previous)


def write_computed(backend: Backend, knowledge: Knowledge, comp: Computation) -> Outcome:
    """Write the results of ``comp``, the computation of the case just written into the
    inputs (:func:`som_xl.workbook.inputs_writer.write_case_inputs`), without computing
    it again: an import validates, computes and writes once. The inputs are read back only
    to name cells in the messages and to fingerprint what the results belong to; inputs
    that read back with errors are a failed run, as :func:`recalculate` makes it."""
    previous = previous_provenance(backend)
    inputs = read_checked_inputs(backend, knowledge)
    if inputs.failed:
        _fail(backend, inputs.problems)
        return Outcome(problems=inputs.problems)
    return write_computation(backend, knowledge, inputs, comp, previous)


def read_checked_inputs(backend: Backend, knowledge: Knowledge) -> WorkbookInputs:
    """The workbook's inputs as read, with the formula cells' problems added."""
    inputs = read_inputs(backend, knowledge)
    inputs.problems += formula_problems(backend)
    return inputs


def write_computation(backend: Backend, knowledge: Knowledge, inputs: WorkbookInputs, comp: Computation,
                      previous: dict[str, Any] | None) -> Outcome:
    """Write a successful computation of ``inputs``: the Følsomhed, Opfølgning and Oplæg
    sheets, the results with their messages and fingerprint, and the Viden view."""
    warnings = inputs.to_cells(comp.warnings) + [p for p in inputs.problems if p.severity == "warning"]
    changed = knowledge_change(previous, comp, where=f"{L.RESULTATER}: oprindelse")
    if changed:
        warnings.insert(0, changed)
    settings = sensitivity_sheet.read_settings(backend)
    report, sens_problems = sensitivity_sheet.run_and_write(backend, comp, settings)  # None: settings invalid
    sens_problems += update_follow_up(backend, comp, report)  # the Opfølgning sheet
    oplaeg_problems, document = update_oplaeg(backend, comp, report)  # the Oplæg sheet
    messages = _dedupe(warnings + sens_problems + oplaeg_problems)
    write_results(backend, comp, messages=messages, fingerprint=input_fingerprint(inputs.data, settings[0]))
    # Viden shows the chosen group's knowledge, with sources (settings as already read).
    write_knowledge_view(backend, knowledge, settings=inputs.settings_range)
    return Outcome(computation=comp, problems=messages, uncertainty=report, document=document)


def formula_problems(backend: Backend) -> list[Problem]:
    """Warnings for input cells whose formula's cached value was read (an external link
    named as such), and errors for formulas without one (never evaluated here)."""
    external = set(backend.external_link_cells)
    uncached = set(backend.uncached_cells)
    return [
        Problem("formula-without-value", cell, "cellen indeholder en formel uden gemt værdi (filen er ikke "
                "beregnet i Excel eller LibreOffice); åbn og gem den dér, eller skriv tallet direkte.")
        if cell in uncached else
        Problem("external-link", cell, "cellen henter en værdi fra en anden fil (ekstern kæde); den senest "
                "gemte værdi er brugt, og kæden følges aldrig. Skriv hellere tallet direkte.", "warning")
        if cell in external else
        Problem("formula-in-input", cell, "cellen indeholder en formel; dens senest beregnede værdi er brugt. "
                "Skriv hellere tallet direkte.", "warning")
        for cell in backend.formula_cells]


def previous_provenance(backend: Backend) -> dict[str, Any] | None:
    """What the workbook's last successful calculation recorded (None if never computed)."""
    rows = {r[0]: r[1] for r in backend.read(L.PROVENANCE.name).values if r and r[0]}
    if not rows.get("Indholds-hash"):
        return None
    name, _, version = str(rows.get("Vidensdatabase") or "").rpartition(" ")
    npv_row = backend.read(L.KEY_FIGURES.name).values[2]
    cols = {c.key: j for j, c in enumerate(L.PRICES_IN_USE.columns)}
    prices = {r[cols["item"]]: [r[cols[a]] for a in ACTOR_KEYS]
              for r in backend.read(L.PRICES_IN_USE.name).values
              if r[cols["item"]] and all(isinstance(r[cols[a]], (int, float)) for a in ACTOR_KEYS)}
    return {
        "knowledge": {"name": name, "version": version, "content_hash": rows["Indholds-hash"]},
        "npv": {a: v for a, v in zip(ACTOR_KEYS_TOTAL, npv_row, strict=False)
                if isinstance(v, (int, float))},
        "prices": prices,
        "price_year": rows.get("Prisniveau"),
    }


def _fail(backend: Backend, problems: list[Problem]) -> None:
    write_failure(backend, problems)
    sensitivity_sheet.clear(backend)
    followup_sheet.clear(backend, followup_sheet.NOT_COMPUTED)
    update_oplaeg(backend, None)  # no stale decision report after a failed run


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in problems:
        key = (p.location, p.message)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def load_workbook_file(path: Path):
    """Open a workbook for recalculation (macros kept as bytes, never run)."""
    from som_xl.workbook.safe_open import open_workbook  # lazy: openpyxl (≈0.2 s); Beregn in Excel never loads it

    return open_workbook(path)


def save_workbook(wb, path: Path, cached_values: dict | None = None) -> None:
    """Save atomically; for an ``.xlsm`` put the ribbon part back (openpyxl drops it), and
    the cached values of input formulas (``OpenpyxlBackend.cached_values``; openpyxl drops
    those too, and they are the inputs the next recalculation reads)."""
    buf = io.BytesIO()
    wb.save(buf)
    data = restore_cached_values(buf.getvalue(), cached_values or {})
    if Path(path).suffix.lower() == ".xlsm":
        # lazy: the package tools and the ribbon's XML (≈15 ms) only for a saved file, never in Excel
        from ooxml_vba.package import reinject_ribbon
        from som_xl.workbook.ribbon import RIBBON_REL_ID, render_custom_ui

        data = reinject_ribbon(data, render_custom_ui(), RIBBON_REL_ID)
    atomic_write_bytes(path, data)


def chart_sizes(outcome: Outcome) -> tuple[int, int]:
    """Rows the charts should span after ``outcome`` (years; tornado factors)."""
    years = outcome.computation.results.years.size if outcome.computation is not None else 1
    tornado = len(outcome.uncertainty.tornado.rows) if outcome.uncertainty is not None else 1
    return years, tornado
