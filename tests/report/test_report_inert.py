"""The report never lets a file's text or formulas act (issue 12, point 9).

* Markdown: every text that came from a file is escaped, so a title, a description or
  a cost label cannot make a heading, HTML, a link or an image; parsed with a CommonMark
  parser, the only structure is the report's own.
* PDF: LibreOffice renders a copy whose formulas were replaced by their values, with no
  defined names, links, validations or conditional formats left to evaluate.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from openpyxl import load_workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.workbook.defined_name import DefinedName

from ooxml_vba.cached_values import restore_cached_values
from som_xl.case import load_and_compute, parse_case, read_case_file
from som_xl.paths import examples_dir, template_path
from som_xl.report import build_document, to_markdown
from som_xl.service.workbooks import fill_from_case
from som_xl.workbook import layout as L

EXAMPLE = examples_dir() / "housing_first.json"
HOSTILE = {
    "title": "# Overtaget <script>alert(1)</script> [klik](http://evil.example) ![x](http://evil.example/x.png)",
    "description": "Tekst\n\n## Falsk overskrift\n- punkt\n1. nummer\n> citat\n<img src=x onerror=alert(1)>\n"
                   "***fed*** `kode` https://evil.example/auto <http://evil.example/vinkel>\n===\n---",
    "owner": {"name": "<b>Kommune</b> [a](javascript:alert(1))"},
}


def _hostile_case(tmp_path: Path) -> Path:
    data = json.loads(EXAMPLE.read_text("utf-8"))
    data.update(HOSTILE)
    data["costs"][0]["label"] = "![billede](http://evil.example/i.png) | **tabel**"
    path = tmp_path / "fjendtlig.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


def _tokens(md: str) -> list:
    parser = MarkdownIt("commonmark").enable("table")
    flat = []
    for token in parser.parse(md):
        flat.append(token)
        flat.extend(token.children or ())
    return flat


def test_markdown_escapes_every_text_from_the_file(tmp_path):
    comp = load_and_compute(_hostile_case(tmp_path))
    doc = build_document(comp)
    md = to_markdown(doc)
    tokens = _tokens(md)
    kinds = {t.type for t in tokens}
    assert not kinds & {"link_open", "image", "html_inline", "html_block", "blockquote_open", "bullet_list_open",
                        "ordered_list_open", "code_inline", "em_open", "strong_open", "hr"}, kinds
    headings = [t for t in tokens if t.type == "heading_open"]
    assert len(headings) == 1 + len(doc.sections)  # the title and one per section: none from the file
    assert "http://evil.example" not in md and "https://evil.example" not in md  # no bare links either
    text = "".join(t.content for t in tokens if t.type == "text")
    assert "<script>alert(1)</script>" in text and "## Falsk overskrift" in text  # kept, as text


def test_markdown_of_plain_text_stays_readable():
    md = to_markdown(build_document(load_and_compute(EXAMPLE)))
    assert "Housing First" in md and "\\." not in md.split("\n", 1)[0]


def _hostile_workbook(tmp_path: Path) -> Path:
    path = tmp_path / "sag.xlsm"
    fill_from_case(path, parse_case(read_case_file(EXAMPLE)), base=template_path())
    wb = load_workbook(path, keep_vba=True)
    res = wb[L.RESULTATER]
    res["Z1"] = '=WEBSERVICE("http://evil.example/pdf")'
    res["Z2"] = "=cmd|' /C calc'!A0"
    wb.defined_names["hent"] = DefinedName("hent", attr_text='WEBSERVICE("http://evil.example/navn")')
    res.conditional_formatting.add("Z3", FormulaRule(formula=['WEBSERVICE("http://evil.example/cf")']))
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(restore_cached_values(buf.getvalue(), {(L.RESULTATER, "Z1"): "svar", (L.RESULTATER, "Z2"): 0}))
    return path


def test_the_copy_libreoffice_renders_has_values_only(tmp_path, monkeypatch):
    import som_xl.workbook.render as render
    from som_xl.workbook.oplaeg_export import make_report

    seen = {}

    def fake_to_pdf(path, outdir, timeout=120):
        seen["xlsx"] = Path(path).read_bytes()
        out = Path(outdir) / (Path(path).stem + ".pdf")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(b"%PDF-1.4 fake")
        return out

    monkeypatch.setattr(render, "to_pdf", fake_to_pdf)
    make_report(_hostile_workbook(tmp_path), tmp_path / "o.pdf")
    with zipfile.ZipFile(io.BytesIO(seen["xlsx"])) as z:
        parts = {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xml", ".rels"))}
    for name, xml in parts.items():
        if name.startswith("xl/worksheets/"):
            assert not re.search(r"<(?:\w+:)?f[\s>/]", xml), f"a formula in {name}"
            assert "<conditionalFormatting" not in xml and "<dataValidation" not in xml
    names = re.findall(r'<definedName [^>]*name="([^"]+)"', parts["xl/workbook.xml"])
    assert set(names) <= {"_xlnm.Print_Area", "_xlnm.Print_Titles"}, names
    assert "WEBSERVICE" not in "".join(parts.values())
    assert 'TargetMode="External"' not in "".join(parts.values())


@pytest.mark.libreoffice
def test_the_hostile_workbook_still_gives_its_report_as_pdf(tmp_path):
    from som_xl.workbook.oplaeg_export import make_report
    from som_xl.workbook.render import pdf_text

    make_report(_hostile_workbook(tmp_path), tmp_path / "o.pdf")
    assert "Beslutningsoplæg" in pdf_text(tmp_path / "o.pdf")
