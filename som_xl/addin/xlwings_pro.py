"""The ONE module of som_xl that uses xlwings' PRO / PolyForm-Noncommercial parts.

Licence: ``xlwings.pro`` (the remote engine behind ``xw.Book(json=…)``, the Office.js
engine and the custom-functions helpers) is "Copyright (C) Zoomer Analytics GmbH",
dual-licensed under the PolyForm Noncommercial License 1.0.0 or the commercial xlwings
PRO licence. som_xl's own code stays MIT; this module only *calls* xlwings' code. Who may
run it free is said in the README ("Excel uden Python").

The licence key comes from the server: :class:`~som_xl.addin.config.AddinConfig`
``xlwings_license_key`` or the environment variable ``XLWINGS_LICENSE_KEY``, never from
a workbook. xlwings' own key lookup would otherwise try the calling workbook's
``xlwings.conf`` sheet and the user's config file; :func:`ensure_engine` refuses to
touch ``xlwings.pro`` until the environment holds a key, so neither is ever read.

What xlwings does here:

* :func:`open_book` — ``xw.Book(json=payload)``: the request's workbook as xlwings'
  Office.js client sends it; the desktop :class:`~som_xl.service.xlwings_backend.XlwingsBackend`
  reads and writes its named ranges, and every write becomes a ``setValues`` action
  for the client.
* :func:`custom_functions_meta` / :func:`call_custom_function` — xlwings' Office.js
  custom-function metadata and call dispatch over SØM's worksheet functions
  (:data:`som_xl.service.udf_specs.UDF_SPECS`), with the Danish descriptions of
  :mod:`som_xl.addin.functions`.
"""

from __future__ import annotations

import asyncio
import importlib.util
import inspect
import os
import sys
import threading
import types
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from som_xl.addin.config import MAX_DRAWS
from som_xl.addin.functions import function_specs
from som_xl.errors import SomError
from som_xl.service.xlwings_backend import XlwingsBackend

LICENSE_ENV = "XLWINGS_LICENSE_KEY"
ENGINE = "remote"
ALLOWED_ACTIONS = frozenset({"setValues", "alert", "activateSheet"})
"""The only xlwings actions the add-in ever returns (the client applies nothing else)."""

_lock = threading.Lock()


class LicenceMissing(SomError):
    """No xlwings licence key in the server's configuration or environment."""


NO_LICENCE = ("Serveren har ingen xlwings-licensnøgle. IT: sæt XLWINGS_LICENSE_KEY (fx 'noncommercial' for "
              "kommuner, regioner og styrelser) i serverens miljø eller konfiguration; se README, "
              "'Excel uden Python'.")


def ensure_engine(license_key: str | None = None) -> None:
    """Make xlwings' remote engine available, with the server's licence key.

    ``license_key`` (from the server's configuration) wins over the environment. Raises
    :class:`LicenceMissing` when neither has a key; ``xlwings.pro`` is then never imported,
    so xlwings cannot fall back to a key in a workbook.
    """
    with _lock:
        if license_key:
            os.environ[LICENSE_ENV] = license_key
        if not os.environ.get(LICENSE_ENV):
            raise LicenceMissing(NO_LICENCE)
        _no_pyodide()
        import xlwings as xw  # lazy: xlwings registers the remote engines at import only with a key

        if ENGINE in [e.name for e in xw.engines]:
            return
        # xlwings registers these engines at import only when a key was already set then.
        from xlwings.main import Engine  # lazy: xlwings.pro refuses to import without a key
        from xlwings.pro import _xlofficejs, _xlremote

        xw.engines.add(Engine(impl=_xlremote.engine))
        xw.engines.add(Engine(impl=_xlofficejs.engine))


def _no_pyodide() -> None:
    """Make the import of Pyodide (absent on a server) fail at once.

    xlwings checks every cell of a custom-function argument for Pyodide's ``JsNull`` by
    importing ``pyodide.ffi``; outside Pyodide each failed import searches ``sys.path``
    again (about 40 µs a cell: 4 s of CPU for 99,000 cells). ``None`` in ``sys.modules``
    is Python's documented way to make an import fail immediately.
    """
    if "pyodide" not in sys.modules and importlib.util.find_spec("pyodide") is None:
        sys.modules["pyodide"] = None  # type: ignore[assignment]


@contextmanager
def open_book(payload: dict[str, Any]) -> Iterator[Any]:
    """``xw.Book(json=payload)`` for one request; closed (and xlwings' caches freed) after.

    xlwings keeps every opened remote book in a process-wide list and caches range values
    keyed by whole sheets; closing and clearing keeps a long-running server's memory flat.
    """
    import xlwings as xw  # lazy: as in ensure_engine (the licence key first)
    from xlwings.pro import _xlremote

    book = xw.Book(json=payload, engine=ENGINE)
    try:
        yield book
    finally:
        try:
            book.close()
        finally:
            _xlremote.get_range_api.cache_clear()


