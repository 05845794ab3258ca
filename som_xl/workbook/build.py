"""Build ``workbook_template.xlsm`` reproducibly: sheets from the layout contract and
the knowledge package, the VBA project generated from text sources (the installed
xlwings' modules plus ``som_xl/vba/*.bas``), and the SØM ribbon.

Building twice from the same sources gives byte-identical files (fixed timestamps,
deterministic zip), so a test can compare the committed template with a fresh build.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from ooxml_vba.package import finalize_xlsm, sheet_codenames
from ooxml_vba.project import build_vba_project
from som_xl.fileio import atomic_write_bytes
from som_xl.knowledge import load_knowledge
from som_xl.workbook.ribbon import RIBBON_REL_ID, render_custom_ui
from som_xl.workbook.template import build_workbook
from som_xl.workbook.vba_sources import template_modules

if TYPE_CHECKING:
    from som_xl.knowledge import Knowledge


def template_bytes(knowledge: Knowledge | None = None) -> bytes:
    """The macro-enabled template as bytes."""
    knowledge = knowledge or load_knowledge()
    wb = build_workbook(knowledge)
    buf = io.BytesIO()
    wb.save(buf)
    xlsx = buf.getvalue()
    codenames = sheet_codenames(xlsx)
    vba = build_vba_project(template_modules(codenames.values()))
    return finalize_xlsm(xlsx, vba_project=vba, ribbon_xml=render_custom_ui(), codenames=codenames,
                         ribbon_id=RIBBON_REL_ID)


def macro_free_bytes(knowledge: Knowledge | None = None) -> bytes:
    """The same workbook as the template (sheets, names, validation, charts) as a macro-free
    ``.xlsx``: no VBA project and no VBA ribbon, for the Office add-in (Excel on the web, Mac)."""
    buf = io.BytesIO()
    build_workbook(knowledge or load_knowledge()).save(buf)
    return buf.getvalue()


def build_template(path: str | Path, knowledge: Knowledge | None = None) -> Path:
    """Write the template to ``path`` atomically."""
    return atomic_write_bytes(path, template_bytes(knowledge))
