"""Every ribbon command through its endpoint, with payloads as the Office.js client sends them.

The returned actions, applied to the workbook as Excel applies them, give the same
result cells as ``som-xl recalc`` (the headless openpyxl path) on the same workbook.
"""

from __future__ import annotations

import re

import openpyxl
import pytest

from som_xl.service.workbooks import recalc_file
from som_xl.workbook import layout as L
from som_xl.workbook.backend import parse_destination
from tests.addin.officejs import apply_actions, payload


def _range_values(wb, name):
    sheet, r1, c1, r2, c2 = parse_destination(wb.defined_names[name].attr_text)
    ws = wb[sheet]
    return [[ws.cell(row=r, column=c).value for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]


# ISO times, and the Danish "29.11.2026 kl. 09:41 UTC" of the Oplæg (the two runs can straddle a minute).
_TIME = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?( UTC|Z|[+-]\d\d:\d\d)?"
                   r"|\b\d\d\.\d\d\.\d{4}( kl\. \d\d[:.]\d\d( UTC)?)?")


def _comparable(wb, name):
    """A range's values with the calculation time masked (it differs between any two runs)."""
    rows = _range_values(wb, name)

    def norm(v):
        if isinstance(v, float):
            return round(v, 6)
        return _TIME.sub("<tid>", v) if isinstance(v, str) else v

    return [[norm(v) for v in r] for r in rows]


def _specs(client):
    return client.get("/addin/api/commands").json()


@pytest.mark.parametrize("sparse", [True, False], ids=["som-client", "xlwings-client"])
def test_beregn_matches_headless_recalc(client, sag, tmp_path, sparse):
    """Same inputs → same Resultater/Følsomhed/Oplæg/Viden cells as som-xl recalc."""
    spec = _specs(client)["beregn"] if sparse else None
    wb = openpyxl.load_workbook(sag)
    # Change an input first, so the comparison is not with the already computed file.
    wb[L.INDSATS][_cell(L.field_by_key("effect.success_rate"))] = 0.25
    wb.save(sag)
    answer = client.post("/addin/api/commands/beregn", json=payload(sag, spec)).json()
    assert answer["ok"], answer
    assert {a["func"] for a in answer["actions"]} == {"setValues"}
    apply_actions(wb, answer["actions"])
    recalc_file(sag)  # the headless path on the same inputs
    expected = openpyxl.load_workbook(sag)
    for name in _specs(client)["beregn"]["names"]:
        if name in {b.name for b in L.OUTPUT_BLOCKS}:
            assert _comparable(wb, name) == _comparable(expected, name), name
    assert "nettoresultat" in answer["status"].lower() or answer["status"]
    npv_total = _range_values(wb, L.KEY_FIGURES.name)[2][3]
    assert npv_total == pytest.approx(_range_values(expected, L.KEY_FIGURES.name)[2][3])


def _cell(field):
    row, col = L.field_cell(field)
    return f"{L.get_column_letter(col)}{row}"


def test_bad_input_gives_danish_alert_naming_the_cell(client, sag):
    wb = openpyxl.load_workbook(sag)
    cell = _cell(L.field_by_key("effect.success_rate"))
    wb[L.INDSATS][cell] = 1.5  # 150 %
    wb.save(sag)
    answer = client.post("/addin/api/commands/beregn", json=payload(sag, _specs(client)["beregn"])).json()
    assert not answer["ok"]
    assert answer["status"].startswith("Fejl")
    assert any(p["cell"] == f"{L.INDSATS}!{cell}" and "succesrate" in p["message"].lower()
               for p in answer["problems"]), answer["problems"]
    alerts = [a for a in answer["actions"] if a["func"] == "alert"]
    assert alerts and "fejl i input" in alerts[0]["args"][0]
    rest = apply_actions(wb, answer["actions"])
    assert rest == alerts
    assert _range_values(wb, L.KEY_FIGURES.name)[2] == [None] * 4  # no stale results


def test_missing_range_is_named(client, sag):
    body = payload(sag, _specs(client)["beregn"])
    body["names"] = [n for n in body["names"] if n["name"] != L.COSTS.name]
    answer = client.post("/addin/api/commands/beregn", json=body).json()
    assert not answer["ok"]
    alert = next(a for a in answer["actions"] if a["func"] == "alert")
    assert L.COSTS.name in alert["args"][0] and "mangler" in alert["args"][0]


def test_opdater_viden_fills_consequences(client, xlsx_dir, knowledge):
    """A fresh workbook with a target group: Opdatér viden writes its consequence lines."""
    wb = openpyxl.load_workbook(xlsx_dir / "Tom.xlsx")
    group = knowledge.target_groups()[0]
    wb[L.INDSATS][_cell(L.field_by_key("target_group"))] = group.name_da
    answer = client.post("/addin/api/commands/opdater-viden",
                         json=payload(wb, _specs(client)["opdater-viden"])).json()
    apply_actions(wb, answer["actions"])
    items = {r[1] for r in _range_values(wb, L.CONSEQUENCES.name) if r[1]}
    expected = {p.item for p in knowledge.consequence_profiles(group.target_group,
                                                               knowledge.outcomes(group.target_group)[0].outcome)}
    assert items and items <= {i.item for i in knowledge.items()} | {i.name_da for i in knowledge.items()}
    assert len(items) == len(expected)


