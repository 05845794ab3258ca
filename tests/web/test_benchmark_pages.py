"""Andre kommuner on the site (issue 25): the JSON API and the target-group page give the
hand-computed figures of the seeded set (SQLite and PostgreSQL); record pages link to their
target group and show plan against actual; a follow-up is submitted as a new version."""

from __future__ import annotations

import html
import re

import pytest

from tests.experience.benchmark_seed import EXPECTED, EXPECTED_TEXT, GROUP, SINGLE_ORG_GROUP, email, seed

from .conftest import Site, csrf


def _site(url: str) -> tuple[Site, object]:
    from som_xl.experience import open_db
    from som_xl.web.app import create_app
    from som_xl.web.settings import WebSettings

    with open_db(url) as db:
        seeded = seed(db)
    app = create_app(WebSettings(db_url=url, secret_key="test-secret-" + "x" * 20))
    emails = {org: email(org) for org in seeded.users if org != "editor"} | {"editor": "red@styrelsen.dk"}
    return Site(app, url, emails), seeded


@pytest.fixture(scope="module")
def bench(module_db_url):
    return _site(module_db_url)


@pytest.fixture
def writable(tmp_path):
    return _site(f"sqlite:///{tmp_path / 'erfaringer.sqlite'}")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _approx(block):
    return {k: v if k == "n" else pytest.approx(v, abs=5e-7) for k, v in block.items()}


def test_api_gives_the_hand_computed_figures(bench):
    site, _ = bench
    client = site.client()
    body = client.get("/api/v1/benchmarks", params={"target_group": GROUP}).json()
    for key, want in EXPECTED.items():
        assert body[key] == (_approx(want) if isinstance(want, dict) else want), key
    single = client.get("/api/v1/benchmarks", params={"target_group": SINGLE_ORG_GROUP}).json()
    assert (single["calculations"], single["organisations"], single["success_rate"]) == (3, 1, None)
    assert single["withheld_reason"].startswith("for få beregninger til at vise tal (3 beregninger fra 1 organisation")
    assert "/api/v1/benchmarks" in client.get("/api/v1/openapi.json").json()["paths"]


@pytest.mark.parametrize(("params", "status", "words"), [
    ({}, 400, "felt target_group"),
    ({"target_group": "x" * 201}, 400, "felt target_group"),
    ({"target_group": "ukendt"}, 404, "målgruppen 'ukendt' findes hverken"),
    ({"target_group": GROUP, "outcome": "ukendt"}, 404, "succesmålet 'ukendt'"),
])
def test_api_refuses_bad_and_unknown_ids_in_danish(bench, params, status, words):
    site, _ = bench
    response = site.client().get("/api/v1/benchmarks", params=params)
    assert response.status_code == status and words in response.text


def test_target_group_page_shows_the_figures_and_a_chart(bench):
    site, _ = bench
    client = site.client()
    page = client.get(f"/maalgrupper/{GROUP}")
    text = _text(page.text)
    assert page.status_code == 200 and "Andre kommuner: Voksne i hjemløshed" in text
    assert "Beregninger 5 Organisationer 4" in text
    e = EXPECTED_TEXT
    assert f"Antaget succesrate 4 {e['median']} {e['p25']} {e['p75']} 12,0 % 40,0 %" in text
    assert f"Realiseret succesrate ved opfølgning 3 {EXPECTED_TEXT['realised']} 15,0 % 25,0 % 10,0 % 30,0 %" in text
    assert "Nettoomkostning pr. deltager (sagens prisniveau) 4 120.000 kr. 110.000 kr. 130.000 kr." in text
    svg = re.search(r"<svg[^>]*aria-labelledby=\"rates-title rates-desc\".*?</svg>", page.text, re.S).group(0)
    assert svg.count("<rect") == 2 and "Antaget: median 22,0 %" in svg and "style=" not in svg
    withheld = _text(client.get(f"/maalgrupper/{SINGLE_ORG_GROUP}").text)
    assert "Tallene vises ikke: for få beregninger til at vise tal (3 beregninger fra 1 organisation" in withheld
    assert "<svg" not in client.get(f"/maalgrupper/{SINGLE_ORG_GROUP}").text
    assert client.get("/maalgrupper/ukendt").status_code == 404
    assert f'href="/maalgrupper/{GROUP}"' in client.get("/maalgrupper").text


def test_every_record_of_the_group_links_to_it_and_a_follow_up_shows_plan_against_actual(bench):
    site, seeded = bench
    client = site.client()
    for key in ("aarhus1", "vejle", "vejle_v2"):
        page = client.get(f"/poster/{seeded.ids[key]}").text
        assert f'id="andre-kommuner" href="/maalgrupper/{GROUP}"' in page, key
    assert 'id="andre-kommuner"' not in client.get(f"/poster/{seeded.ids['egen']}").text
    follow_up = _text(client.get(f"/poster/{seeded.ids['vejle_v2']}").text)
    # 4 successes among the 20 of the 2025 cohort, planned 24 %; 20 and 20 started
    assert "Realiseret succesrate: 20,0 % (4 succeser blandt 20 deltagere i de afsluttede hold); planlagt 24,0 %" \
        in follow_up
    assert "2026 20 20 4,8 4 2.400.000 kr. 0 kr." in follow_up  # plan: 20 finish × 24 % = 4,8 successes
    assert "Version 1" in follow_up and "Version 2 (denne)" in follow_up
    assert "Opfølgning: plan og faktisk" not in _text(client.get(f"/poster/{seeded.ids['aarhus1']}").text)


