"""The service layer: one typed function per user action, called by every entry point.

The CLI (:mod:`som_xl.cli`), the desktop ribbon and worksheet functions
(:mod:`som_xl.excel`), the Office add-in (:mod:`som_xl.addin`) and the web site
(:mod:`som_xl.web`) are thin adapters over these modules; none of the last three imports
:mod:`som_xl.workbook` itself. Nothing is re-exported here, so an adapter imports only the
module its action needs:

* :mod:`som_xl.service.workbooks` — whole-file actions: new, compute, recalculate,
  refresh knowledge, import and export a case, share, upgrade, build the template;
* :mod:`som_xl.service.reports` — the decision report;
* :mod:`som_xl.service.portfolio` — the portfolio's workbook and summary;
* :mod:`som_xl.service.ranges` — which named ranges each ribbon action reads and writes;
* :mod:`som_xl.service.ribbon` — the ribbon's actions on an open workbook (any
  :class:`~som_xl.workbook.backend.Backend`): Beregn, Opdatér viden, Del beregning,
  Importér beregning, Søg erfaringer, with the Danish failure messages;
* :mod:`som_xl.service.udf_specs` — the worksheet functions as data, from which the
  xlwings UDFs and the add-in's custom functions are both made;
* :mod:`som_xl.service.xlwings_backend` — the Backend over an xlwings ``Book`` (the
  desktop's caller, or the add-in's ``Book(json=…)``).
"""
