"""The add-in end to end through the real site (``create_app`` with the licence key), on
SQLite and PostgreSQL: manifest and task pane assets under the add-in's own CSP; Beregn,
Opdatér viden and Lav beslutningsoplæg without an account store nothing; the task pane's
sign-in gives an expiring, revocable token; Del beregning is a submission in the user's
organisation (status indsendt, audit log) and Søg erfaringer shows exactly what the
site's own API shows that user; callers get the site's 401/403."""

from __future__ import annotations

import datetime as dt
import re

import openpyxl
import pytest
from sqlalchemy import func, select, update

from som_xl.experience.accounts import digest
from som_xl.experience.model_web import ApiTokenRow, UserRow
from som_xl.workbook import layout as L
from som_xl.workbook.backend import parse_destination
from tests.addin.conftest import BASE_URL, licensed_site, row_counts, sign_in, specs
from tests.addin.officejs import apply_actions, payload
from tests.web.conftest import PASSWORD, make_site

OFFICE_FRAMES = ("https://*.officeapps.live.com", "https://*.office.com", "https://*.sharepoint.com")


@pytest.fixture(scope="module")
def site(module_db_url):
    return licensed_site(module_db_url)


def _post(client, key, sag, headers=None):
    return client.post(f"/addin/api/commands/{key}", json=payload(sag, specs(client)[key]), headers=headers or {})


def test_manifest_and_every_asset_it_names_are_served_under_the_add_ins_csp(site):
    from som_xl.addin.config import AddinConfig
    from som_xl.addin.router import csp
    from som_xl.web.security import DEFAULT_CSP

    client = site.client()
    manifest = client.get("/manifest")
    assert manifest.status_code == 200 and manifest.headers["content-type"].startswith("application/xml")
    urls = set(re.findall(r'"(https://[^"]+)"', manifest.text))
    assert urls and all(u.startswith(BASE_URL + "/addin/") for u in urls), urls
    pane = client.get("/addin/taskpane.html")
    assets = {"/addin/" + p for p in re.findall(r'(?:src|href)="([^"h][^"]*)"', pane.text)}
    assert {"/addin/static/client.js", "/addin/static/taskpane.js", "/addin/functions.js"} <= assets
    expected = csp(AddinConfig())
    for path in {u.removeprefix(BASE_URL) for u in urls} | assets:
        r = client.get(path)
        assert r.status_code == 200, path
        # The site's middleware leaves the add-in's own policy (Office frames it) alone ...
        assert r.headers["content-security-policy"] == expected, path
        assert "x-frame-options" not in r.headers, path
        assert r.headers["x-content-type-options"] == "nosniff", path
    assert all(frame in expected.split("frame-ancestors")[1] for frame in OFFICE_FRAMES)
    # ... and keeps its own everywhere else, also on the site's pages and the add-in's API.
    for path in ("/", "/addin/api/commands"):
        r = client.get(path)
        assert r.headers["content-security-policy"] == DEFAULT_CSP and r.headers["x-frame-options"] == "DENY"


def test_computing_needs_no_account_and_stores_nothing(site, sag):
    anonymous, browser = site.client(), site.client("aarhus")  # a signed-in session stores nothing either
    before = row_counts(site)
    for key in ("beregn", "opdater-viden", "lav-beslutningsoplaeg"):
        for client in (anonymous, browser):
            r = _post(client, key, sag)
            assert r.status_code == 200 and r.json()["ok"], (key, r.text[:300])
    assert row_counts(site) == before


def test_sign_in_then_share_is_a_submission_in_the_users_organisation(site, sag):
    client = site.client()
    aarhus = sign_in(client, site.emails["aarhus"])
    db = site.app.state.db
    before = row_counts(site)
    shared = _post(client, "del-beregning", sag, aarhus)
    assert shared.status_code == 200 and shared.json()["ok"], shared.text[:300]
    number = int(re.search(r"Delt som erfaring nr\. (\d+) \(Indsendt\)", shared.json()["status"]).group(1))
    record = db.get(number)
    user = db.accounts.user_by_email(site.emails["aarhus"])
    assert (record.review_status, record.organisation_id, record.submitted_by) == (
        "indsendt", user.organisation.id, user.id)
    assert record.actor_name == "Aarhus Kommune"
    assert [(h.action, h.user_email) for h in db.workflow.history(number)] == [("indsendt", user.email)]
    after = row_counts(site)
    assert (after["experience_records"], after["audit_log"]) == (before["experience_records"] + 1,
                                                                 before["audit_log"] + 1)


