"""What a user sees in a terminal (issue 23, point 1): styles render in a terminal and
vanish in a pipe (never markup such as ``[bold]``), tables take the terminal's width
(``COLUMNS``), wrap their words and never cut a number, and a source id is never split.

The commands run as a user runs them: a fresh ``som-xl`` process, its output piped, or
written to a pseudo-terminal (a real terminal as far as the program can tell).
"""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys

import pytest

from som_xl.paths import examples_dir

EXAMPLES = sorted(str(p) for p in examples_dir().glob("*.json"))
FOLLOWED = str(examples_dir() / "housing_first_opfoelgning.json")
MENTOR = str(examples_dir() / "egen_maalgruppe_mentor.json")
PLAN = str(examples_dir() / "housing_first.json")
MARKUP = re.compile(r"\[/?(?:bold|yellow|red|green|italic|b|i)\]")
CUT_NUMBER = re.compile(r"\d…|…\d")
ANSI = "\x1b["


def som_xl(*args: str, columns: int | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE", "COLUMNS")}
    if columns is not None:
        env["COLUMNS"] = str(columns)
    done = subprocess.run([sys.executable, "-m", "som_xl.cli.main", *args], capture_output=True, text=True,
                          env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def som_xl_in_a_terminal(*args: str, columns: int = 100) -> str:
    """The output as a terminal receives it: the program's standard output is a pty."""
    main, child = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE")}
    env.update(COLUMNS=str(columns), TERM="xterm-256color")
    proc = subprocess.Popen([sys.executable, "-m", "som_xl.cli.main", *args], stdout=child,
                            stderr=subprocess.PIPE, env=env)
    os.close(child)
    chunks = []
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:  # the pty closes when the program ends
            break
        if not data:
            break
        chunks.append(data)
    os.close(main)
    assert proc.wait(timeout=300) == 0, proc.stderr.read().decode() if proc.stderr else ""
    return b"".join(chunks).decode("utf-8")


def danish(v: float) -> str:
    """An amount as the tables print it, written independently of som_xl.fmt."""
    return f"{round(v):,}".replace(",", ".")


def test_portfolio_piped_has_no_markup_no_colour_and_no_cut_number():
    """The check from the issue: COLUMNS=100 som-xl portfolio examples/*.json --budget 6.000.000."""
    out = som_xl("portfolio", *EXAMPLES, "--budget", "6.000.000", "--draws", "500", columns=100)
    assert not MARKUP.search(out), MARKUP.search(out)
    assert not CUT_NUMBER.search(out), CUT_NUMBER.search(out)
    assert ANSI not in out
    assert max(len(line) for line in out.splitlines() if "│" in line or "┃" in line) <= 100
    data = json.loads(som_xl("portfolio", *EXAMPLES, "--draws", "500", "--json"))
    for item in data["interventions"]:  # every NPV whole, in the table's rows
        for v in item["npv"].values():
            assert re.search(rf"│\s*{re.escape(danish(v))}\s*│", out), danish(v)


@pytest.mark.parametrize("args", [
    ("portfolio", MENTOR, PLAN, "--budget", "3.000.000", "--draws", "200"),
    ("follow-up", FOLLOWED, "--draws", "200"),
    ("calc", MENTOR),
    ("sensitivity", PLAN, "--draws", "200"),
], ids=["portfolio", "follow-up", "calc", "sensitivity"])
def test_in_a_terminal_styles_render_and_no_markup_shows(args):
    out = som_xl_in_a_terminal(*args, columns=100)
    assert "\x1b[1m" in out  # bold, as a terminal shows it
    assert not MARKUP.search(out), MARKUP.search(out)
    assert not CUT_NUMBER.search(out)


def test_tables_use_the_terminals_width():
    wide = som_xl("portfolio", *EXAMPLES, "--draws", "200", columns=200)
    title = "Housing First med bostøtte til hjemløse borgere: opfølgning efter to år"
    assert any(title in line and "│" in line for line in wide.splitlines())  # one line, not wrapped
    narrow = som_xl("portfolio", *EXAMPLES, "--draws", "200", columns=80)
    assert not any(title in line for line in narrow.splitlines())  # wrapped at words
    assert max(len(line) for line in narrow.splitlines() if "│" in line) <= 80
    assert "opfølgning" in narrow and not CUT_NUMBER.search(narrow)


@pytest.mark.parametrize("columns", [50, 80, 100])
@pytest.mark.parametrize("args", [
    ("calc", PLAN), ("follow-up", FOLLOWED, "--draws", "200"), ("sensitivity", MENTOR, "--draws", "200"),
    ("demo", "--no-workbook"),
], ids=["calc", "follow-up", "sensitivity", "demo"])
def test_no_number_is_cut_at_any_width(args, columns):
    out = som_xl(*args, columns=columns)
    assert not CUT_NUMBER.search(out), CUT_NUMBER.search(out)
    assert "…" not in "".join(line for line in out.splitlines() if "│" in line)
    assert not MARKUP.search(out)
    if columns >= 80:  # every table fits an ordinary terminal; a narrower one gets wider tables, uncut
        assert max(len(line) for line in out.splitlines() if "│" in line) <= columns


def test_calc_shows_every_key_figure_whole_in_a_narrow_terminal():
    out = som_xl("calc", PLAN, columns=60)
    data = json.loads(som_xl("calc", PLAN, "--json"))
    for key in ("pv_costs", "pv_gains", "npv"):
        for v in data[key].values():
            assert re.search(rf"│\s*{re.escape(danish(v))}\s*│", out), (key, danish(v))
    for row in data["years"]:
        assert danish(row["net"]) in out


def test_knowledge_sources_shows_every_id_whole():
    ids = [s["source_id"] for s in json.loads(som_xl("knowledge", "sources", "--json"))]
    for columns in (60, 80):
        out = som_xl("knowledge", "sources", columns=columns)
        words = set(out.split())
        assert all(i in words for i in ids), [i for i in ids if i not in words]


def test_recalc_in_a_pipe_prints_its_lines_and_nothing_else(tmp_path):
    books = [tmp_path / f"{name}.xlsm" for name in ("a", "b")]
    for book in books:
        som_xl("new", str(book), "--case", PLAN)
    out = som_xl("recalc", *map(str, books))
    lines = out.splitlines()
    assert len(lines) == 3 and all(line.strip() for line in lines), lines  # no progress bar, no blank line
    assert lines[-1] == "2 beregnet, 0 med fejl." and ANSI not in out
