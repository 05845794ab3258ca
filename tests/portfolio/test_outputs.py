"""``som-xl portfolio -o``: the Portefølje workbook (values equal to the portfolio room's,
two native charts, the Resumé sheet), the one-page summary as Markdown and PDF, from one
document."""

import re
import subprocess
import zipfile

import pytest
from openpyxl import load_workbook

from som_xl.cli.main import build_parser, main
from som_xl.cli.portfolio import build
from som_xl.core import TOTAL_INDEX
from som_xl.paths import examples_dir
from som_xl.report import portfolio_document, to_markdown
from som_xl.workbook.layout import portefoelje as P
from som_xl.workbook.portfolio_book import save_portfolio
from tests.workbook.test_recalc import block_values

SOURCES = [str(examples_dir() / n) for n in
           ("egen_maalgruppe_mentor.json", "housing_first.json", "housing_first_opfoelgning.json")]
BUDGET = ["--budget", "6000000", "--budget-years", "2025-2028", "--draws", "300"]


@pytest.fixture(scope="module")
def computed():
    return build(build_parser().parse_args(["portfolio", *SOURCES, *BUDGET]))


def test_the_workbook_holds_the_portfolio_rooms_numbers(tmp_path, computed):
    portfolio, choice, year = computed
    out = tmp_path / "p.xlsx"
    assert main(["portfolio", *SOURCES, *BUDGET, "-o", str(out)]) == 0
    wb = load_workbook(out)
    assert wb.sheetnames == [P.PORTEFOELJE, P.RESUME]
    rows = [r for r in block_values(out, P.PF_INTERVENTIONS.name) if r[0] is not None]
    cols = [c.key for c in P.PF_INTERVENTIONS.columns]
    assert [r[cols.index("title")] for r in rows] == [i.title for i in portfolio.interventions]
    for k, r in enumerate(rows):
        assert r[cols.index("npv_total")] == pytest.approx(float(portfolio.npv[k, TOTAL_INDEX]))
        assert r[cols.index("budget_cost")] == pytest.approx(float(choice.net_costs[k]))
        assert r[cols.index("chosen")] == ("ja" if k in choice.exact.chosen else "nej")
    years = [r for r in block_values(out, P.PF_YEARS.name) if r[0] is not None]
    assert [r[0] for r in years] == portfolio.years.tolist()
    assert [r[1] for r in years[:5]] == ["budgetår", "overslagsår", "overslagsår", "overslagsår", None]
    net = portfolio.combined_net()
    assert [r[2 + TOTAL_INDEX] for r in years] == pytest.approx(net[TOTAL_INDEX].tolist())
    assert years[-1][6 + TOTAL_INDEX] == pytest.approx(float(net[TOTAL_INDEX].sum()))
    with zipfile.ZipFile(out) as z:
        charts = " ".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/charts/chart"))
        assert "vbaProject.bin" not in " ".join(z.namelist())
    assert "Omkostninger og nettoresultat pr. indsats" in charts and "akkumuleret nettoresultat pr. aktør" in charts


def test_markdown_is_the_document(tmp_path, computed):
    portfolio, choice, year = computed
    out = tmp_path / "p.md"
    save_portfolio(out, portfolio, choice, year, "viden 1")
    doc = portfolio_document(portfolio, choice, year, "viden 1")
    assert out.read_text("utf-8") == to_markdown(doc)
    text = out.read_text("utf-8")
    assert "## Valg inden for budgettet" in text
    # each intervention's share is its own calculation's (the mentor example's kontanthjælp in 2025 is sourced)
    from som_xl import fmt
    from som_xl.case import load_and_compute

    mentor = load_and_compute(SOURCES[0]).sourcing.gains_share_illustrative
    assert 0.5 < mentor < 1
    assert ("bygger på illustrative tal (projektets eksempeltal, ikke SØM's officielle skøn): "
            f"indsats 1 {fmt.percent(mentor, 0)}, indsats 2 100 %") in text
    assert "kr.." not in text
    # the table says which were chosen, in input order
    assert re.search(r"\| 1 Mentorforløb.*\| ja \|", text)


def test_more_than_twenty_interventions_are_summarised_in_the_document(computed):
    from som_xl.portfolio import combine

    many = combine(list(computed[0].interventions) * 8, lambda f, t: 1.0)
    rows = portfolio_document(many).section("indsatser").table.rows
    assert len(rows) == 21 and rows[-1][0] == "… og 4 indsatser mere (se arket Portefølje)"


def test_unknown_output_type_exits_2_in_danish(tmp_path, capsys):
    assert main(["portfolio", SOURCES[0], "--draws", "10", "-o", str(tmp_path / "p.docx")]) == 2
    assert "-o skal ende på .xlsx" in capsys.readouterr().err


@pytest.mark.libreoffice
def test_the_pdf_is_one_page_with_the_summary(tmp_path):
    from som_xl.workbook.render import pdf_text

    out = tmp_path / "p.pdf"
    assert main(["portfolio", *SOURCES, *BUDGET, "-o", str(out)]) == 0
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M)
    text = " ".join(pdf_text(out).split())
    assert "Prioritering: 3 indsatser" in text and "Valg inden for budgettet" in text
    assert "2025 (budgetår)" in text
