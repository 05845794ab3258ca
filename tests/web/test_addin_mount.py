"""The Office add-in mounted on the site: only with a licence key, its own CSP, sign-in
through the site's accounts, and Del beregning / Søg erfaringer within the user's access."""

from __future__ import annotations

import pytest

from tests.addin.conftest import knowledge, sag, xlsx_dir  # noqa: F401 (fixtures)
from tests.addin.officejs import payload

from .conftest import PASSWORD, make_site


@pytest.fixture(scope="module")
def licensed(tmp_path_factory):
    """A site mounted with the add-in (the non-commercial xlwings key public bodies use)."""
    mp = pytest.MonkeyPatch()
    mp.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    try:
        yield make_site(f"sqlite:///{tmp_path_factory.mktemp('addin') / 'e.sqlite'}",
                        base_url="https://erfaring.example.dk")
    finally:
        mp.undo()


def _token(client, who_email: str, password: str = PASSWORD):
    return client.post("/api/v1/token", data={"username": who_email, "password": password})


def _spec(client, key):
    return client.get("/addin/api/commands").json()[key]


def test_without_a_licence_key_the_site_runs_without_the_add_in(tmp_path, monkeypatch):
    monkeypatch.delenv("XLWINGS_LICENSE_KEY", raising=False)
    site = make_site(f"sqlite:///{tmp_path / 'e.sqlite'}")
    assert site.app.state.optional_routers == []
    assert site.client().get("/addin/taskpane.html").status_code == 404
    assert site.client().get("/").status_code == 200


def test_the_task_pane_has_its_own_csp_and_signs_in_with_site_accounts(licensed):
    client = licensed.client()
    assert licensed.app.state.optional_routers == ["som_xl.web.addin_mount:router"]
    pane = client.get("/addin/taskpane.html")
    csp = pane.headers["content-security-policy"]
    assert "https://appsforoffice.microsoft.com" in csp and "frame-ancestors 'self' https://*.officeapps" in csp
    assert "x-frame-options" not in pane.headers and 'data-token-url="/api/v1/token"' in pane.text
    assert client.get("/").headers["x-frame-options"] == "DENY"  # the site itself is not framed
    assert "https://erfaring.example.dk" in client.get("/manifest").text
    good = _token(client, licensed.emails["aarhus"])
    assert good.status_code == 200 and good.json()["access_token"].startswith("somxl_")
    assert _token(client, licensed.emails["aarhus"], "forkert-kode").status_code == 401


def test_share_and_search_from_the_add_in_respect_organisations(licensed, sag):  # noqa: F811
    client = licensed.client()
    aarhus = {"Authorization": f"Bearer {_token(client, licensed.emails['aarhus']).json()['access_token']}"}
    vejle = {"Authorization": f"Bearer {_token(client, licensed.emails['vejle']).json()['access_token']}"}
    assert client.post("/addin/api/commands/del-beregning",
                       json=payload(sag, _spec(client, "del-beregning"))).status_code == 401
    shared = client.post("/addin/api/commands/del-beregning", json=payload(sag, _spec(client, "del-beregning")),
                         headers=aarhus)
    assert shared.status_code == 200 and shared.json()["ok"], shared.text
    assert "Delt som erfaring nr. 9 (Indsendt)" in shared.json()["status"]
    from som_xl.experience import open_db

    with open_db(licensed.url) as db:
        record = db.get(9)
    assert (record.actor_name, record.review_status) == ("Aarhus Kommune", "indsendt")
    assert record.organisation_id is not None
    search = _spec(client, "soeg-erfaringer")
    mine = client.post("/addin/api/commands/soeg-erfaringer", json=payload(sag, search), headers=aarhus).json()
    other = client.post("/addin/api/commands/soeg-erfaringer", json=payload(sag, search), headers=vejle).json()
    assert mine["status"].startswith("9 fundet")  # the 8 published records and Aarhus' own draft
    assert other["status"].startswith("8 fundet")  # Vejle does not see Aarhus' draft
