"""Are the results on the sheets those of the inputs? An input fingerprint kept with them.

Every successful calculation writes a fingerprint of the inputs it read (the case data
and the Følsomhed settings, as the reader understood them) into the Oprindelse block
on Resultater. Whatever shows those results without calculating again (``som-xl
share``) compares it with the inputs now in the sheets and refuses when they differ,
so a copy never carries results that belong to other inputs.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from som_xl.errors import InputError, Problem
from som_xl.workbook import layout as L
from som_xl.workbook.backend import Backend
from som_xl.workbook.reader import read_inputs
from som_xl.workbook.sensitivity_sheet import read_settings

if TYPE_CHECKING:
    from som_xl.knowledge import Knowledge

STALE = "Resultaterne er ikke beregnet for de nuværende input — tryk Beregn"


def input_fingerprint(case_data: dict[str, Any], sensitivity: dict[str, Any] | None) -> str:
    """``"sha256:…"`` of the inputs as read (key order and cell formatting do not matter)."""
    text = json.dumps({"case": case_data, "sensitivity": sensitivity or {}}, sort_keys=True, ensure_ascii=False,
                      default=str, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def stored_fingerprint(backend: Backend) -> str | None:
    """The fingerprint the last successful calculation wrote (None: never, or an older som_xl)."""
    rows = backend.read(L.PROVENANCE.name).values
    return next((str(r[1]) for r in rows if r and r[0] == L.FINGERPRINT_LABEL and r[1]), None)


def current_fingerprint(backend: Backend, knowledge: Knowledge) -> str:
    """The fingerprint of the inputs in the sheets now."""
    values, _ = read_settings(backend)
    return input_fingerprint(read_inputs(backend, knowledge).data, values)


def require_current(backend: Backend, knowledge: Knowledge) -> None:
    """Raise a Danish :class:`InputError` unless the results belong to the inputs now in the sheets."""
    stored = stored_fingerprint(backend)
    if stored is None or stored != current_fingerprint(backend, knowledge):
        raise InputError([Problem("stale-results", f"{L.RESULTATER}!B{L.PROVENANCE.first_row}",
                                  f"{STALE} (eller kør 'som-xl recalc'), og prøv igen.")])