def test_follow_up_form_makes_a_new_version_the_editor_publishes(writable):
    site, seeded = writable
    vejle = site.client("Vejle Kommune")
    record_id = seeded.ids["vejle_v2"]
    page = vejle.get(f"/poster/{record_id}")
    assert f'href="/poster/{record_id}/opfoelgning"' in page.text
    form = vejle.get(f"/poster/{record_id}/opfoelgning")
    assert form.status_code == 200 and 'name="succeser_2026" id="succeser_2026" value="4"' in form.text
    token = csrf(vejle)  # bound to the session (issue 21), read from a page as a browser does
    typed = {"csrf_token": token, "deltagere_2025": "20", "deltagere_2026": "20", "succeser_2026": "fem",
             "deltagere_2027": "15", "kommune_2027": "1.200.000,50"}
    refused = vejle.post(f"/poster/{record_id}/opfoelgning", data=typed)
    assert refused.status_code == 400
    assert "opfølgning, år 2026, succeser:</strong> 'fem' er ikke et helt tal" in html.unescape(refused.text)
    assert 'value="1.200.000,50"' in refused.text  # nothing typed is lost
    done = vejle.post(f"/poster/{record_id}/opfoelgning", data=typed | {"succeser_2026": "5"},
                      follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].endswith("?besked=indsendt")
    new_id = int(done.headers["location"].split("/")[2].split("?")[0])
    new_page = _text(vejle.get(f"/poster/{new_id}").text)
    assert "Version 3 (denne)" in new_page and "Indsendt" in new_page
    # actuals to 2027: the 2025 and 2026 cohorts (20 + 20) have finished; 5 + 0 (blank) successes
    assert "Realiseret succesrate: 12,5 % (5 succeser blandt 40 deltagere" in new_page
    anonymous = site.client()
    before = anonymous.get("/api/v1/benchmarks", params={"target_group": GROUP}).json()
    assert before["realised_success_rate"]["median"] == pytest.approx(0.2)
    editor = site.client("editor")
    published = editor.post(f"/api/v1/records/{new_id}/status", json={"status": "offentliggjort"},
                            headers={"X-CSRF-Token": csrf(editor)})
    assert published.status_code == 200
    after = anonymous.get("/api/v1/benchmarks", params={"target_group": GROUP}).json()
    # realised 0.10, 0.125, 0.30 → median 0.125; still five calculations
    assert after["realised_success_rate"]["median"] == pytest.approx(0.125) and after["calculations"] == 5


def test_only_the_sharing_organisation_may_follow_up(writable):
    site, seeded = writable
    odense = site.client("Odense Kommune")
    record_id = seeded.ids["vejle"]
    assert odense.get(f"/poster/{record_id}/opfoelgning").status_code == 403
    assert 'opfoelgning"' not in odense.get(f"/poster/{record_id}").text
    refused = odense.post(f"/poster/{record_id}/opfoelgning", data={"csrf_token": csrf(odense),
                                                                     "deltagere_2025": "3"})
    assert refused.status_code == 403
    anonymous = site.client()
    assert anonymous.get(f"/poster/{record_id}/opfoelgning", follow_redirects=False).status_code == 303


def test_follow_up_through_the_api_is_idempotent(writable):
    from som_xl.experience import open_db

    site, seeded = writable
    with open_db(site.url) as db:
        token, _ = db.accounts.create_token(email("Aalborg Kommune"), "robot")
    client = site.client()
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "opf-1"}
    body = {"actuals": [{"year": 2025, "participants": 10, "costs": {"kommune": 0, "region": 0, "stat": 0},
                         "successes": 0},
                        {"year": 2026, "participants": 20, "costs": {"kommune": 0, "region": 0, "stat": 0},
                         "successes": 2}]}
    first = client.post(f"/api/v1/records/{seeded.ids['aalborg']}/followup", json=body, headers=headers)
    again = client.post(f"/api/v1/records/{seeded.ids['aalborg']}/followup", json=body, headers=headers)
    assert (first.status_code, again.status_code) == (201, 200) and first.json()["id"] == again.json()["id"]
    assert first.json()["status"] == "indsendt"
    bad = dict(body, actuals=[dict(body["actuals"][0], successes=3)])
    refused = client.post(f"/api/v1/records/{seeded.ids['aalborg']}/followup", json=bad,
                          headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 400 and refused.json()["problems"][0]["location"] == "opfølgning, år 2025, succeser"
    other = client.post(f"/api/v1/records/{seeded.ids['vejle']}/followup", json=body,
                        headers={"Authorization": f"Bearer {token}"})
    assert other.status_code == 403
