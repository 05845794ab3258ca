"""The JSON API on SQLite and PostgreSQL: search, read, submit with a token (idempotent),
status changes by editors, 404 for others' drafts, errors as Danish JSON."""

from __future__ import annotations

import json

import pytest

from som_xl.case import compute, parse_case
from som_xl.paths import examples_dir

from .conftest import make_site

HOUSING_FIRST = examples_dir() / "housing_first.json"


@pytest.fixture(scope="module")
def api_site(module_db_url):
    site = make_site(module_db_url)
    from som_xl.experience import open_db

    with open_db(module_db_url) as db:
        site.tokens = {who: db.accounts.create_token(email, "test")[0] for who, email in site.emails.items()}
    return site


def _auth(site, who):
    return {"Authorization": f"Bearer {site.tokens[who]}"}


def test_health_and_openapi(api_site):
    client = api_site.client()
    assert client.get("/healthz").json() == {"status": "ok"}
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/healthz", "/api/v1/records", "/api/v1/records/{record_id}",
            "/api/v1/records/{record_id}/status"} <= set(paths)
    assert "Idempotency-Key".lower() in json.dumps(paths["/api/v1/records"]["post"]).lower()


def test_search_filters_and_shape(api_site):
    client = api_site.client()
    body = client.get("/api/v1/records", params={"q": "specialskolen"}).json()
    assert body["total"] == 2 and {r["title"] for r in body["records"]} == {
        "Økonomisk analyse af Cool Kids", "Økonomisk analyse af KEEP"}
    record = body["records"][0]
    assert {"id", "title", "status", "review_status", "quality_note"} <= set(record)
    assert record["status"] == "offentliggjort" and "kvalitetssikret" in record["quality_note"]
    assert client.get("/api/v1/records", params={"material_type": "omkostningsvurdering"}).json()["total"] == 1
    assert client.get("/api/v1/records", params={"actor_type": "stat", "q": "forældretræning"}).json()["total"] == 1
    assert client.get("/api/v1/records", params={"target_group": "hjemløs"}).json()["total"] == 0
    assert client.get("/api/v1/records", params={"target_group": "hjemloese"}).json()["total"] == 4
    bad = client.get("/api/v1/records", params={"material_type": "film"})
    assert bad.status_code == 400 and bad.json()["problems"][0]["location"] == "felt material_type"
    facets = client.get("/api/v1/records", params={"facets": "1"}).json()["facets"]
    assert {f["value"]: f["count"] for f in facets["material_type"]} == {"beregning": 7,
                                                                        "omkostningsvurdering": 1}


def test_submit_read_and_publish_with_tokens(api_site):
    client = api_site.client()
    case = json.loads(HOUSING_FIRST.read_text("utf-8"))
    created = client.post("/api/v1/records", json={"summary": "Delt via API", "year": 2024, "case": case,
                                                   "actor_name": "Forfalsket"},
                          headers=_auth(api_site, "aarhus") | {"Idempotency-Key": "api-1"})
    assert created.status_code == 201, created.text
    record = created.json()
    assert record["status"] == "indsendt" and record["actor_name"] == "Aarhus Kommune"
    again = client.post("/api/v1/records", json={"summary": "Delt via API", "case": case},
                        headers=_auth(api_site, "aarhus") | {"Idempotency-Key": "api-1"})
    assert again.status_code == 200 and again.json()["id"] == record["id"]
    path = f"/api/v1/records/{record['id']}"
    for who in (None, "vejle"):
        assert client.get(path, headers=_auth(api_site, who) if who else {}).status_code == 404
    mine = client.get(path, headers=_auth(api_site, "aarhus")).json()
    expected = compute(parse_case(case)).results.npv.tolist()
    assert [mine["key_results"]["npv"][a] for a in ("kommune", "region", "stat", "total")] == \
        pytest.approx(expected, abs=0.01)
    assert mine["case"] == case and mine["knowledge"]["version"]
    status = f"{path}/status"
    assert client.post(status, json={"status": "offentliggjort"},
                       headers=_auth(api_site, "aarhus")).status_code == 403
    refused = client.post(status, json={"status": "afvist"}, headers=_auth(api_site, "editor"))
    assert refused.status_code == 400 and "begrundelse" in refused.json()["problems"][0]["message"]
    assert client.post(status, json={"status": "godkendt"}, headers=_auth(api_site, "editor")).status_code == 422
    published = client.post(status, json={"status": "offentliggjort"}, headers=_auth(api_site, "editor"))
    assert published.status_code == 200 and published.json()["review_status"] == "offentliggjort"
    anonymous = client.get(path).json()
    assert anonymous["contact"] is None and anonymous["review_status"] == "offentliggjort"


def test_tokens_and_roles_are_checked(api_site):
    client = api_site.client()
    assert client.post("/api/v1/records", json={"title": "x"}).status_code == 401
    wrong = client.get("/api/v1/records", headers={"Authorization": "Bearer somxl_forkert"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
    assert "adgangstoken" in wrong.json()["detail"]


def test_bad_case_is_refused_with_its_problems(api_site):
    client = api_site.client()
    case = json.loads(HOUSING_FIRST.read_text("utf-8"))
    case["effect"]["success_rate"] = 7
    response = client.post("/api/v1/records", json={"case": case}, headers=_auth(api_site, "vejle"))
    assert response.status_code == 400
    assert any("success_rate" in p["location"] for p in response.json()["problems"])
    missing = client.post("/api/v1/records", json={"title": "Uden resumé"}, headers=_auth(api_site, "vejle"))
    assert missing.status_code == 400
    assert {p["location"] for p in missing.json()["problems"]} == {"felt summary", "felt target_group",
                                                                   "felt material_type"}


def test_browser_session_needs_the_csrf_header_for_api_writes(api_site):
    from .conftest import csrf

    client = api_site.client("vejle")
    body = {"title": "Fra browser", "summary": "x", "target_group": "y", "material_type": "beregning"}
    assert client.post("/api/v1/records", json=body).status_code == 403
    ok = client.post("/api/v1/records", json=body, headers={"X-CSRF-Token": csrf(client)})
    assert ok.status_code == 201
