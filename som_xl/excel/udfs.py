"""SØM's worksheet functions as xlwings UDFs, made from :data:`som_xl.service.udf_specs.UDF_SPECS`.

Each function is its specification's guarded body (:func:`~som_xl.service.udf_specs.guarded`:
a bad argument shows ``#SØM: <grund>`` in the cell, never an error), with the name, the
Danish description and the arguments' help and converter options applied as xlwings'
``@xw.func`` and ``@xw.arg`` decorators would be; xlwings reads the arguments from the
signature the specification gives. Nothing here is written twice: the Office add-in
describes the same specifications (:mod:`som_xl.addin.functions`).

Tables are returned as lists of lists and spill as native dynamic arrays (Microsoft
365 / Excel 2021+); older Excel shows only the top-left value unless the formula is
entered as an array formula over a large enough range. Listed in the workbook's
``xlwings.conf`` sheet as ``UDF Modules = som_xl.excel.udfs``; the ribbon's "Importér
funktioner" imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import xlwings as xw

from som_xl.service.udf_specs import CATEGORY, UDF_SPECS, UdfSpec, guarded


def _udf(spec: UdfSpec) -> Callable[..., Any]:
    """The xlwings UDF of ``spec``: decorated bottom-up, as written ``@xw.func`` over ``@xw.arg`` lines."""
    fn = guarded(spec)
    fn.__module__ = __name__
    for arg in reversed(spec.args):
        fn = xw.arg(arg.name, doc=arg.doc, **arg.options)(fn)
    return xw.func(category=CATEGORY)(fn)


_BY_ID = {spec.id: _udf(spec) for spec in UDF_SPECS}
SOM_PRIS = _BY_ID["SOM_PRIS"]
SOM_KONSEKVENS = _BY_ID["SOM_KONSEKVENS"]
SOM_NUTIDSVAERDI = _BY_ID["SOM_NUTIDSVAERDI"]
SOM_BREAKEVEN = _BY_ID["SOM_BREAKEVEN"]
SOM_VIDEN = _BY_ID["SOM_VIDEN"]
SOM_BEREGN = _BY_ID["SOM_BEREGN"]

UDFS = tuple(_BY_ID.values())
"""Every worksheet function of this module, in the order the documentation lists them."""
