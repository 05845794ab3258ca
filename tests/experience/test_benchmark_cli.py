"""``som-xl experience benchmark`` on the local database (SQLite and PostgreSQL): the
hand-computed figures of the seeded set as text and as the API's JSON; Danish refusals."""

from __future__ import annotations

import json
import re

import pytest

from som_xl.cli.main import main

from .benchmark_seed import EXPECTED, EXPECTED_TEXT, GROUP, SINGLE_ORG_GROUP, seed


@pytest.fixture
def seeded_url(db, db_url, monkeypatch, tmp_path):
    seed(db)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # no configured server
    for name in ("SOM_XL_EXPERIENCE_SERVER", "SOM_XL_EXPERIENCE_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    return db_url


def test_benchmark_prints_the_figures_of_the_local_database(seeded_url, capsys):
    e = EXPECTED_TEXT
    assert main(["experience", "benchmark", GROUP, "--db", seeded_url]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Andre kommuner: Voksne i hjemløshed (hjemloese_voksne), alle succesmål – den lokale "
                          "database")
    assert "5 beregninger fra 4 organisationer; fulgt op: 3 beregninger fra 3 organisationer" in out
    assert re.search(rf"Antaget succesrate\s+4\s+{e['median']}\s+{e['p25']}\s+{e['p75']}\s+12,0 %\s+40,0 %", out)
    assert re.search(r"Nettoomkostning pr\. deltager \(sagens prisniveau\)\s+4\s+120\.000 kr\.\s+110\.000 kr\.", out)
    assert "Ikke kvalitetssikret" in out
    assert main(["experience", "benchmark", "voksne i HJEMLØSHED", "--outcome", "ude_af_hjemloeshed", "--json",
                 "--db", seeded_url]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["outcome"] == "ude_af_hjemloeshed" and body["calculations"] == EXPECTED["calculations"]
    assert body["success_rate"] == {k: v if k == "n" else pytest.approx(v) for k, v in EXPECTED["success_rate"].items()}


def test_benchmark_withholds_and_refuses_in_danish(seeded_url, capsys):
    assert main(["experience", "benchmark", SINGLE_ORG_GROUP, "--db", seeded_url]) == 0
    out = capsys.readouterr().out
    assert "Tallene vises ikke: for få beregninger til at vise tal (3 beregninger fra 1 organisation;" in out
    assert re.search(r"Antaget succesrate\s+vises ikke", out)
    assert main(["experience", "benchmark", "ukendt_gruppe", "--db", seeded_url]) == 2
    assert "målgruppen 'ukendt_gruppe' findes hverken i vidensdatabasen" in capsys.readouterr().err
    assert main(["experience", "benchmark", GROUP, "--outcome", "ukendt", "--db", seeded_url]) == 2
    assert "succesmålet 'ukendt'" in capsys.readouterr().err
