"""SØM's worksheet functions as Office.js custom functions: names, Danish help, guards.

The functions are the desktop UDFs of :mod:`som_xl.excel.udfs` themselves (same argument
conversion, same engine calls, ``#SØM: …`` text for a bad argument); this module only
describes them for Office. Their Danish argument help lives once, in the ``@xw.arg(...,
doc=...)`` decorators of :mod:`som_xl.excel.udfs`; xlwings' desktop decorators keep
nothing off Windows, so :func:`function_specs` reads them from the module's source.

Office puts the add-in's namespace and a period before every custom function (``SOM`` in
the manifest), so the desktop ``=SOM_PRIS(…)`` is ``=SOM.PRIS(…)`` in the add-in. They
cannot be spelled alike: the desktop functions are VBA functions, whose names cannot hold
a period, and Office always adds one. The function's name after the namespace is the
desktop name without its ``SOM_`` prefix (the same word); ``SOM.SOM_PRIS`` would keep the
underscore but repeat the prefix. README ("Excel uden Python") and docs/excel.md say so
to users, with how to move formulas between the two; the task pane says it in one line.

On the server a worksheet function never reads a file: ``SOM_BEREGN`` with a path to a
case file (allowed on the desktop, where the file is the user's own) returns a Danish
``#SØM:`` text instead.
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

NAMESPACE = "SOM"
PREFIX = "SOM_"
SERVER_NO_FILES = ("en sti til en case-fil kan ikke bruges i Excel-tilføjelsesprogrammet (serveren læser "
                   "ingen filer); giv områderne som på arket Indsats i stedet")
SERVER_DOCS = {("SOM_BEREGN", "indstillinger"): "Indstillingerne som på arket Indsats (fx som_indstillinger) eller "
                                                 "to kolonner navn/værdi."}
"""Help that differs on the server (no case-file paths there)."""


@dataclass(frozen=True)
class ParamSpec:
    name: str
    doc: str
    optional: bool
    options: dict[str, Any] = field(default_factory=dict)
    """xlwings converter options (``ndim=2``, ``err_to_str=True``)."""


@dataclass(frozen=True)
class FunctionSpec:
    id: str
    """The desktop name, e.g. ``SOM_PRIS`` (also the custom function's id)."""
    description: str
    params: tuple[ParamSpec, ...]
    call: Callable[..., Any]

    @property
    def excel_name(self) -> str:
        """The name after Office's namespace: ``PRIS`` (``=SOM.PRIS(…)``)."""
        return self.id.removeprefix(PREFIX)


def _decorator_args(udf_source: str) -> dict[str, dict[str, dict[Any, Any]]]:
    """``{function: {argument: {"doc": …, "ndim": 2, …}}}`` from the ``@xw.arg`` decorators."""
    from som_xl.excel import udfs

    out: dict[str, dict[str, dict[Any, Any]]] = {}
    for node in ast.parse(udf_source).body:
        if not isinstance(node, ast.FunctionDef):
            continue
        for dec in node.decorator_list:
            if isinstance(dec, ast.Call) and isinstance(dec.func, ast.Attribute) and dec.func.attr == "arg":
                name = ast.literal_eval(dec.args[0])
                opts = {kw.arg: (getattr(udfs, kw.value.id) if isinstance(kw.value, ast.Name)
                                 else ast.literal_eval(kw.value)) for kw in dec.keywords}
                out.setdefault(node.name, {})[name] = opts
    return out


def _server_safe(udf: Callable) -> Callable:
    """``udf``, refusing file paths where the desktop function would read a case file."""
    from som_xl.excel import convert, udfs

    if udf is not udfs.SOM_BEREGN:
        return udf

    def call(*args):
        if args and udfs._case_path(args[0]):
            return convert.error_text(SERVER_NO_FILES)
        return udf(*args)

    return call


@lru_cache(maxsize=1)
def function_specs() -> tuple[FunctionSpec, ...]:
    """Every worksheet function of :data:`som_xl.excel.udfs.UDFS`, described for Office."""
    from som_xl.excel import udfs

    decorators = _decorator_args(inspect.getsource(udfs))
    specs = []
    for udf in udfs.UDFS:
        sig = inspect.signature(udf)
        params = []
        for p in sig.parameters.values():
            opts = dict(decorators.get(udf.__name__, {}).get(p.name, {}))
            doc = str(SERVER_DOCS.get((udf.__name__, p.name)) or opts.get("doc") or "")
            opts.pop("doc", None)
            params.append(ParamSpec(p.name, doc, p.default is not inspect.Parameter.empty, opts))
        specs.append(FunctionSpec(udf.__name__, inspect.getdoc(udf) or "", tuple(params), _server_safe(udf)))
    return tuple(specs)
