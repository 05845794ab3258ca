"""The SØM Office add-in: Excel on Windows, Mac and the web without a local Python.

The erfaringsdatabase site mounts :func:`addin_router` (FastAPI). The add-in's manifest,
task pane and custom functions are served from it; the ribbon commands run the desktop
ribbon's own actions (:mod:`som_xl.service.ribbon`) over the request's workbook through
xlwings (``xw.Book(json=…)``). Everything that uses xlwings' PolyForm-Noncommercial /
PRO parts is in :mod:`som_xl.addin.xlwings_pro`.
"""

from som_xl.addin.config import AddinConfig

__all__ = ["AddinConfig", "addin_router"]


def addin_router(config: AddinConfig | None = None, knowledge_loader=None):
    """The FastAPI router (see :mod:`som_xl.addin.router`); imports FastAPI only when called."""
    from som_xl.addin.router import addin_router as make  # lazy: FastAPI (the [addin] extra), ≈0.5 s

    return make(config, knowledge_loader)
