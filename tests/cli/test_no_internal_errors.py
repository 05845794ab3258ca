"""Internal errors the second hardening found, each now a Danish exit 2 or a quiet exit 0
(issue 12, point 11): rich markup characters in titles and knowledge texts, a closed
pipe. (A full disk, numbers too large for a float and timestamps: see
``tests/reliability/test_file_safety.py``, ``test_found_tracebacks.py`` and
``tests/experience/test_import_trust.py``.)"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from som_xl.cli.main import main
from som_xl.paths import examples_dir
from tests.reliability.hostile import knowledge_copy

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = examples_dir() / "housing_first.json"
MARKUP = "[/b] [bold]fed[/bold] [link=http://evil.example]klik[/link] [/]"


def test_rich_markup_in_a_title_is_printed_as_typed(tmp_path, capsys):
    data = json.loads(EXAMPLE.read_text("utf-8"))
    data["title"] = MARKUP
    data["owner"] = {"name": "[red]Kommune[/red]"}
    case = tmp_path / "sag.json"
    case.write_text(json.dumps(data), "utf-8")
    assert main(["calc", str(case)]) == 0
    out = capsys.readouterr()
    assert MARKUP in out.out and "Intern fejl" not in out.err


@pytest.mark.parametrize("args", [["knowledge", "show"], ["knowledge", "show", "--target-group", "hjemloese_voksne"],
                                  ["knowledge", "sources"]])
def test_rich_markup_in_a_knowledge_package_is_printed_as_typed(tmp_path, capsys, args):
    package = knowledge_copy(tmp_path / "viden")
    for name in ("items.csv", "target_groups.csv", "sources.csv"):
        path = package / name
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        col = next(i for i, h in enumerate(rows[0]) if h in ("name_da", "title"))
        for row in rows[1:]:
            row[col] = row[col] + " [/]"
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(rows)
    assert main([*args, "--knowledge", str(package)]) == 0, capsys.readouterr().err
    out = capsys.readouterr()
    assert "[/]" in out.out and "Intern fejl" not in out.err


def _pipe(args: list[str]) -> subprocess.CompletedProcess:
    """``som-xl ARGS | head -1``: the reader closes the pipe after one line."""
    proc = subprocess.Popen([sys.executable, "-m", "som_xl.cli.main", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=ROOT, env=dict(os.environ, COLUMNS="100"))
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    proc.wait(timeout=300)
    return subprocess.CompletedProcess(args, proc.returncode, first, err)


@pytest.mark.parametrize("args", [["calc", str(EXAMPLE), "--json"], ["calc", str(EXAMPLE)],
                                  ["knowledge", "show"]], ids=["calc-json", "calc", "knowledge-show"])
def test_a_closed_pipe_ends_quietly_with_exit_0(args):
    done = _pipe(args)
    assert done.stdout  # one line was read
    assert done.returncode == 0, done.stderr
    assert done.stderr == b"", done.stderr
