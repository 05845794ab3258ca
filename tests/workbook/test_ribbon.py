"""The ribbon: one declaration -> customUI14.xml and SomRibbon.bas, kept in sync."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from defusedxml import ElementTree as SafeET

from ooxml_vba.project import build_vba_project
from som_xl.workbook import ribbon
from som_xl.workbook.ribbon import (
    CUSTOMUI_NS,
    RIBBON_BUTTONS,
    RIBBON_MODULE_PATH,
    RibbonButton,
    render_custom_ui,
    render_ribbon_module,
)
from som_xl.workbook.vba_sources import template_modules

# The subset of [MS-CUSTOMUI2] 5.1 (customUI 2009/07 schema) our ribbon uses:
# element -> (allowed children, required attributes, allowed attributes).
_ID_ATTRS = {"id", "idMso", "idQ"}
_TEXT = {"label", "screentip", "supertip"}
SCHEMA = {
    "customUI": ({"ribbon"}, set(), {"onLoad", "loadImage"}),
    "ribbon": ({"tabs"}, set(), {"startFromScratch"}),
    "tabs": ({"tab"}, set(), set()),
    "tab": ({"group"}, {"label"}, _ID_ATTRS | {"label", "insertAfterMso", "insertBeforeMso",
                                               "visible", "keytip", "tag"}),
    "group": ({"button"}, {"label"}, _ID_ATTRS | {"label", "visible", "imageMso", "tag"}),
    "button": (set(), {"label", "onAction"},
               _ID_ATTRS | _TEXT | {"onAction", "imageMso", "size", "visible", "enabled",
                                    "keytip", "tag", "showLabel", "showImage"}),
}
_NCNAME = re.compile(r"[A-Za-z_][\w.\-]*\Z")
_SUB = re.compile(r"^\s*(?:Public\s+)?Sub\s+(\w+)\s*\(\s*control\s+As\s+IRibbonControl\s*\)",
                  re.I | re.M)


def validate_custom_ui(xml: str) -> list[str]:
    """Structural check against the schema subset above; returns problems."""
    problems: list[str] = []
    root = SafeET.fromstring(xml.encode("utf-8"))
    ids: list[str] = []

    def visit(el, parent_children: set[str]) -> None:
        ns, _, name = el.tag[1:].partition("}")
        if ns != CUSTOMUI_NS:
            problems.append(f"{el.tag}: wrong namespace")
            return
        if name not in SCHEMA or name not in parent_children:
            problems.append(f"{name}: not allowed here")
            return
        children, required, allowed = SCHEMA[name]
        for attr in el.attrib:
            if attr not in allowed:
                problems.append(f"{name}: attribute {attr} not allowed")
        for attr in required - set(el.attrib):
            problems.append(f"{name}: missing {attr}")
        if name in ("tab", "group", "button"):
            given = _ID_ATTRS & set(el.attrib)
            if len(given) != 1:
                problems.append(f"{name}: needs exactly one of id/idMso/idQ")
        for attr in ("id", "imageMso", "insertAfterMso"):
            value = el.get(attr)
            if value is not None and not (_NCNAME.match(value) and len(value) <= 1024):
                problems.append(f"{name}: {attr}={value!r} is not an NCName <= 1024")
        if el.get("id"):
            ids.append(el.get("id"))
        for attr in _TEXT:
            value = el.get(attr)
            if value is not None and not 1 <= len(value) <= 1024:
                problems.append(f"{name}: {attr} must be 1..1024 characters")
        if el.get("size") not in (None, "normal", "large"):
            problems.append(f"{name}: bad size")
        for child in el:
            visit(child, children)

    visit(root, {"customUI"})
    if len(ids) != len(set(ids)):
        problems.append("duplicate ids")
    return problems


def test_custom_ui_conforms_to_schema_subset() -> None:
    xml = render_custom_ui()
    assert validate_custom_ui(xml) == []
    root = SafeET.fromstring(xml.encode())
    tab = root.find(f".//{{{CUSTOMUI_NS}}}tab")
    assert tab.get("label") == "SØM"
    labels = [b.get("label") for b in root.iter(f"{{{CUSTOMUI_NS}}}button")]
    assert labels == [b.label for b in RIBBON_BUTTONS]
    # The buttons the issues ask for: calculation (#3) and sharing (#6).
    assert {"Beregn", "Opdatér viden", "Importér funktioner", "Del beregning",
            "Importér beregning"} <= set(labels)


def test_validator_catches_problems() -> None:
    bad = render_custom_ui().replace('onAction="SomBeregn"', "").replace(
        'id="somOpdaterViden"', 'id="9bad"')
    problems = validate_custom_ui(bad)
    assert any("missing onAction" in p for p in problems)
    assert any("NCName" in p for p in problems)


def _callback_subs(modules) -> dict[str, str]:
    return {name.upper(): m.name for m in modules for name in _SUB.findall(m.source)}


def test_every_on_action_names_a_ribbon_sub_in_the_vba_project() -> None:
    modules = template_modules(["Sheet1"])
    subs = _callback_subs(modules)
    root = SafeET.fromstring(render_custom_ui().encode())
    actions = [b.get("onAction") for b in root.iter(f"{{{CUSTOMUI_NS}}}button")]
    assert actions
    for action in actions:
        assert action.upper() in subs, f"onAction {action} has no Sub (control As IRibbonControl)"
        assert subs[action.upper()] == "SomRibbon"
    build_vba_project(modules)  # and the project builds


def test_resolution_fails_for_a_missing_sub() -> None:
    modules = template_modules(["Sheet1"])
    subs = _callback_subs(modules)
    assert "SOMMANGLER" not in subs
    assert "RUNMAIN" not in subs  # xlwings' standalone VBA has no ribbon-signature Sub


def test_python_and_vba_targets() -> None:
    bas = render_ribbon_module()
    assert 'RunPython "import som_xl.excel.ribbon as r; r.beregn()"' in bas
    assert 'RunPython "import som_xl.excel.ribbon as r; r.opdater_viden()"' in bas
    assert "\r\n    ImportPythonUDFs\r\n" in bas
    assert bas.startswith('Attribute VB_Name = "SomRibbon"\r\n')
    bas.encode("cp1252")


def test_committed_bas_equals_generation() -> None:
    committed = RIBBON_MODULE_PATH.read_bytes().decode("cp1252").replace("\r\n", "\n")
    assert committed == render_ribbon_module().replace("\r\n", "\n"), \
        "run: python -m som_xl.workbook.ribbon"


def test_adding_a_button_is_one_line() -> None:
    extra = RibbonButton("somEkstra", "Ekstra", "En ekstra knap",
                         "Gemmer casen som fil, der kan deles.", "FileSaveAs",
                         "SomEkstra", python="som_xl.excel.ribbon.ekstra()")
    buttons = (*RIBBON_BUTTONS, extra)
    assert validate_custom_ui(render_custom_ui(buttons)) == []
    assert "Public Sub SomEkstra(control As IRibbonControl)" in render_ribbon_module(buttons)


@pytest.mark.parametrize("change", [
    {"python": None},
    {"vba": "ImportPythonUDFs"},
    {"python": 'os.system("x")'},
    {"sub": "Not valid"},
    {"group": "ukendt"},
])
def test_bad_declarations_rejected(change: dict) -> None:
    buttons = (replace(RIBBON_BUTTONS[0], **change),)
    with pytest.raises(ValueError):
        render_custom_ui(buttons)


def test_duplicate_ids_and_subs_rejected() -> None:
    with pytest.raises(ValueError):
        render_custom_ui((RIBBON_BUTTONS[0], RIBBON_BUTTONS[0]))
    assert ribbon.TAB_ID == "somTab"
