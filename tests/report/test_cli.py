"""``som-xl report``: PDF of the Oplæg sheet (LibreOffice) with the hand-computed figures,
at most two A4 pages; Markdown with the same text; exit 2 with a Danish message on
invalid input; the user's workbook is never modified."""

import json
import re
import shutil
import subprocess

import pytest

from som_xl import fmt
from som_xl.cli.main import main
from som_xl.knowledge import load_knowledge
from som_xl.paths import examples_dir, template_path
from tests.report.helpers import HAND_CASE, hand_figures


def _case(tmp_path, data=HAND_CASE):
    path = tmp_path / "hand.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


EXAMPLES = ["indsatte_mentor.json", "housing_first.json", "egen_maalgruppe_mentor.json",
            "housing_first_opfoelgning.json"]


def _pdf_pages(pdf) -> tuple[int, list[str]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    return pages, re.findall(r"Page\s+\d+ size:\s+(.*)", info)


def _text(pdf) -> str:
    from som_xl.workbook.render import pdf_text

    return pdf_text(pdf)


@pytest.mark.libreoffice
def test_pdf_of_a_hand_computed_case_has_its_numbers_sources_and_version(tmp_path, capsys):
    out = tmp_path / "oplaeg.pdf"
    assert main(["report", str(_case(tmp_path)), "-o", str(out)]) == 0
    assert "Beslutningsoplæg (pdf)" in capsys.readouterr().out
    text = _text(out)
    hand = hand_figures(HAND_CASE)
    flat = " ".join(text.split())
    for value in hand["npv"]:  # total and per actor, Danish formatting
        assert fmt.kroner(value) in flat
    assert "hvis mindst 58,1 % af deltagerne lykkes; der er regnet med 50,0 %" in flat
    assert fmt.percent(hand["break_even_total"]) == "42,8 %" and "42,8 %" in flat
    for source in ("Testrup Kommunes takstblad 2025", "Testrup Kommunes lokale sats 2025"):
        assert source in flat
    assert "LOKAL PRIS" in flat
    k = load_knowledge()
    assert f"{k.name} {k.version}" in flat
    assert "Indsats" not in re.sub(r"arket Indsats|indsatsen|Indsatsen", "", flat)  # no other sheet printed
    pages, sizes = _pdf_pages(out)
    assert pages <= 2 and text.count("\f") <= 2
    assert all(s.startswith("595.") and "x 841." in s and "(A4)" in s for s in sizes)


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", EXAMPLES)
def test_example_reports_fit_on_two_a4_pages(tmp_path, name):
    src = examples_dir() / name
    if not src.exists():
        pytest.skip(f"{name} is not in this checkout")
    out = tmp_path / "oplaeg.pdf"
    assert main(["report", str(src), "-o", str(out)]) == 0
    pages, sizes = _pdf_pages(out)
    assert 1 <= pages <= 2 and len(sizes) == pages
    # what the result rests on is printed, and the consequences' description is the package's
    flat = " ".join(_text(out).split())
    from som_xl.case import load_and_compute
    from som_xl.case.sourcing import sentence

    grounds = sentence(load_and_compute(src).sourcing)  # each example's own, primary to illustrative
    assert f"Grundlag: {grounds[:60]}" in flat and "register" not in flat.lower()
    assert ("Ingen af gevinsterne bygger på illustrative tal" in flat) == (name == "indsatte_mentor.json")


@pytest.mark.libreoffice
def test_a_long_case_is_summarised_to_two_pages(tmp_path):
    data = json.loads(json.dumps(HAND_CASE))
    data["description"] = "Lang beskrivelse " * 80
    data["costs"] = [dict(data["costs"][0], label=f"Omkostning nummer {i} med en lang betegnelse der fylder")
                     for i in range(20)]
    data["items"] = [dict(data["items"][0], item=f"egen_{i}", name=f"En meget lang varebetegnelse nummer {i} "
                          "for en egen vare", source=f"Kommunens lange kildeangivelse nummer {i} " * 3)
                     for i in range(20)]
    data["consequences"] = [{"item": f"egen_{i}", "per_success_by_year": [-1.5] * 11,
                             "source": f"Skøn nummer {i} " * 4} for i in range(20)]
    data["local_prices"] = []
    out = tmp_path / "lang.pdf"
    assert main(["report", str(_case(tmp_path, data)), "-o", str(out)]) == 0
    assert _pdf_pages(out)[0] <= 2
    assert "… og 16 linjer mere (se arket Indsats)" in " ".join(_text(out).split())


def test_markdown_from_a_workbook_leaves_the_workbook_untouched(tmp_path):
    from som_xl.case import parse_case
    from som_xl.service.workbooks import fill_from_case

    book = tmp_path / "hand.xlsm"
    fill_from_case(book, parse_case(HAND_CASE), base=template_path())
    before = book.read_bytes()
    out = tmp_path / "oplaeg.md"
    assert main(["report", str(book), "-o", str(out)]) == 0  # format from the suffix
    assert book.read_bytes() == before
    md = out.read_text("utf-8")
    assert md.startswith("# Beslutningsoplæg: Håndregnet mentorforløb\n")
    assert "| Nettoresultat (nutidsværdi) | -27.885 kr. | 37.019 kr. | 24.519 kr. | 33.654 kr. |" in md
    assert not list(tmp_path.glob(".*.tmp"))  # atomic write left nothing behind


@pytest.mark.parametrize("args, message", [
    (["missing.json"], "filen findes ikke"),
    (["notes.txt"], "ukendt filtype"),
    (["bad.json"], "Fejl i input"),
    (["hand.json", "--format", "md", "-o", "nowhere/out.md"], "mappen til oplægget findes ikke"),
])
def test_invalid_input_exits_2_with_a_danish_message(tmp_path, monkeypatch, capsys, args, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("x", "utf-8")
    (tmp_path / "bad.json").write_text(json.dumps({**HAND_CASE, "effect": {"success_rate": 2}}), "utf-8")
    _case(tmp_path)
    assert main(["report", *args]) == 2
    assert message in capsys.readouterr().err
    assert not list(tmp_path.glob("*oplaeg*")) and not (tmp_path / "nowhere").exists()


def test_template_without_oplaeg_sheet_is_refused_in_danish(tmp_path, capsys):
    from openpyxl import load_workbook

    book = tmp_path / "old.xlsm"
    shutil.copy(template_path(), book)
    wb = load_workbook(book, keep_vba=True)
    del wb["Oplæg"]
    wb.save(book)
    assert main(["report", str(book), "--format", "md", "-o", str(tmp_path / "o.md")]) == 2
    assert "Arket Oplæg mangler" in capsys.readouterr().err


def _without_times(md: str) -> str:
    """The Markdown with its calculation times blanked (they differ between two runs)."""
    md = re.sub(r"beregnet \d\d\.\d\d\.\d{4}", "beregnet DATO", md)
    return re.sub(r"Beregnet \d\d\.\d\d\.\d{4} kl\. \d\d:\d\d UTC", "Beregnet TID", md)


@pytest.mark.parametrize("name", EXAMPLES)
def test_markdown_of_a_case_file_says_what_the_workbook_of_that_case_says(tmp_path, name):
    """The case file's Markdown is computed directly; a workbook filled from the same case
    and reported through the Oplæg sheet gives the same text."""
    from som_xl.case import parse_case, read_case_file
    from som_xl.service.workbooks import fill_from_case

    case = examples_dir() / name
    book = tmp_path / "sag.xlsm"
    fill_from_case(book, parse_case(read_case_file(case)), base=template_path())
    direct, via_book = tmp_path / "direct.md", tmp_path / "book.md"
    assert main(["report", str(case), "-o", str(direct)]) == 0
    assert main(["report", str(book), "-o", str(via_book)]) == 0
    assert _without_times(direct.read_text("utf-8")) == _without_times(via_book.read_text("utf-8"))


def test_markdown_of_a_case_file_never_loads_a_workbook(tmp_path):
    """No spreadsheet library and no recalculation is imported on the case file's Markdown path."""
    import sys

    out = tmp_path / "oplaeg.md"
    code = ("import sys; from som_xl.cli.main import main; "
            f"rc = main(['report', {str(_case(tmp_path))!r}, '-o', {str(out)!r}]); "
            "print(rc, sorted(m for m in sys.modules if m.split('.')[0] == 'openpyxl' "
            "or m in ('som_xl.workbook.recalc', 'som_xl.workbook.openpyxl_backend')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[-2] == "0 []", done.stdout + done.stderr
    assert out.read_text("utf-8").startswith("# Beslutningsoplæg: Håndregnet mentorforløb\n")
