"""The report's document for a case computed by hand: the numbers, the sentences, the
sources, and the Markdown carrying exactly the texts of the Oplæg sheet."""

import re

from som_xl import fmt
from som_xl.case import compute, parse_case
from som_xl.core.entities import ACTORS, TOTAL_INDEX
from som_xl.knowledge import load_knowledge
from som_xl.report import build_document, to_markdown
from som_xl.report.assumptions import pack_sources
from som_xl.uncertainty import MonteCarloSettings, analyse_computation
from som_xl.workbook import layout as L
from som_xl.workbook.oplaeg_sheet import sheet_rows
from tests.report.helpers import HAND_CASE, hand_case, hand_figures


def _document(data=HAND_CASE, draws=500):
    comp = compute(parse_case(data), load_knowledge())
    report = analyse_computation(comp, monte_carlo_settings=MonteCarloSettings(draws=max(1, draws), seed=7),
                                 run_monte_carlo=draws > 0)
    return comp, report, build_document(comp, report)


def test_key_figures_are_the_hand_computed_npvs_in_danish_formatting():
    hand = hand_figures(HAND_CASE)
    _, _, doc = _document()
    rows = {row[0]: row[1:] for row in doc.section("noegletal").table.rows}
    assert rows["Nettoresultat (nutidsværdi)"] == tuple(fmt.kroner(v) for v in hand["npv"])
    assert rows["Nettoresultat (nutidsværdi)"] == ("-27.885 kr.", "37.019 kr.", "24.519 kr.", "33.654 kr.")
    assert rows["Break-even-succesrate (regnet: 50,0 %)"][0] == fmt.percent(hand["break_even_kommune"]) == "58,1 %"
    sentences = doc.section("breakeven").paragraphs
    assert sentences[0] == ("Indsatsen betaler sig for kommunen, hvis mindst 58,1 % af deltagerne lykkes; "
                            "der er regnet med 50,0 %.")
    assert f"hvis mindst {fmt.percent(hand['break_even_total'])} af deltagerne lykkes" in sentences[3]


def test_assumptions_name_sources_price_years_and_mark_local_prices():
    _, _, doc = _document()
    prices = doc.section("priser").table.rows
    local = next(r for r in prices if r[0].startswith("Kontanthjælp"))
    assert local[2:5] == ("12.500 kr.", "2025", "LOKAL PRIS")
    own = next(r for r in prices if r[0] == "Døgn på egen institution")
    assert own[1:5] == ("-15 døgn (år 0–1)", "1.500 kr.", "2025", "egen vare")
    sources = " ".join(doc.section("kilder").paragraphs)
    for text in ("Testrup Kommunes takstblad 2025", "Testrup Kommunes lokale sats 2025", "Kommunens skøn over døgn"):
        assert text in sources
    pairs = dict(doc.section("forudsaetninger").table.rows)
    assert pairs["Succesrate"] == "50,0 % netto ud over i dag (lav 30,0 %, høj 70,0 %)"
    assert pairs["Evidens og kilde"].startswith("Evidensniveau 3 (før/efter uden kontrolgruppe). Kilde: Kommunens")
    assert pairs["Lokale priser"].startswith("LOKAL PRIS for Kontanthjælp")
    assert "fast rente: 4,0 % alle år" in pairs["Diskonteringsrente"]


def test_uncertainty_shows_three_swings_probability_seed_and_draws():
    _, report, doc = _document()
    rows = doc.section("usikkerhed").table.rows
    assert len(rows) == 3
    assert [r[0] for r in rows] == [row.factor for row in report.tornado.rows[:3]]
    assert rows[0][5] == fmt.kroner(report.tornado.rows[0].swing[3])
    mc = doc.section("montecarlo").paragraphs
    assert fmt.percent(report.monte_carlo.probability_positive[3]) in mc[0]
    assert "500 træk med startværdi (seed) 7" in mc[1]


def test_not_included_and_provenance():
    comp, _, doc = _document()
    text = " ".join(doc.section("ikke_med").paragraphs)
    assert "Kun offentlige budgetter" in text and "ikke beviste årsagsvirkninger" in text
    assert "livskvalitet" in text
    prov = doc.section("oprindelse").paragraphs[0]
    assert f"vidensdatabasen {comp.knowledge.name} {comp.knowledge.version}" in prov
    assert "som_xl " in prov


