"""The Excel path: xlwings worksheet functions and the ribbon's Python entry points.

* :mod:`som_xl.excel.ribbon` – ``beregn()`` and ``opdater_viden()``, run by the SØM
  ribbon through xlwings ``RunPython``;
* :mod:`som_xl.excel.udfs` – the worksheet functions (SOM_PRIS, SOM_BEREGN, …);
* :mod:`som_xl.service.xlwings_backend` – the workbook backend over xlwings ranges;
* :mod:`som_xl.excel.convert` and :mod:`som_xl.excel.functions` – argument conversion
  and the computations behind the worksheet functions (no xlwings).

Nothing is imported here, so ``import som_xl.excel.ribbon`` stays fast; xlwings is
imported only where Excel is actually used. See ``docs/excel.md``.
"""
