"""The site as a server for the command line (``--server URL``) and the workbook's Søg
erfaringer / Del beregning / Importér beregning, against uvicorn on 127.0.0.1."""

from __future__ import annotations

import pytest

from som_xl.cli.main import main
from som_xl.experience.remote import RemoteExperience, open_experience
from som_xl.paths import examples_dir

HOUSING_FIRST = examples_dir() / "housing_first.json"


@pytest.fixture(scope="module")
def tokens(live_server):
    from som_xl.experience import open_db

    with open_db(live_server.db_url) as db:
        return {who: db.accounts.create_token(email)[0] for who, email in live_server.emails.items()}


@pytest.fixture(autouse=True)
def no_local_config(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # no user config.toml
    for name in ("SOM_XL_EXPERIENCE_SERVER", "SOM_XL_EXPERIENCE_TOKEN"):
        monkeypatch.delenv(name, raising=False)


def test_cli_talks_to_the_server(live_server, tokens, monkeypatch, capsys):
    server = ["--server", live_server.url]
    assert main(["experience", "search", "mentor", *server]) == 0
    out = capsys.readouterr().out
    assert "Økonomisk analyse af R&R2-ADHD" in out and "1 post fundet" in out
    monkeypatch.setenv("SOM_XL_EXPERIENCE_TOKEN", tokens["vejle"])
    assert main(["experience", "add", "--case", str(HOUSING_FIRST), "--summary", "Fra kommandolinjen",
                 *server]) == 0
    out = capsys.readouterr().out
    assert f"i serveren {live_server.url}" in out and "Aktør: Vejle Kommune" in out
    record_id = int(out.split("Gemt som post ")[1].split()[0])
    monkeypatch.setenv("SOM_XL_EXPERIENCE_TOKEN", tokens["aarhus"])
    assert main(["experience", "show", str(record_id), *server]) == 2  # another organisation's draft
    assert "ingen post med id" in capsys.readouterr().err
    monkeypatch.setenv("SOM_XL_EXPERIENCE_TOKEN", tokens["editor"])
    assert main(["experience", "set-status", str(record_id), "afvist", *server]) == 2
    assert "begrundelse" in capsys.readouterr().err
    assert main(["experience", "set-status", str(record_id), "offentliggjort", *server]) == 0
    monkeypatch.delenv("SOM_XL_EXPERIENCE_TOKEN")
    assert main(["experience", "show", str(record_id), *server]) == 0
    assert "Status: Offentliggjort" in capsys.readouterr().out
    monkeypatch.setenv("SOM_XL_EXPERIENCE_TOKEN", "somxl_forkert")
    assert main(["experience", "search", *server]) == 2
    assert "adgangstoken" in capsys.readouterr().err


def test_unreachable_server_is_a_danish_error(capsys):
    assert main(["experience", "search", "--server", "http://127.0.0.1:9"]) == 2  # SomError: exit 2
    assert "Kan ikke nå erfaringsdatabasen" in capsys.readouterr().err


def test_config_file_names_the_server(live_server, tokens, tmp_path, monkeypatch):
    folder = tmp_path / "config" / "som-xl"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text(f'[experience]\nserver = "{live_server.url}"\n'
                                        f'token = "{tokens["aarhus"]}"\n', "utf-8")
    remote = open_experience()
    assert isinstance(remote, RemoteExperience) and remote.url == live_server.url
    assert remote.token == tokens["aarhus"]
    local = open_experience(db=f"sqlite:///{tmp_path / 'lokal.sqlite'}")  # --db wins
    assert not isinstance(local, RemoteExperience)
    local.close()


def test_workbook_buttons_use_the_configured_server(live_server, tokens, monkeypatch, tmp_path):
    from som_xl.case import parse_case, read_case_file
    from som_xl.excel.experience_entry import del_beregning, importer_beregning, soeg_erfaringer
    from som_xl.knowledge import load_knowledge
    from som_xl.workbook import layout as L
    from som_xl.workbook.backend import MemoryBackend
    from som_xl.workbook.inputs_writer import write_case_inputs

    def field(key):
        return next(i for i, f in enumerate(L.EXPERIENCE_FIELDS) if f.key == key)

    monkeypatch.setenv("SOM_XL_EXPERIENCE_DB", f"sqlite:///{tmp_path / 'skal-ikke-bruges.sqlite'}")
    monkeypatch.setenv("SOM_XL_EXPERIENCE_SERVER", live_server.url)
    monkeypatch.setenv("SOM_XL_EXPERIENCE_TOKEN", tokens["aarhus"])
    knowledge = load_knowledge()
    src = MemoryBackend()
    write_case_inputs(src, parse_case(read_case_file(HOUSING_FIRST)), knowledge)
    record = del_beregning(backend=src, knowledge=knowledge)
    assert record.review_status == "indsendt" and record.actor_name == "Aarhus Kommune"
    status = src.read(L.EXPERIENCE_STATUS.name).values[0][0]
    assert f"serveren {live_server.url}" in status and "Ikke kvalitetssikret" in status
    src.set(L.EXPERIENCE_SEARCH.name, field("text"), 0, "Housing First")
    found = soeg_erfaringer(backend=src, knowledge=knowledge)
    assert found >= 2  # the published example and Aarhus' own draft
    ids = [row[0] for row in src.read(L.EXPERIENCE_RESULTS.name).values if row[0]]
    assert record.id in ids
    assert f"i serveren {live_server.url}" in src.read(L.EXPERIENCE_STATUS.name).values[0][0]
    dst = MemoryBackend()
    dst.set(L.EXPERIENCE_SEARCH.name, field("import_id"), 0, record.id)
    assert importer_beregning(backend=dst, knowledge=knowledge).ok
    assert dst.read(L.KEY_FIGURES.name).values == src.read(L.KEY_FIGURES.name).values

    monkeypatch.delenv("SOM_XL_EXPERIENCE_SERVER")
    src.set(L.EXPERIENCE_SEARCH.name, field("text"), 0, "Housing First")
    assert soeg_erfaringer(backend=src, knowledge=knowledge) == 0  # the empty local database
    assert "den lokale database sqlite:///" in src.read(L.EXPERIENCE_STATUS.name).values[0][0]


def test_serve_prints_the_url_seeds_an_empty_database_and_serves_it(tmp_path):
    """Two workers (uvicorn's supervisor), with the add-in licensed: it says where the
    manifest is, and both the site and the add-in answer."""
    import os
    import subprocess
    import sys
    import urllib.request

    from som_xl.experience import open_db

    from .conftest import ROOT, _wait_until_up, free_port

    port, db = free_port(), tmp_path / "ny.sqlite"
    log = tmp_path / "serve.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOM_XL_")}
    env["XLWINGS_LICENSE_KEY"] = "noncommercial"
    with log.open("wb") as sink:
        process = subprocess.Popen([sys.executable, "-m", "som_xl.cli.main", "experience", "serve", "--port",
                                    str(port), "--db", str(db), "--workers", "2"], cwd=ROOT, env=env,
                                   stdout=sink, stderr=subprocess.STDOUT)
    try:
        _wait_until_up(f"http://127.0.0.1:{port}", process, log)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/records") as response:
            body = response.read().decode()
        assert '"total":8' in body.replace(" ", "")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/manifest") as response:
            assert b"<OfficeApp" in response.read()
    finally:
        process.terminate()
        process.wait(timeout=20)
    out = log.read_text("utf-8")
    assert f"Erfaringsdatabasen kører på http://127.0.0.1:{port}/" in out
    assert "lagde 8 eksempelposter ind, hver under sin organisation" in out
    assert f"manifestet er på http://127.0.0.1:{port}/manifest (Office kræver https" in out
    assert "ingen SMTP-server sat op (SOM_XL_SMTP_HOST)" in out  # Kontakt would not mail
    assert "users add EMAIL --org NAVN --org-type kommune --role bidragyder" in out
    with open_db(db) as database:
        assert database.count() == 8


