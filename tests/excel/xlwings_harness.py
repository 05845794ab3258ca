"""Run xlwings' own UDF machinery on Linux, without Excel (pinned to xlwings 0.37.8).

* :func:`windows_decorators` returns xlwings' real ``xlfunc``/``xlarg``/``xlret`` from
  ``xlwings/udfs.py`` (which cannot be imported here: it needs pywin32), extracted with
  ``ast`` and executed with only the names they use. Applying them gives exactly the
  ``__xlfunc__`` metadata Windows attaches (names, argument docs and options).
* :func:`excel_engine` registers a minimal engine named ``"excel"`` whose value
  cleaning mirrors ``xlwings._xlwindows`` (blanks → None, COM error codes → None or
  text), so ``xlwings.conversion.read/write`` run as in ``xlwings.udfs.call_udf``.
* :func:`call_like_excel` does what ``call_udf`` does for a non-async, non-caller UDF.

These use xlwings internals; the version is pinned in pyproject.toml.
"""

from __future__ import annotations

import ast
import contextlib
import datetime as dt
import importlib.util
import inspect
import sys
from pathlib import Path
from typing import Annotated, get_args, get_origin, get_type_hints

import xlwings

_NEEDED = ("func_sig", "get_category", "get_async_mode", "check_bool", "extract_type_and_annotations",
           "xlfunc", "xlret", "xlarg")
# COM error codes as Excel hands them to pywin32 (xlwings._xlwindows.cell_errors).
COM_ERRORS = {-2146826281: "#DIV/0!", -2146826246: "#N/A", -2146826259: "#NAME?", -2146826288: "#NULL!",
              -2146826252: "#NUM!", -2146826265: "#REF!", -2146826273: "#VALUE!"}
MISSING = -2147352572
"""What Excel passes for an omitted optional argument (call_udf checks for it)."""


def windows_decorators() -> dict:
    """xlwings' Windows ``xlfunc``, ``xlarg`` and ``xlret``, from the installed source."""
    source = Path(xlwings.__file__).with_name("udfs.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    defs = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name in _NEEDED]
    assert {d.name for d in defs} == set(_NEEDED), "xlwings/udfs.py changed: update the harness"
    namespace = {"inspect": inspect, "dt": dt, "get_type_hints": get_type_hints, "get_origin": get_origin,
                 "get_args": get_args, "Annotated": Annotated, "Any": object, "Callable": object,
                 "_F": object}
    module = ast.Module(body=defs, type_ignores=[])
    exec(compile(module, "xlwings/udfs.py", "exec"), namespace)  # noqa: S102 - xlwings' own code
    return {"func": namespace["xlfunc"], "arg": namespace["xlarg"], "ret": namespace["xlret"]}


def load_with_windows_decorators(module_name: str = "som_xl.excel.udfs"):
    """A fresh copy of ``module_name`` imported while ``xw.func/arg/ret`` are xlwings' Windows ones."""
    real = windows_decorators()
    saved = {k: getattr(xlwings, k) for k in real}
    spec = importlib.util.find_spec(module_name)
    module = importlib.util.module_from_spec(spec)
    try:
        for k, v in real.items():
            setattr(xlwings, k, v)
        spec.loader.exec_module(module)
    finally:
        for k, v in saved.items():
            setattr(xlwings, k, v)
    return module


class _EngineImpl:
    name = "excel"
    type = "desktop"

    @staticmethod
    def clean_value_data(data, datetime_builder, empty_as, number_builder, err_to_str):
        def clean(v):
            if v in ("", None):
                return empty_as
            if isinstance(v, int) and not isinstance(v, bool) and v in COM_ERRORS:
                return COM_ERRORS[v] if err_to_str else None
            if number_builder is not None and isinstance(v, float):
                return number_builder(v)
            return v

        return [[clean(v) for v in row] for row in data]

    @staticmethod
    def prepare_xl_data_element(x, options):
        import numpy as np

        if x is None:
            return ""
        if isinstance(x, np.number):
            return float(x)
        if isinstance(x, float) and x != x:
            return ""
        return x


@contextlib.contextmanager
def excel_engine():
    """Register the minimal ``"excel"`` engine for the duration of the block."""
    from xlwings.main import Engine, engines

    had = "excel" in engines.engines_by_name
    if not had:
        engine = Engine(impl=_EngineImpl())
        engines.add(engine)
    try:
        yield
    finally:
        if not had:
            engines.engines.remove(engine)
            del engines.engines_by_name["excel"]


def call_like_excel(func, *cell_values):
    """Convert arguments and the result the way ``xlwings.udfs.call_udf`` does.

    ``cell_values`` are what Excel's COM layer passes: scalars, tuples of tuples for
    ranges, :data:`MISSING` for omitted optionals, COM error codes for error cells.
    """
    from xlwings import conversion

    info = func.__xlfunc__
    args = list(cell_values)
    for i, arg in enumerate(args):
        arg_info = info["args"][min(i, len(info["args"]) - 1)]
        if isinstance(arg, int) and arg == MISSING:
            args[i] = arg_info.get("optional", None)
        else:
            args[i] = conversion.read(None, arg, arg_info["options"])
    ret = func(*args)
    return conversion.write(ret, None, info["ret"]["options"])


__all__ = ["MISSING", "call_like_excel", "excel_engine", "load_with_windows_decorators", "windows_decorators"]
_ = sys
