"""VBA modules as Excel stores them: document, class and standard modules, and exported
``.bas``/``.cls`` files turned into the stored form ([MS-OVBA] 2.3.4.3).

Exported ``.cls`` files start with a ``VERSION 1.0 CLASS`` / ``BEGIN`` ... ``END``
block that the VBE strips on import, and the VBE adds ``VB_Base``,
``VB_TemplateDerived`` and ``VB_Customizable`` attributes; these functions do the same,
so the stored source matches what Excel keeps in a module stream. Line endings are CRLF.

>>> standard_module("Hello", "Sub Hi()\\nEnd Sub").source.splitlines()[0]
'Attribute VB_Name = "Hello"'
"""

from __future__ import annotations

import re

from .errors import InvalidInput
from .project import VbaModule

# VB_Base values Excel writes: the Workbook and Worksheet coclasses, and the
# generic class-module base.
WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"
WORKSHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"
CLASS_BASE = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"



def _attrs(name: str, base: str, *, predeclared: bool, exposed: bool,
           customizable: bool) -> list[str]:
    def b(flag: bool) -> str:
        return "True" if flag else "False"
    return [
        f'Attribute VB_Name = "{name}"',
        f'Attribute VB_Base = "{base}"',
        "Attribute VB_GlobalNameSpace = False",
        "Attribute VB_Creatable = False",
        f"Attribute VB_PredeclaredId = {b(predeclared)}",
        f"Attribute VB_Exposed = {b(exposed)}",
        "Attribute VB_TemplateDerived = False",
        f"Attribute VB_Customizable = {b(customizable)}",
    ]


def _join(header: list[str], body: str) -> str:
    body = body.replace("\r\n", "\n")
    return "\r\n".join(header) + "\r\n" + (body.replace("\n", "\r\n") if body else "")


def document_module(name: str, *, workbook: bool = False, body: str = "") -> VbaModule:
    """A document module (``ThisWorkbook`` or a worksheet's codeName) with Excel's header."""
    header = _attrs(name, WORKBOOK_BASE if workbook else WORKSHEET_BASE,
                    predeclared=True, exposed=True, customizable=True)
    return VbaModule(name, "document", _join(header, body))


def class_module(name: str, body: str, *, exposed: bool = False,
                 predeclared: bool = False) -> VbaModule:
    """A class module with the attribute header the VBE stores for ``Class=`` modules."""
    header = _attrs(name, CLASS_BASE, predeclared=predeclared, exposed=exposed,
                    customizable=False)
    return VbaModule(name, "class", _join(header, body))


def standard_module(name: str, body: str) -> VbaModule:
    """A standard (``.bas``) module: only ``VB_Name`` precedes the code."""
    return VbaModule(name, "standard", _join([f'Attribute VB_Name = "{name}"'], body))


def module_from_export(text: str) -> VbaModule:
    """Turn an exported ``.bas``/``.cls`` file into the module as Excel stores it.

    Raises
    ------
    ValueError
        If the text has no ``Attribute VB_Name`` line.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    is_class = bool(lines) and lines[0].strip().upper().startswith("VERSION 1.0 CLASS")
    if is_class:
        end = next(i for i, line in enumerate(lines) if line.strip().upper() == "END")
        lines = lines[end + 1:]
    match = re.fullmatch(r'Attribute VB_Name = "([^"]+)"', lines[0] if lines else "")
    if not match:
        raise InvalidInput("exported VBA must start with Attribute VB_Name")
    name = match.group(1)
    if not is_class:
        return VbaModule(name, "standard", "\r\n".join(lines))
    n_attr = next((i for i, line in enumerate(lines) if not line.startswith("Attribute ")),
                  len(lines))
    attrs, body = lines[:n_attr], lines[n_attr:]
    keys = {a.split("=")[0].split()[1] for a in attrs}
    if "VB_Base" not in keys:
        attrs.insert(1, f'Attribute VB_Base = "{CLASS_BASE}"')
    extra = [a for k, a in (("VB_TemplateDerived", "Attribute VB_TemplateDerived = False"),
                            ("VB_Customizable", "Attribute VB_Customizable = False"))
             if k not in keys]
    at = next((i + 1 for i, a in enumerate(attrs) if a.startswith("Attribute VB_Exposed")),
              len(attrs))
    attrs[at:at] = extra
    return VbaModule(name, "class", "\r\n".join(attrs + body))
