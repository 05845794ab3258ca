"""What a person sees: LibreOffice opens the template and a recalculated workbook and
converts both to PDF; the Resultater pages carry the key figures."""

import re

import pytest

from som_xl.case import compute, parse_case
from som_xl.paths import examples_dir, template_path
from som_xl.service.workbooks import fill_from_case
from som_xl.workbook.render import pdf_text, to_pdf

pytestmark = pytest.mark.libreoffice


def digits(text: str) -> str:
    return re.sub(r"[.,\s\u00a0]", "", text)


def test_libreoffice_converts_the_template(tmp_path):
    pdf = to_pdf(template_path(), tmp_path)
    text = pdf_text(pdf)
    assert "Den Socialøkonomiske Investeringsmodel" in text
    assert "Tidshorisont" in text


def test_recalculated_workbook_renders_with_its_key_figures(tmp_path):
    case = parse_case(__import__("json").loads((examples_dir() / "housing_first.json").read_text("utf-8")))
    path = tmp_path / "demo.xlsm"
    fill_from_case(path, case, base=template_path())
    text = pdf_text(to_pdf(path, tmp_path))
    npv = compute(case).results.npv
    assert "Nettoresultat (nutidsværdi)" in text
    assert "Break-even-succesrate" in text
    flat = digits(text)
    for value in npv:  # LibreOffice's number format, separators aside
        assert str(abs(round(float(value)))) in flat
