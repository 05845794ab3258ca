"""What several subcommands read: a case file or a workbook, computed (shared CLI helpers)."""

from __future__ import annotations

from pathlib import Path

from som_xl.errors import InputError, Problem

WORKBOOK_SUFFIXES = (".xlsm", ".xlsx")


def load_knowledge_arg(directory: str | None):
    """The knowledge package of ``--knowledge DIR`` (default: the configured one)."""
    from som_xl.knowledge import load_knowledge

    return load_knowledge(directory) if directory else load_knowledge()


def load_computation(path: str | Path, knowledge):
    """Compute a case file (``.json``) or a SØM workbook (``.xlsm``/``.xlsx``, only read)."""
    suffix = Path(path).suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        from som_xl.service.workbooks import compute_workbook

        return compute_workbook(path, knowledge)
    if suffix != ".json":
        raise InputError([Problem("unknown-file-type", str(path), "ukendt filtype; angiv en sagsfil (.json) "
                                                                  "eller en SØM-projektmappe (.xlsm/.xlsx).")])
    from som_xl.case import load_and_compute

    return load_and_compute(path, knowledge)

