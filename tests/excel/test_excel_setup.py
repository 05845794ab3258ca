"""``som-xl excel-setup``: what it prints, and the user config it writes."""

from __future__ import annotations

import sys

from som_xl.cli import excel_setup as S
from som_xl.cli.main import main


def test_prints_python_conf_sheet_and_trust_center(capsys):
    assert main(["excel-setup"]) == 0
    out = capsys.readouterr().out
    assert sys.executable in out and "som_xl.excel.udfs" in out and "UDF Modules" in out
    assert "VBA-projektobjektmodellen" in out


def test_write_on_linux_explains_and_writes_nothing(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(S.Path, "home", lambda: tmp_path)
    assert main(["excel-setup", "--write"]) == 2
    assert "Excel findes ikke" in capsys.readouterr().out
    assert not list(tmp_path.rglob("*"))


def test_write_on_windows_sets_interpreter_and_keeps_other_settings(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    conf = tmp_path / ".xlwings" / "xlwings.conf"
    conf.parent.mkdir()
    conf.write_text('"LICENSE_KEY","abc"\n"INTERPRETER","old"\n', encoding="utf-8")
    assert main(["excel-setup", "--write"]) == 0
    text = conf.read_text(encoding="utf-8")
    assert '"LICENSE_KEY","abc"' in text and '"old"' not in text
    assert f'"INTERPRETER","{sys.executable}"' in text and f'"INTERPRETER_WIN","{sys.executable}"' in text
    assert main(["excel-setup", "--write"]) == 0 and conf.read_text(encoding="utf-8") == text  # idempotent


def test_macos_path_and_keys(tmp_path):
    path = S.user_config_path("darwin", tmp_path)
    assert path == tmp_path / "Library" / "Containers" / "com.microsoft.Excel" / "Data" / "xlwings.conf"
    assert set(S.config_lines("darwin", "/usr/bin/python3")) == {"INTERPRETER", "INTERPRETER_MAC"}
    assert "xlwings runpython install" in S.report("darwin", "/usr/bin/python3", tmp_path)