def test_lav_beslutningsoplaeg_fills_oplaeg_and_returns_markdown(client, sag):
    answer = client.post("/addin/api/commands/lav-beslutningsoplaeg",
                         json=payload(sag, _specs(client)["lav-beslutningsoplaeg"])).json()
    assert answer["ok"]
    assert answer["markdown"].startswith("#")
    wb = openpyxl.load_workbook(sag)
    rest = apply_actions(wb, answer["actions"])
    assert [(a["func"], a["args"]) for a in rest] == [("activateSheet", [wb.sheetnames.index(L.OPLAEG)])]
    assert any(isinstance(v, str) and v.strip() for row in _range_values(wb, L.OPLAEG_BLOCK.name) for v in row)


def test_declared_reads_cover_what_each_command_reads(sag, knowledge, site):
    """A recording backend: every range a command reads is one the client sends values for."""
    from som_xl.addin.commands import COMMANDS, Context
    from som_xl.workbook.openpyxl_backend import OpenpyxlBackend

    class Recording(OpenpyxlBackend):
        def __init__(self, wb):
            super().__init__(wb)
            self.read_names, self.written = set(), {}

        def read(self, name):
            self.read_names.add(name)
            return super().read(name)

        def write(self, name, values):
            self.written[name] = values
            return super().write(name, values)

    from contextlib import nullcontext

    from som_xl.web.addin_mount import UserView

    db = site.app.state.db
    user = db.accounts.user_by_email(site.emails["aarhus"])
    for command in COMMANDS.values():
        backend = Recording(openpyxl.load_workbook(sag))
        command.run(backend, Context(knowledge=knowledge, open_db=lambda u: nullcontext(UserView(db, u, "")),
                                     user=user))
        assert backend.read_names <= set(command.reads), (command.key, backend.read_names - set(command.reads))
        assert set(backend.written) <= set(command.names), command.key
        status = str(backend.written[command.status][0][0])
        assert status and not status.startswith("Fejl"), (command.key, status)  # it ran to the end


def test_a_process_computes_one_command_at_a_time(site, sag, monkeypatch):
    """Concurrent commands queue for the process's one compute lane (the GIL would make
    them take turns anyway); a page asked for meanwhile is answered too."""
    import asyncio
    import threading
    import time

    import httpx

    from som_xl.addin import service

    active, most, lock = [0], [0], threading.Lock()
    run = service.run_command

    def counted(*args):
        with lock:
            active[0] += 1
            most[0] = max(most[0], active[0])
        try:
            time.sleep(0.05)  # long enough for the others to arrive, were they let in
            return run(*args)
        finally:
            with lock:
                active[0] -= 1

    monkeypatch.setattr(service, "run_command", counted)
    body = payload(sag, _specs(site.client())["beregn"])

    async def main():
        transport = httpx.ASGITransport(app=site.app)
        async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as client:
            posts = [client.post("/addin/api/commands/beregn", json=body) for _ in range(4)]
            health = client.get("/healthz")
            return await asyncio.gather(health, *posts)

    health, *answers = asyncio.run(main())
    assert health.status_code == 200 and [a.status_code for a in answers] == [200] * 4
    assert all(a.json()["ok"] for a in answers) and most[0] == 1


def test_the_server_caps_the_monte_carlo_draws_and_says_so(client, sag):
    """Issue 24: 1.000.000 draws on the Følsomhed sheet would hold a web worker for seconds;
    the server computes 100.000 and names the cell and the cap in Danish (the desktop
    computes what the sheet says)."""
    from som_xl.addin.config import MAX_DRAWS

    wb = openpyxl.load_workbook(sag)
    i = next(i for i, f in enumerate(L.SENSITIVITY_FIELDS) if f.key == "draws")
    row, col = L.SENSITIVITY.first_row + i, L.SENSITIVITY.first_col
    wb[L.FOELSOMHED].cell(row=row, column=col).value = 1_000_000
    wb.save(sag)
    answer = client.post("/addin/api/commands/beregn", json=payload(sag, _specs(client)["beregn"])).json()
    assert answer["ok"], answer["status"]
    cell = f"{L.FOELSOMHED}!{L.get_column_letter(col)}{row}"
    warning = next(p for p in answer["problems"] if p["cell"] == cell)
    assert MAX_DRAWS == 100_000 and warning["severity"] == "Advarsel"
    assert warning["message"] == ("Monte Carlo: antal træk er 1.000.000, men serveren regner højst 100.000 træk pr. "
                                  "beregning, så der er regnet med 100.000 træk. Flere træk: brug projektmappen med "
                                  "Python (.xlsm) eller som-xl sensitivity.")
    apply_actions(wb, answer["actions"])
    assert _range_values(wb, L.MC_SUMMARY.name)[5][0].startswith("100.000 træk, seed ")  # Danish thousands
    assert wb[L.FOELSOMHED].cell(row=row, column=col).value == 1_000_000  # the user's input is kept


def test_the_desktop_computes_the_draws_the_sheet_asks_for(sag, knowledge):
    from som_xl.workbook.openpyxl_backend import OpenpyxlBackend
    from som_xl.workbook.recalc import recalculate

    wb = openpyxl.load_workbook(sag)
    i = next(i for i, f in enumerate(L.SENSITIVITY_FIELDS) if f.key == "draws")
    wb[L.FOELSOMHED].cell(row=L.SENSITIVITY.first_row + i, column=L.SENSITIVITY.first_col).value = 150_000
    outcome = recalculate(OpenpyxlBackend(wb), knowledge)
    assert outcome.ok and outcome.uncertainty.monte_carlo.draws == 150_000
    assert not [p for p in outcome.problems if p.type == "server-limit"]
