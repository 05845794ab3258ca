"""The SØM ribbon tab: one declaration, two generated artefacts.

``RIBBON_BUTTONS`` declares every button once. From it we render

* ``customUI14.xml``, the Office 2010+ ribbon part ([MS-CUSTOMUI2] 2.2: namespace
  ``http://schemas.microsoft.com/office/2009/07/customui``; ``customUI`` >
  ``ribbon`` > ``tabs`` > ``tab`` > ``group`` > ``button``, ids are NCNames
  (ST_UniqueID), ``onAction`` is an ST_Delegate naming a VBA macro), and
* ``som_xl/vba/SomRibbon.bas``, the VBA callbacks. Office calls an ``onAction``
  macro with the signature ``Sub Name(control As IRibbonControl)``; each
  callback either runs Python through xlwings' ``RunPython`` or calls an
  xlwings VBA routine directly.

Adding a button is one ``RibbonButton(...)`` line, then
``python -m som_xl.workbook.ribbon`` to regenerate the committed ``.bas`` (a test
fails while it is stale).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import quoteattr

from som_xl.paths import package_file

CUSTOMUI_NS = "http://schemas.microsoft.com/office/2009/07/customui"
TAB_ID = "somTab"
RIBBON_REL_ID = "somRibbon"
"""The ribbon part's relationship id in the package (the template's bytes depend on it)."""
TAB_LABEL = "SØM"
RIBBON_MODULE_NAME = "SomRibbon"
RIBBON_MODULE_PATH = package_file("vba", f"{RIBBON_MODULE_NAME}.bas")

# Group key -> label, in display order.
RIBBON_GROUPS: dict[str, str] = {
    "beregning": "Beregning",
    "deling": "Deling",
}

_PY_CALL = re.compile(
    r"(?P<module>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\.(?P<func>[A-Za-z_]\w*)"
    r"\((?P<args>[^\"\r\n]*)\)"
)
_VBA_IDENT = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,254}")


@dataclass(frozen=True)
class RibbonButton:
    """One ribbon button and what it runs.

    Parameters
    ----------
    id : str
        Ribbon control id (NCName, unique in the ribbon).
    label, screentip, supertip : str
        Danish texts: the caption, the bold tooltip title and its longer body.
    image_mso : str
        Built-in Office icon (``imageMso``).
    sub : str
        Name of the generated VBA callback (the ``onAction`` target).
    python : str, optional
        Python call ``package.module.function(...)`` run through xlwings ``RunPython``.
    vba : str, optional
        A VBA statement to run instead (e.g. xlwings' ``ImportPythonUDFs``).
    group : str
        Key into ``RIBBON_GROUPS``.
    """

    id: str
    label: str
    screentip: str
    supertip: str
    image_mso: str
    sub: str
    python: str | None = None
    vba: str | None = None
    group: str = "beregning"

    def vba_statement(self) -> str:
        """The single VBA statement the callback executes."""
        if (self.python is None) == (self.vba is None):
            raise ValueError(f"{self.id}: give exactly one of python= or vba=")
        if self.vba is not None:
            return self.vba
        match = _PY_CALL.fullmatch(self.python or "")
        if not match:
            raise ValueError(f"{self.id}: python must look like package.module.func(...)")
        command = f"import {match['module']} as r; r.{match['func']}({match['args']})"
        return f'RunPython "{command}"'


RIBBON_BUTTONS: tuple[RibbonButton, ...] = (
    RibbonButton("somBeregn", "Beregn", "Beregn casen",
                 "Beregner den socialøkonomiske business case ud fra input-arkene og "
                 "skriver resultaterne i arbejdsbogen.",
                 "CalculateNow", "SomBeregn", python="som_xl.excel.ribbon.beregn()"),
    RibbonButton("somOpdaterViden", "Opdatér viden", "Opdatér vidensgrundlaget",
                 "Indlæser den nyeste version af SØM-vidensgrundlaget (effekter, priser "
                 "og konsekvensprofiler) i arbejdsbogens opslagslister.",
                 "RefreshAll", "SomOpdaterViden", python="som_xl.excel.ribbon.opdater_viden()"),
    RibbonButton("somLavOplaeg", "Lav beslutningsoplæg", "Lav beslutningsoplæg som PDF",
                 "Gemmer arket Oplæg (nøgletal, usikkerhed, forudsætninger og kilder) som PDF ved siden af "
                 "projektmappen.",
                 "FileSaveAsPdfOrXps", "SomLavOplaeg", python="som_xl.excel.report_entry.lav_beslutningsoplaeg()"),
    RibbonButton("somImporterFunktioner", "Importér funktioner", "Importér Python-funktioner",
                 "Gør SØM's regnefunktioner (UDF'er) tilgængelige som Excel-formler via "
                 "xlwings.",
                 "FunctionWizard", "SomImporterFunktioner", vba="ImportPythonUDFs"),
    RibbonButton("somDelBeregning", "Del beregning", "Del beregningen med andre kommuner",
                 "Beregner og lægger denne beregning i erfaringsdatabasen (ikke kvalitetssikret).",
                 "ShareWorkbook", "SomDelBeregning", python="som_xl.excel.experience_entry.del_beregning()",
                 group="deling"),
    RibbonButton("somImporterBeregning", "Importér beregning", "Importér en delt beregning",
                 "Henter input fra den erfaring, hvis id står på arket Erfaringer, og beregner.",
                 "FileOpen", "SomImporterBeregning",
                 python="som_xl.excel.experience_entry.importer_beregning()", group="deling"),
    RibbonButton("somSoegErfaringer", "Søg erfaringer", "Søg i erfaringsdatabasen",
                 "Søger med felterne på arket Erfaringer og viser de fundne beregninger.",
                 "FindDialog", "SomSoegErfaringer", python="som_xl.excel.experience_entry.soeg_erfaringer()",
                 group="deling"),
)


def _check(buttons: tuple[RibbonButton, ...]) -> None:
    ids = [TAB_ID, *(f"somGroup_{k}" for k in RIBBON_GROUPS), *(b.id for b in buttons)]
    if len(set(ids)) != len(ids):
        raise ValueError("ribbon ids must be unique")
    subs = [b.sub.upper() for b in buttons]
    if len(set(subs)) != len(subs):
        raise ValueError("ribbon callback Sub names must be unique")
    for b in buttons:
        if not _VBA_IDENT.fullmatch(b.sub):
            raise ValueError(f"{b.id}: {b.sub!r} is not a VBA identifier")
        if b.group not in RIBBON_GROUPS:
            raise ValueError(f"{b.id}: unknown group {b.group!r}")
        b.vba_statement()


def render_custom_ui(buttons: tuple[RibbonButton, ...] = RIBBON_BUTTONS) -> str:
    """Render ``customUI/customUI14.xml`` (UTF-8 XML text) for ``buttons``."""
    _check(buttons)
    out = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
        f'<customUI xmlns="{CUSTOMUI_NS}">',
        "  <ribbon>",
        "    <tabs>",
        f'      <tab id="{TAB_ID}" label={quoteattr(TAB_LABEL)} insertAfterMso="TabHome">',
    ]
    for key, group_label in RIBBON_GROUPS.items():
        members = [b for b in buttons if b.group == key]
        if not members:
            continue
        out.append(f'        <group id="somGroup_{key}" label={quoteattr(group_label)}>')
        for b in members:
            out.append(
                f'          <button id="{b.id}" label={quoteattr(b.label)} size="large"'
                f' imageMso="{b.image_mso}" screentip={quoteattr(b.screentip)}'
                f' supertip={quoteattr(b.supertip)} onAction="{b.sub}"/>'
            )
        out.append("        </group>")
    out += ["      </tab>", "    </tabs>", "  </ribbon>", "</customUI>", ""]
    return "\n".join(out)


def render_ribbon_module(buttons: tuple[RibbonButton, ...] = RIBBON_BUTTONS) -> str:
    """Render the ``SomRibbon`` standard module (CRLF text, CP1252-encodable)."""
    _check(buttons)
    lines = [
        f'Attribute VB_Name = "{RIBBON_MODULE_NAME}"',
        "' Ribbon callbacks for the SØM tab.",
        "' GENERATED from RIBBON_BUTTONS in som_xl/workbook/ribbon.py - do not edit;",
        "' regenerate with: python -m som_xl.workbook.ribbon",
        "Option Explicit",
    ]
    for b in buttons:
        lines += [
            "",
            f"' {b.label}: {b.screentip}",
            f"Public Sub {b.sub}(control As IRibbonControl)",
            f"    {b.vba_statement()}",
            "End Sub",
        ]
    return "\r\n".join(lines) + "\r\n"


def write_ribbon_module(path: Path = RIBBON_MODULE_PATH) -> Path:
    """Write the generated ``SomRibbon.bas`` (CP1252, CRLF) and return its path."""
    path.write_bytes(render_ribbon_module().encode("cp1252"))
    return path


if __name__ == "__main__":
    print(write_ribbon_module())
