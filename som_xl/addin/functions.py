"""SØM's worksheet functions as Office.js custom functions: names, Danish help, guards.

The functions are made from the same specifications as the desktop UDFs
(:data:`som_xl.service.udf_specs.UDF_SPECS`: same argument conversion, same engine calls,
``#SØM: …`` text for a bad argument); this module only describes them for Office.

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

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from som_xl.service.udf_convert import error_text
from som_xl.service.udf_specs import UDF_SPECS, UdfSpec, case_path, guarded

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


def _server_safe(spec: UdfSpec) -> Callable[..., Any]:
    """``spec``'s guarded body, refusing file paths where the desktop function would read a case file."""
    udf = guarded(spec)
    if spec.id != "SOM_BEREGN":
        return udf

    def call(*args: Any) -> Any:
        if args and case_path(args[0]):
            return error_text(SERVER_NO_FILES)
        return udf(*args)

    return call


@lru_cache(maxsize=1)
def function_specs() -> tuple[FunctionSpec, ...]:
    """Every worksheet function of :data:`som_xl.service.udf_specs.UDF_SPECS`, described for Office."""
    return tuple(FunctionSpec(spec.id, spec.description,
                              tuple(ParamSpec(a.name, SERVER_DOCS.get((spec.id, a.name), a.doc), a.optional,
                                              dict(a.options)) for a in spec.args),
                              _server_safe(spec))
                 for spec in UDF_SPECS)
