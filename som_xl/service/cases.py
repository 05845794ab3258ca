"""Computing a case, whichever file holds it, and following it up with what happened."""

from __future__ import annotations

from pathlib import Path

from som_xl.case import Computation, load_and_compute
from som_xl.errors import InputError, Problem
from som_xl.followup import FollowUp, follow_up_computation
from som_xl.knowledge import Knowledge
from som_xl.uncertainty import MonteCarloSettings

WORKBOOK_SUFFIXES = (".xlsm", ".xlsx")
NO_ACTUALS = ("sagen har ingen faktiske tal (opfølgning); tilføj 'actuals' i sagsfilen (ét element pr. år fra "
              "startåret) eller udfyld arket Opfølgning i projektmappen.")


def compute_source(path: str | Path, knowledge: Knowledge) -> Computation:
    """Compute a case file (``.json``) or a SØM workbook (``.xlsm``/``.xlsx``, only read);
    a Danish :class:`InputError` for any other file."""
    suffix = Path(path).suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        # lazy: a case file's commands never load openpyxl (tests/report/test_cli.py checks the Markdown path)
        from som_xl.service.workbooks import compute_workbook

        return compute_workbook(path, knowledge)
    if suffix != ".json":
        raise InputError([Problem("unknown-file-type", str(path), "ukendt filtype; angiv en sagsfil (.json) "
                                                                  "eller en SØM-projektmappe (.xlsm/.xlsx).")])
    return load_and_compute(path, knowledge)


def follow_up(path: str | Path, knowledge: Knowledge, settings: MonteCarloSettings) -> tuple[Computation, FollowUp]:
    """The case at ``path`` computed and followed up with its actual figures, with the odds
    of ``settings``; a Danish :class:`InputError` for invalid settings or a case without actuals."""
    comp = compute_source(path, knowledge)
    problems = settings.problems()
    if problems:
        raise InputError(problems)
    result = follow_up_computation(comp, odds_settings=settings)
    if result is None:
        raise InputError([Problem("no-actuals", str(path), NO_ACTUALS)])
    return comp, result