def test_a_missing_licence_is_said_once(monkeypatch, caplog, tmp_path):
    """``serve`` prints the add-in's status itself; its workers then only log it quietly
    (a site under gunicorn, without serve, still warns)."""
    import logging

    from som_xl.web.app import create_app
    from som_xl.web.serve import ADDIN_STATUS_SHOWN
    from som_xl.web.settings import WebSettings

    monkeypatch.delenv("XLWINGS_LICENSE_KEY", raising=False)
    for said, level in (("1", logging.INFO), (None, logging.WARNING)):
        if said:
            monkeypatch.setenv(ADDIN_STATUS_SHOWN, said)
        else:
            monkeypatch.delenv(ADDIN_STATUS_SHOWN, raising=False)
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="som_xl.web"):
            create_app(WebSettings(db_url=f"sqlite:///{tmp_path / 'e.sqlite'}", secret_key="s" * 32))
        [record] = [r for r in caplog.records if "xlwings-licensnøgle" in r.getMessage()]
        assert record.levelno == level


def test_serve_says_when_the_add_in_is_not_enabled(monkeypatch):
    from som_xl.web.serve import addin_status

    monkeypatch.delenv("XLWINGS_LICENSE_KEY", raising=False)
    assert "ikke slået til: sæt XLWINGS_LICENSE_KEY" in addin_status("http://127.0.0.1:8000")
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    monkeypatch.setenv("SOM_XL_WEB_BASE_URL", "https://erfaring.example.dk")
    assert addin_status("http://127.0.0.1:8000") == ("Office-tilføjelsesprogrammet (Excel uden Python): manifestet "
                                                     "er på https://erfaring.example.dk/manifest.")