def book_actions(book) -> list[dict[str, Any]]:
    """The actions xlwings queued for the client (``book.json()["actions"]``), checked.

    Raises
    ------
    RuntimeError
        If the code queued an action the add-in's client does not apply (a bug, never
        user input): the client would otherwise silently skip it.
    """
    actions = book.json()["actions"]
    unknown = {a["func"] for a in actions} - ALLOWED_ACTIONS
    if unknown:
        raise RuntimeError(f"unexpected xlwings actions: {sorted(unknown)}")
    return actions


_PLAIN = frozenset({str, int, float, bool})
"""Cell types xlwings' remote engine sends as they are (what the shared backend writes)."""


def make_backend(book):
    """The desktop :class:`XlwingsBackend` over the request's book, with alerts kept on it."""
    from xlwings.pro import _xlremote  # lazy: as in ensure_engine

    prepare = _xlremote.Engine.prepare_xl_data_element

    class RequestBackend(XlwingsBackend):
        """Records what was written (for the task pane's summary); alerts go to *this* book.

        xlwings' ``App.alert`` queues its action on the engine's *active* book, which
        another request may have opened meanwhile; queueing on our own book is thread-safe.
        """

        max_draws = MAX_DRAWS
        """The server's cap on Monte Carlo draws per request (the sheet's value above it is capped)."""

        def __init__(self, b):
            super().__init__(b)
            self.written: dict[str, list[list[Any]]] = {}
            self._ranges: dict[str, Any] = {}

        def _range(self, name: str):
            # One lookup per name and request: xlwings resolves a name by scanning the book's list.
            if name not in self._ranges:
                self._ranges[name] = super()._range(name)
            return self._ranges[name]

        def write(self, name: str, values: list[list[Any]]) -> None:
            super().write(name, values)
            self.written[name] = values

        def put(self, rng, data: list[list[Any]]) -> None:
            """The values as xlwings' remote engine converts them, written raw: its generic
            write pipeline re-reads the whole sheet for every range (most of a Beregn's time)."""
            rng.raw_value = [["" if v is None else v if type(v) in _PLAIN else prepare(v, {}) for v in row]
                             for row in data]

        def alert(self, message: str, title: str = "SØM") -> None:
            self.book.impl.append_json_action(func="alert", args=[message, title, "ok", "critical", ""])

    return RequestBackend(book)


def activate_sheet(book, name: str) -> None:
    """Queue an ``activateSheet`` action (e.g. show Oplæg after Lav beslutningsoplæg)."""
    book.sheets[name].activate()


# ---------------------------------------------------------------------------------
# Custom functions (Office.js): SØM's worksheet functions through xlwings' dispatch
# ---------------------------------------------------------------------------------

def _officejs_function(spec) -> Any:
    """An xlwings Office.js custom function for ``spec`` (:class:`som_xl.addin.functions.FunctionSpec`)."""
    from xlwings.pro import udfs_officejs as officejs  # lazy: as in ensure_engine

    def function(*args):
        return spec.call(*args)

    function.__name__ = function.__qualname__ = spec.id
    function.__doc__ = spec.description
    function.__signature__ = inspect.Signature([  # type: ignore[attr-defined]
        inspect.Parameter(p.name, inspect.Parameter.POSITIONAL_OR_KEYWORD,
                          default=None if p.optional else inspect.Parameter.empty)
        for p in spec.params])
    for p in spec.params:
        officejs.xlarg(p.name, doc=p.doc, **p.options)(function)
    # Last: every xlarg call re-runs xlfunc without options, which resets the Excel name.
    officejs.xlfunc(name=spec.excel_name)(function)
    return function


_functions: types.SimpleNamespace | None = None


def functions_namespace() -> types.SimpleNamespace:
    """SØM's custom functions as xlwings sees a module of ``@func``-decorated functions."""
    global _functions
    with _lock:
        if _functions is None:
            _functions = types.SimpleNamespace(**{s.id: _officejs_function(s) for s in function_specs()})
    return _functions


def custom_functions_meta() -> dict[str, Any]:
    """xlwings' custom-functions metadata (``functions.json``) for SØM's functions."""
    from xlwings.pro import udfs_officejs as officejs  # lazy: as in ensure_engine

    return officejs.custom_functions_meta(functions_namespace())


def call_custom_function(data: dict[str, Any]) -> Any:
    """Run one custom-function call as xlwings' dispatcher does (argument and result conversion)."""
    from xlwings.pro import udfs_officejs as officejs  # lazy: as in ensure_engine

    return asyncio.run(officejs.custom_functions_call(data, functions_namespace()))
