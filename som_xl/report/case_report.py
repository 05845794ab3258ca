"""The decision report of a case file, computed directly: no workbook is involved.

The uncertainty analysis uses the default settings, which are the Følsomhed sheet's
defaults (``tests/report`` checks they agree), so the Markdown of a case file says
what the Oplæg sheet of a fresh workbook with that case would say.
"""

from __future__ import annotations

from som_xl.case import Case, compute
from som_xl.errors import InputError
from som_xl.knowledge import Knowledge
from som_xl.report.content import build_document
from som_xl.report.document import Document
from som_xl.uncertainty import analyse_computation


def case_document(case: Case, knowledge: Knowledge) -> Document:
    """Compute ``case`` and its uncertainty analysis and build the decision report.

    Raises
    ------
    InputError
        When the case cannot be computed with ``knowledge`` (every problem, in Danish).
    """
    comp = compute(case, knowledge)
    try:
        uncertainty = analyse_computation(comp)
    except InputError:
        uncertainty = None  # as on the sheet: the report says the analysis could not run
    return build_document(comp, uncertainty)