def _ids_found(sag, answer) -> set[int]:
    wb = openpyxl.load_workbook(sag)
    apply_actions(wb, answer["actions"])
    sheet, r1, c1, r2, _ = parse_destination(wb.defined_names[L.EXPERIENCE_RESULTS.name].attr_text)
    return {int(v) for r in range(r1, r2 + 1) if (v := wb[sheet].cell(row=r, column=c1).value) is not None}


def _api_ids(client, headers) -> set[int]:
    ids: set[int] = set()
    page, pages = 1, 1
    while page <= pages:
        body = client.get("/api/v1/records", params={"page": page}, headers=headers).json()
        ids |= {r["id"] for r in body["records"]}
        page, pages = page + 1, body["pages"]
    return ids


def test_search_shows_exactly_what_the_site_shows_that_user(site, sag):
    client = site.client()
    aarhus, vejle = sign_in(client, site.emails["aarhus"]), sign_in(client, site.emails["vejle"])
    shared = _post(client, "del-beregning", sag, aarhus).json()
    draft = int(re.search(r"nr\. (\d+)", shared["status"]).group(1))
    found = {}
    for who, headers in (("aarhus", aarhus), ("vejle", vejle)):
        answer = _post(client, "soeg-erfaringer", sag, headers).json()
        assert answer["ok"], answer
        found[who] = _ids_found(sag, answer)
        assert found[who] == _api_ids(client, headers), who  # the site's API, same user
        assert answer["status"].startswith(f"{len(found[who])} fundet")
    assert draft in found["aarhus"] and draft not in found["vejle"]
    assert found["vejle"] == _api_ids(client, {})  # Vejle sees only the published records here


def test_search_also_writes_the_sites_andre_kommuner_line(site, sag):
    from som_xl.experience.benchmark_figures import Benchmark

    client = site.client()
    answer = _post(client, "soeg-erfaringer", sag, sign_in(client, site.emails["vejle"])).json()
    assert answer["ok"], answer
    wb = openpyxl.load_workbook(sag)
    apply_actions(wb, answer["actions"])
    sheet, row, col, _, _ = parse_destination(wb.defined_names[L.BENCHMARK_LINE.name].attr_text)
    api = client.get("/api/v1/benchmarks", params={"target_group": "hjemloese_voksne"}).json()
    assert wb[sheet].cell(row=row, column=col).value == Benchmark.from_dict(api).line()


def _revoked_token(site) -> dict[str, str]:
    client = site.client()
    headers = sign_in(client, site.emails["vejle"])
    assert client.delete("/api/v1/token", headers=headers).status_code == 204
    return headers


