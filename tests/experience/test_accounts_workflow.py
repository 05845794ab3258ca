"""Accounts, the editorial workflow and the faceted search page, on both backends."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import text

from som_xl.errors import InputError
from som_xl.experience.browse import SearchQuery, parse_query

from .conftest import make_record

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def people(db):
    acc = db.accounts
    return {
        "aarhus": acc.add_user("Bi@Aarhus.dk", organisation="Aarhus Kommune", org_type="kommune",
                               role="bidragyder", password="hemmelig-kode-1"),
        "aarhus2": acc.add_user("kollega@aarhus.dk", organisation="Aarhus Kommune", org_type="kommune",
                                role="bidragyder", password="hemmelig-kode-2"),
        "vejle": acc.add_user("bi@vejle.dk", organisation="Vejle Kommune", org_type="kommune",
                              role="bidragyder", password="hemmelig-kode-3"),
        "editor": acc.add_user("red@sbst.dk", organisation="Social- og Boligstyrelsen",
                               org_type="styrelse", role="redaktoer", password="hemmelig-kode-4"),
    }


def test_users_passwords_and_organisations(db, people):
    acc = db.accounts
    assert people["aarhus"].email == "bi@aarhus.dk"
    assert people["aarhus"].organisation == people["aarhus2"].organisation  # one organisation
    assert people["editor"].has_role("bidragyder") and not people["aarhus"].has_role("redaktoer")
    with db.engine.connect() as conn:
        stored = conn.execute(text("SELECT password_hash FROM users WHERE email = 'bi@aarhus.dk'")).scalar()
    assert stored.startswith("$argon2id$") and "hemmelig" not in stored
    assert acc.authenticate("BI@aarhus.dk", "hemmelig-kode-1").id == people["aarhus"].id
    assert acc.authenticate("bi@aarhus.dk", "forkert-kode") is None
    assert acc.authenticate("ingen@x.dk", "hemmelig-kode-1") is None
    for bad in (dict(email="bi@aarhus.dk"), dict(email="ikke en adresse"), dict(role="konge"),
                dict(org_type="firma"), dict(password="kort")):
        args = dict(email="ny@x.dk", organisation="X", org_type="kommune", role="bidragyder",
                    password="lang-nok-kode") | bad
        with pytest.raises(InputError):
            acc.add_user(args.pop("email"), **args)
    assert {o.name for o in acc.organisations()} == {"Aarhus Kommune", "Vejle Kommune",
                                                      "Social- og Boligstyrelsen"}


def test_tokens_and_sessions_are_stored_as_digests(db, people):
    acc = db.accounts
    token, user = acc.create_token("bi@vejle.dk", "robot")
    assert acc.user_for_token(token).id == people["vejle"].id
    assert acc.user_for_token(token + "x") is None
    session = acc.create_session(people["aarhus"].id, dt.timedelta(hours=1))
    assert acc.user_for_session(session).id == people["aarhus"].id
    with db.engine.connect() as conn:
        dump = " ".join(str(v) for t in ("api_tokens", "web_sessions")
                        for row in conn.execute(text(f"SELECT * FROM {t}")) for v in row)
    assert token not in dump and session not in dump
    acc.end_session(session)
    assert acc.user_for_session(session) is None
    old = acc.create_session(people["aarhus"].id, dt.timedelta(seconds=-1))  # already expired
    assert acc.user_for_session(old) is None


def test_tokens_expire_list_and_revoke(db, people):
    acc = db.accounts
    machine, _ = acc.create_token("bi@vejle.dk", "robot")
    pane, _ = acc.create_token("bi@vejle.dk", "Office-tilføjelsen", dt.timedelta(hours=8))
    stale, _ = acc.create_token("bi@vejle.dk", "gammel", dt.timedelta(seconds=-1))  # already expired
    listed = acc.tokens("bi@vejle.dk")
    assert [t.label for t in listed] == ["robot", "Office-tilføjelsen"]
    assert listed[0].expires_at is None and listed[1].expires_at - listed[1].created_at == dt.timedelta(hours=8)
    assert acc.user_for_token(stale) is None and acc.user_for_token(pane).id == people["vejle"].id
    assert acc.revoke_token(pane) and not acc.revoke_token(pane)  # a second sign-out finds nothing
    assert acc.user_for_token(pane) is None and acc.user_for_token(machine) is not None
    assert acc.revoke_tokens("bi@vejle.dk", token_id=listed[0].id) == 1
    assert acc.user_for_token(machine) is None and acc.tokens("bi@vejle.dk") == []
    other, _ = acc.create_token("bi@aarhus.dk")
    assert acc.revoke_tokens("bi@vejle.dk") == 0 and acc.user_for_token(other) is not None  # only hers
    with pytest.raises(InputError):
        acc.revoke_tokens("ingen@x.dk")


def test_token_commands(db_url, people, capsys):
    from som_xl.cli.main import main

    assert main(["experience", "token", "create", "bi@vejle.dk", "--label", "regnearket", "--days", "30",
                 "--db", db_url]) == 0
    token = capsys.readouterr().out.strip()
    assert main(["experience", "token", "list", "bi@vejle.dk", "--db", db_url]) == 0
    out = capsys.readouterr().out
    number = int(re.search(r"nr\. (\d+): regnearket, lavet .* UTC, gælder \d{4}-\d\d-\d\d", out).group(1))
    assert main(["experience", "token", "revoke", "bi@vejle.dk", "--id", str(number + 99), "--db", db_url]) == 2
    assert "intet token nr." in capsys.readouterr().err
    assert main(["experience", "token", "revoke", "bi@vejle.dk", "--id", str(number), "--db", db_url]) == 0
    assert "Tilbagekaldt: 1 token(s)" in capsys.readouterr().out
    from som_xl.experience import open_db

    with open_db(db_url) as again:
        assert again.accounts.user_for_token(token) is None
    assert main(["experience", "token", "create", "bi@vejle.dk", "--days", "0", "--db", db_url]) == 2


def test_failed_logins_are_counted_per_key_within_the_window(db):
    acc = db.accounts
    window = dt.timedelta(minutes=15)
    for _ in range(3):
        acc.record_failed_login(["email:a@x.dk", "ip:127.0.0.1"], window)
    acc.record_failed_login(["email:b@x.dk", "ip:127.0.0.1"], window)
    assert acc.failed_logins(["email:a@x.dk", "email:b@x.dk", "ip:127.0.0.1", "ip:x"], window) == \
        {"email:a@x.dk": 3, "email:b@x.dk": 1, "ip:127.0.0.1": 4, "ip:x": 0}
    assert acc.failed_logins(["ip:127.0.0.1"], dt.timedelta(seconds=-1)) == {"ip:127.0.0.1": 0}


def test_submission_takes_the_organisation_from_the_account(db, people):
    wf = db.workflow
    rec, created = wf.submit(make_record(actor_name="Forfalsket", actor_type="region",
                                         review_status="offentliggjort"), people["editor"],
                             attachments=[("../../notat.pdf", PDF)])
    assert created and rec.review_status == "indsendt"
    assert (rec.actor_name, rec.actor_type) == ("Social- og Boligstyrelsen", "stat")
    assert rec.organisation_id == people["editor"].organisation.id
    [att] = wf.attachments(rec.id)
    assert att.filename == "notat.pdf" and att.size == len(PDF)
    assert wf.attachment_data(rec.id, att.id)[1] == PDF
    assert wf.attachment_data(rec.id + 1, att.id) is None  # not under another record
    assert [e.action for e in wf.history(rec.id)] == ["indsendt"]


def test_idempotency_key_stores_a_repeated_submission_once(db, people):
    wf = db.workflow
    first, created = wf.submit(make_record(), people["aarhus"], client_key="abc-1")
    again, created_again = wf.submit(make_record(title="Anden titel"), people["aarhus"], client_key="abc-1")
    other, _ = wf.submit(make_record(), people["vejle"], client_key="abc-1")  # keys are per user
    assert created and not created_again and again.id == first.id and other.id != first.id
    assert db.count() == 2


def test_bad_attachment_stores_nothing(db, people):
    with pytest.raises(InputError) as info:
        db.workflow.submit(make_record(), people["aarhus"],
                           attachments=[("ok.pdf", PDF), ("virus.exe", b"MZ\x90\x00")])
    assert "virus.exe" in info.value.problems[0].message and info.value.problems[0].location == "bilag 2"
    assert db.count() == 0


def test_editor_describes_publishes_and_rejects_with_audit(db, people):
    wf, editor = db.workflow, people["editor"]
    rec, _ = wf.submit(make_record(title="Mentorforløb"), people["aarhus"])
    with pytest.raises(InputError):
        wf.describe(rec.id, people["aarhus"], {"title": "Ny"})  # not an editor
    described = wf.describe(rec.id, editor, {"title": "Mentorforløb for unge", "summary": rec.summary})
    assert described.title == "Mentorforløb for unge" and described.review_status == "beskrevet"
    assert [r.id for r in db.search("unge")] == [rec.id]  # the index follows the edit
    with pytest.raises(InputError, match="begrundelse"):
        wf.set_status(rec.id, editor, "afvist")
    with pytest.raises(InputError):
        wf.set_status(rec.id, people["aarhus"], "offentliggjort")
    rejected = wf.set_status(rec.id, editor, "afvist", "Mangler kilder")
    assert (rejected.review_status, rejected.status_reason) == ("afvist", "Mangler kilder")
    published = wf.set_status(rec.id, editor, "offentliggjort")
    assert published.review_status == "offentliggjort" and published.status_reason is None
    history = wf.history(rec.id)
    assert [(e.action, e.user_email) for e in history] == [
        ("indsendt", "bi@aarhus.dk"), ("redigeret", "red@sbst.dk"), ("status", "red@sbst.dk"),
        ("status", "red@sbst.dk"), ("status", "red@sbst.dk")]
    assert history[1].detail == {"title": ["Mentorforløb", "Mentorforløb for unge"]}
    assert history[3].detail == {"fra": "beskrevet", "til": "afvist", "begrundelse": "Mangler kilder"}


def test_other_organisations_cannot_see_or_withdraw(db, people):
    wf = db.workflow
    rec, _ = wf.submit(make_record(), people["aarhus"])
    assert wf.visible(rec.id, people["aarhus2"]).id == rec.id  # same organisation
    for outsider in (people["vejle"], None):
        with pytest.raises(InputError) as info:
            wf.visible(rec.id, outsider)
        assert info.value.problems[0].type == "not-found"
        with pytest.raises(InputError):
            wf.set_status(rec.id, outsider, "trukket_tilbage") if outsider else wf.visible(rec.id, None)
    withdrawn = wf.set_status(rec.id, people["aarhus2"], "trukket_tilbage")
    assert withdrawn.review_status == "trukket_tilbage"
    with pytest.raises(InputError, match="trukket tilbage"):
        wf.set_status(rec.id, people["editor"], "offentliggjort")


def test_messages_go_to_the_submitter(db, people):
    wf = db.workflow
    rec, _ = wf.submit(make_record(), people["aarhus"])
    message_id, recipient = wf.add_message(rec, people["vejle"], "Spørgsmål", "Hvordan gik det?")
    assert recipient == "bi@aarhus.dk" and message_id >= 1
    wf.mark_sent(message_id)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT sent_at IS NOT NULL FROM messages")).scalar()
    old = db.add(make_record())  # added outside the site: nobody to write to
    with pytest.raises(InputError, match="kontaktperson"):
        wf.add_message(old, people["vejle"], "Hej", "Hej")


@pytest.fixture
def catalogue(db, people):
    wf, editor = db.workflow, people["editor"]
    made = {}
    for key, user, fields, publish in (
            ("a1", "aarhus", dict(title="Mentorforløb for unge", year=2023), True),
            ("a2", "aarhus", dict(title="Bostøtte", material_type="omkostningsvurdering", year=2024), True),
            ("a3", "aarhus", dict(title="Mentor kladde", year=2024), False),
            ("v1", "vejle", dict(title="Mentorer i skolen", year=2023), True),
            ("v2", "vejle", dict(title="Vejles kladde", year=2022), False)):
        rec, _ = wf.submit(make_record(**fields), people[user])
        if publish:
            rec = wf.set_status(rec.id, editor, "offentliggjort")
        made[key] = rec.id
    return made


def _ids(page, made):
    names = {v: k for k, v in made.items()}
    return [names[r.id] for r in page.records]


def test_search_page_respects_access(db, people, catalogue):
    anonymous = db.search_page(SearchQuery(sort="titel"))
    assert _ids(anonymous, catalogue) == ["a2", "v1", "a1"] and anonymous.total == 3
    aarhus = db.search_page(SearchQuery(sort="titel"), people["aarhus"])
    assert _ids(aarhus, catalogue) == ["a2", "a3", "v1", "a1"]
    assert db.search_page(SearchQuery(), people["editor"]).total == 5
    assert _ids(db.search_page(SearchQuery(text="mentor")), catalogue) != []
    assert set(_ids(db.search_page(SearchQuery(text="mentor")), catalogue)) == {"a1", "v1"}
    assert set(_ids(db.search_page(SearchQuery(text="mentor"), people["aarhus"]), catalogue)) == \
        {"a1", "a3", "v1"}


def test_facet_counts_ignore_their_own_filter(db, people, catalogue):
    page = db.search_page(SearchQuery(material_type="beregning"), people["aarhus"])
    # visible to Aarhus: a1 (beregning 2023), a2 (omk. 2024), a3 (beregning 2024), v1 (beregning 2023)
    assert page.total == 3
    assert {f.value: f.count for f in page.facets["material_type"]} == {"beregning": 3,
                                                                        "omkostningsvurdering": 1}
    assert {f.value: f.count for f in page.facets["year"]} == {2023: 2, 2024: 1}
    orgs = {f.label: f.count for f in page.facets["organisation"]}
    assert orgs == {"Aarhus Kommune": 2, "Vejle Kommune": 1}
    with_year = db.search_page(SearchQuery(material_type="beregning", year=2024), people["aarhus"])
    assert {f.value: f.count for f in with_year.facets["material_type"]} == \
        {"beregning": 1, "omkostningsvurdering": 1}


def test_pagination_and_sorting(db, people, catalogue):
    page1 = db.search_page(SearchQuery(sort="aeldste", per_page=2, page=1), people["editor"])
    page3 = db.search_page(SearchQuery(sort="aeldste", per_page=2, page=3), people["editor"])
    assert (page1.total, page1.pages) == (5, 3)
    assert _ids(page1, catalogue) == ["a1", "a2"] and _ids(page3, catalogue) == ["v2"]


def test_parse_query_names_every_bad_value():
    q = parse_query({"q": " mentor ", "material_type": "Omkostningsvurdering", "year": "2023",
                     "page": "2", "sort": "titel"})
    assert (q.text, q.material_type, q.year, q.page, q.sort) == \
        ("mentor", "omkostningsvurdering", 2023, 2, "titel")
    with pytest.raises(InputError) as info:
        parse_query({"material_type": "x", "year": "sidste år", "page": "0", "sort": "tilfældig"})
    assert {p.location for p in info.value.problems} == {"felt material_type", "felt year",
                                                         "felt page", "felt sort"}
