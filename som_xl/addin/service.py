"""One add-in request, framework-free: check the payload, run the command, return actions.

Computing stores nothing: the workbook lives only in this request (``xw.Book(json=…)``),
and the answer is xlwings' action list plus the task pane's summary.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from som_xl.addin import xlwings_pro
from som_xl.addin.commands import Command, Context, summarise
from som_xl.addin.payload import check_payload

log = logging.getLogger(__name__)
INTERNAL = ("{title} blev ikke gennemført på grund af en intern fejl på serveren. Prøv igen; "
            "fortsætter fejlen, så meld den til dem, der driver erfaringsdatabasen.")


def run_command(command: Command, data: Any, ctx: Context) -> dict[str, Any]:
    """Run ``command`` on the payload ``data``; raises :class:`PayloadError` for a bad payload.

    Returns
    -------
    dict
        ``{"actions": [...], "ok": bool, "status": str, "problems": [{cell, message,
        severity}], ...}`` — ``actions`` in xlwings' format (``setValues``, ``alert``,
        ``activateSheet``), applied by the client in order.
    """
    check_payload(data)
    with xlwings_pro.open_book(data) as book:
        backend = xlwings_pro.make_backend(book)
        result = command.run(backend, ctx)  # the entry point turns every error into Danish text
        outcome = summarise(backend.written, result, command.status)
        activate = outcome.extra.pop("activate", None)
        if activate:
            try:
                xlwings_pro.activate_sheet(book, activate)
            except Exception:
                if os.environ.get("SOM_XL_DEBUG"):
                    log.exception("could not activate %s", activate)
        actions = xlwings_pro.book_actions(book)
    return {"actions": actions, "ok": outcome.ok, "status": outcome.status,
            "problems": outcome.problems, **outcome.extra}
