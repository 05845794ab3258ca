"""Whole-file operations on case workbooks: new from the template, fill from a case."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from som_xl.knowledge import Knowledge


def new_workbook(path: str | Path, case_path: str | Path | None = None, knowledge: Knowledge | None = None) -> Path:
    """Copy the template to ``path``; with ``case_path`` fill its inputs and compute it.

    A ``.xlsx`` path gets the macro-free workbook (same sheets, names and validation,
    no VBA) for the Office add-in; ``.xlsm`` the macro-enabled template.
    """

    case = None
    if case_path is not None:
        from som_xl.case import parse_case, read_case_file

        case = parse_case(read_case_file(case_path))  # validated before anything is written
    return new_from_case(Path(path), case, knowledge)


def new_from_case(path: Path, case, knowledge: Knowledge | None):
    """A new workbook at ``path`` from the template (macro-free for ``.xlsx``), filled with
    ``case`` and computed when there is one. Written once, at the end: a refused case
    leaves no file (and an existing ``path`` as it was)."""
    from som_xl.fileio import atomic_write_bytes
    from som_xl.paths import template_path

    if path.suffix.lower() == ".xlsx":
        from som_xl.workbook.build import macro_free_bytes

        blank = macro_free_bytes(knowledge)  # built in memory; the file is written filled, or not at all
        return atomic_write_bytes(path, blank) if case is None else fill_from_case(path, case, knowledge, base=blank)
    if case is None:
        return atomic_write_bytes(path, template_path().read_bytes())
    return fill_from_case(path, case, knowledge, base=template_path())


def fill_from_case(path: str | Path, case, knowledge: Knowledge | None = None, base: Path | bytes | None = None):
    """Write ``case`` into the inputs of ``base`` (default: ``path`` itself; bytes: a
    workbook som_xl has just built in memory), recalculate, and save to ``path``
    atomically. Returns the recalculation outcome.

    The case is validated as ``som-xl calc`` validates it, and checked to fit the
    workbook, before anything is opened or written; an :class:`InputError` leaves
    ``path`` byte for byte as it was.
    """
    from som_xl.errors import InputError
    from som_xl.fileio import writer_lock
    from som_xl.knowledge import load_knowledge
    from som_xl.workbook.charts import add_charts
    from som_xl.workbook.inputs_writer import check_importable, write_case_inputs
    from som_xl.workbook.openpyxl_backend import OpenpyxlBackend
    from som_xl.workbook.recalc import chart_sizes, load_workbook_file, recalculate, save_workbook

    knowledge = knowledge or load_knowledge()
    check_importable(case, knowledge)  # as 'som-xl calc' validates it, before the workbook is touched
    with writer_lock(path):  # from the read to the save: a concurrent recalc waits, it does not overwrite
        if isinstance(base, bytes):
            import io

            from openpyxl import load_workbook

            wb = load_workbook(io.BytesIO(base))  # som_xl's own macro-free workbook, loaded as from its file
        else:
            wb = load_workbook_file(Path(base or path))
        backend = OpenpyxlBackend(wb)
        write_case_inputs(backend, case, knowledge)
        outcome = recalculate(backend, knowledge)
        if not outcome.ok:  # the workbook read back what was written differently: save nothing
            raise InputError(outcome.problems)
        add_charts(wb, *chart_sizes(outcome))
        save_workbook(wb, Path(path))
    return outcome