def _expired_token(site) -> dict[str, str]:
    headers = sign_in(site.client(), site.emails["vejle"])
    secret = headers["Authorization"].removeprefix("Bearer ")
    with site.app.state.db.engine.begin() as conn:
        conn.execute(update(ApiTokenRow).where(ApiTokenRow.token_hash == digest(secret))
                     .values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
    return headers


def test_callers_get_the_sites_answers(site, sag):
    """Each kind of caller gets the same status from the add-in's account commands as from
    the site's own submission API (POST /api/v1/records, 201 there for a success)."""
    client = site.client()
    body = {"title": "Fra API", "summary": "x", "target_group": "hjemloese", "material_type": "beregning"}
    callers = {
        "anonym": ({}, 401),
        "forkert token": ({"Authorization": "Bearer somxl_forkert"}, 401),
        "tilbagekaldt": (_revoked_token(site), 401),
        "bidragyder": (sign_in(client, site.emails["aarhus"]), 200),
        "redaktør": (sign_in(client, site.emails["editor"]), 200),
        "admin": (sign_in(client, site.emails["admin"]), 200),
    }
    callers["udløbet"] = (_expired_token(site), 401)  # last: a new sign-in deletes expired tokens
    for who, (headers, status) in callers.items():
        for key in ("del-beregning", "soeg-erfaringer"):
            r = _post(client, key, sag, headers)
            assert r.status_code == status, (who, key, r.text[:200])
            if status == 401:
                assert r.headers["www-authenticate"] == "Bearer" and r.json()["detail"]
        api = client.post("/api/v1/records", json=body, headers=headers)
        assert api.status_code == (201 if status == 200 else status), (who, api.text[:200])
    assert "udløbet" in _post(client, "soeg-erfaringer", sag, callers["udløbet"][0]).json()["detail"]
    browser = site.client("aarhus")  # a signed-in browser session is no authority for the add-in
    assert _post(browser, "del-beregning", sag).status_code == 401


def test_a_deactivated_user_is_signed_out(site, sag):
    client = site.client()
    email = "ophoert@aarhus.dk"
    db = site.app.state.db
    db.accounts.add_user(email, organisation="Aarhus Kommune", org_type="kommune", role="bidragyder",
                         password=PASSWORD)
    headers = sign_in(client, email)
    assert _post(client, "soeg-erfaringer", sag, headers).status_code == 200
    with db.engine.begin() as conn:
        conn.execute(update(UserRow).where(UserRow.email == email).values(active=False))
    assert _post(client, "soeg-erfaringer", sag, headers).status_code == 401
    assert client.post("/api/v1/token", data={"username": email, "password": PASSWORD}).status_code == 401


def test_task_pane_tokens_expire_after_the_configured_hours_and_sign_out_revokes(site, sag):
    client = site.client()
    settings = site.app.state.settings
    db = site.app.state.db
    for hours in (settings.addin_token_hours, 2):
        old, settings.addin_token_hours = settings.addin_token_hours, hours
        try:
            r = client.post("/api/v1/token", data={"username": site.emails["admin"], "password": PASSWORD})
        finally:
            settings.addin_token_hours = old
        assert r.json()["expires_in"] == hours * 3600 and r.json()["organisation"] == "Social- og Boligstyrelsen"
        newest = db.accounts.tokens(site.emails["admin"])[-1]
        assert newest.label == "Office-tilføjelsen" and newest.expires_at - newest.created_at == dt.timedelta(
            hours=hours)
    headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
    assert _post(client, "soeg-erfaringer", sag, headers).status_code == 200
    assert client.delete("/api/v1/token", headers=headers).status_code == 204
    assert _post(client, "soeg-erfaringer", sag, headers).status_code == 401
    assert client.delete("/api/v1/token").status_code == 401  # nothing to sign out with
    expired = _expired_token(site)
    assert _post(client, "soeg-erfaringer", sag, expired).status_code == 401
    count = len(db.accounts.tokens(site.emails["vejle"]))
    sign_in(client, site.emails["vejle"])
    with db.engine.connect() as conn:  # the expired token's row is gone, the new one is there
        assert conn.execute(select(func.count()).select_from(ApiTokenRow).where(
            ApiTokenRow.token_hash == digest(expired["Authorization"][7:]))).scalar_one() == 0
    assert len(db.accounts.tokens(site.emails["vejle"])) == count + 1
    assert settings.addin_token_hours == 8  # the default: a working day


def test_wrong_role_is_refused_with_the_sites_check(tmp_path, monkeypatch, sag):
    """With the site's three roles every account may share; were sharing an editor's right,
    a contributor would get the site's 403 (the mount uses the site's own role check)."""
    from som_xl.web import addin_mount

    monkeypatch.setattr(addin_mount, "SHARE_ROLE", "redaktoer")
    strict = licensed_site(f"sqlite:///{tmp_path / 'e.sqlite'}")
    client = strict.client()
    refused = _post(client, "del-beregning", sag, sign_in(client, strict.emails["aarhus"]))
    assert refused.status_code == 403 and refused.json()["detail"] == "Din rolle giver ikke adgang til dette."
    assert _post(client, "soeg-erfaringer", sag, sign_in(client, strict.emails["aarhus"])).status_code == 200
    assert _post(client, "del-beregning", sag, sign_in(client, strict.emails["editor"])).status_code == 200


def test_without_a_licence_key_the_site_says_what_it_lacks(tmp_path, monkeypatch, caplog):
    from som_xl.web.addin_mount import NOT_ENABLED

    monkeypatch.delenv("XLWINGS_LICENSE_KEY", raising=False)
    site = make_site(f"sqlite:///{tmp_path / 'e.sqlite'}")
    assert site.app.state.addin_enabled is False
    assert "XLWINGS_LICENSE_KEY" in caplog.text
    client = site.client()
    page = client.get("/manifest")
    assert page.status_code == 503 and "text/html" in page.headers["content-type"]
    assert "ingen xlwings-licensnøgle" in page.text and "XLWINGS_LICENSE_KEY" in page.text
    api = client.post("/addin/api/commands/beregn", json={})
    assert api.status_code == 503 and api.json()["detail"] == NOT_ENABLED
    assert client.get("/addin/taskpane.html").status_code == 503
    assert client.post("/api/v1/token", data={"username": "x", "password": "y"}).status_code in (404, 405)
    assert client.get("/").status_code == 200


def test_a_router_mounted_without_accounts_says_sharing_is_not_set_up(sag):
    """The add-in's router on another host, without the site's accounts: computing works,
    sharing answers 503 in Danish."""
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from som_xl.addin import AddinConfig, addin_router

    app = FastAPI()
    app.include_router(addin_router(AddinConfig(xlwings_license_key="noncommercial")))
    client = TestClient(app)
    r = _post(client, "del-beregning", sag)
    assert r.status_code == 503 and "login" in r.json()["detail"]
    assert _post(client, "beregn", sag).json()["ok"]