def _markdown_strings(md: str) -> list[str]:
    """The texts of a Markdown document: headings, paragraphs, table cells (separators skipped)."""
    out = []
    for line in md.splitlines():
        if not line.strip() or re.fullmatch(r"\|[-:|]+\|", line):
            continue
        if line.startswith("|"):
            cells = re.split(r"(?<!\\)\|", line.strip()[1:-1])
            out += [_unescape(c.strip()) for c in cells if c.strip()]
        else:
            out.append(_unescape(re.sub(r"^#+ ", "", line)))
    return out


def _unescape(text: str) -> str:
    """CommonMark's backslash escapes undone (what a renderer shows)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def test_markdown_has_exactly_the_documents_strings_and_the_sheet_rows_too():
    _, _, doc = _document()
    md = to_markdown(doc)
    assert _markdown_strings(md) == doc.strings(markdown=True)
    cells = [v for name, rows in sheet_rows(doc).items() for row in rows for v in row if v]
    assert cells == doc.strings()


def test_every_block_fits_and_long_cases_are_summarised_in_the_last_row():
    data = hand_case()
    data["costs"] = [dict(data["costs"][0], label=f"Linje {i}") for i in range(9)]
    _, _, doc = _document(data, draws=0)
    costs = doc.section("omkostninger").table.rows
    assert len(costs) == L.oplaeg_section("omkostninger").body_rows
    assert costs[-1][0] == "… og 5 linjer mere (se arket Indsats)"
    assert "Monte Carlo er slået fra" in doc.section("montecarlo").paragraphs[0]
    sheet_rows(doc)  # raises if a section does not fit its block


def test_sources_are_packed_into_the_rows_and_counted_when_left_out():
    entries = [f"[{i}] " + "kilde " * 8 for i in range(1, 21)]
    rows = pack_sources(entries, 3)
    assert len(rows) == 3
    assert rows[0].startswith("[1] ") and "[2] " in rows[0]
    assert rows[-1].startswith("… og ") and "kilder mere" in rows[-1]


def test_the_default_uncertainty_settings_are_the_foelsomhed_sheets_defaults():
    """A case file's report (no workbook) uses the uncertainty defaults; a fresh workbook
    uses the Følsomhed sheet's. They must be the same settings."""
    from som_xl.uncertainty import Adjustments, MonteCarloSettings, SensitivitySettings
    from som_xl.workbook.sensitivity_sheet import settings_objects

    sheet = {f.key: f.default for f in L.SENSITIVITY_FIELDS}
    sens, mc, adj, run_mc = settings_objects(sheet)
    assert (sens, mc, adj, run_mc) == (SensitivitySettings(), MonteCarloSettings(), Adjustments(), True)


def test_markdown_shows_the_charts_numbers_not_a_caption_of_no_chart():
    """The sheet's chart has a caption; the Markdown has no chart, so it shows the numbers the
    chart draws (issue 23), here checked against the engine's own results."""
    comp, _, doc = _document()
    md = to_markdown(doc)
    caption = doc.section("diagram").paragraphs[0]
    assert caption.startswith("Søjler") and _unescape(caption) not in _unescape(md)
    section = md.split("## Nettoresultat år for år", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if re.match(r"\| \d{4} \|", line)]
    r = comp.results
    assert [int(line.split("|")[1]) for line in rows] == r.years.tolist()
    for line, t in zip(rows, range(r.years.size), strict=True):
        cells = [c.strip() for c in line.split("|")[2:-1]]
        expected = [*(round(float(r.net[a, t])) for a in range(len(ACTORS))),
                    round(float(r.cumulative_discounted_net[TOTAL_INDEX, t]))]
        assert [int(c.replace(" kr.", "").replace(".", "")) for c in cells] == expected


def test_the_portfolio_markdown_shows_its_charts_numbers_too():
    from som_xl.cli.main import build_parser
    from som_xl.cli.portfolio import build
    from som_xl.paths import examples_dir
    from som_xl.report import portfolio_document

    args = build_parser().parse_args(["portfolio", str(examples_dir() / "housing_first.json"), "--draws", "50"])
    portfolio, choice, year = build(args)
    doc = portfolio_document(portfolio, choice, year, "")
    md = to_markdown(doc)
    assert doc.section("diagram").paragraphs[0] not in md
    cum = portfolio.combined_net().cumsum(axis=1)
    last = next(line for line in md.splitlines() if line.startswith(f"| {portfolio.years[-1]} |"))
    assert fmt.kroner(float(cum[TOTAL_INDEX, -1])) in last
