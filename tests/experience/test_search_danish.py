"""Danish free-text search: inflections, case and Æ/Ø/Å, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from som_xl.experience.text import fts5_query, query_words, stems, tsquery_text, vocabulary

from .conftest import make_record

RECORDS = {
    "housing": make_record(title="Housing First til hjemløse borgere",
                           summary="Egen bolig med intensiv bostøtte til borgere i hjemløshed.",
                           target_group="hjemloese_voksne"),
    "bostotte": make_record(title="Bostøtte i egen bolig",
                            summary="Socialpædagogisk støtte, så borgeren kan blive i lejligheden.",
                            target_group="Voksne med psykiske vanskeligheder"),
    "angst": make_record(title="Børn med angst",
                         summary="Gruppeforløb for skolebørn med angst og bekymrende skolefravær.",
                         target_group="Børn og unge 6-13 år", actor_type="region",
                         actor_name="Region Syddanmark", material_type="omkostningsvurdering"),
    "mentor": make_record(title="Mentorforløb for unge", summary="Ugentlige samtaler med en voksen.",
                          target_group="Unge 15-17 år", actor_type="organisation",
                          actor_name="Foreningen Ung"),
    "demens": make_record(title="Aflastning til ældre med demens",
                          summary="Pårørende får aflastning tre dage om ugen.",
                          target_group="Ældre", actor_type="tilbud", actor_name="Plejecenter Å"),
    # compounds whose last part is what people search for
    "stoettebolig": make_record(title="Støttebolig til unge udsatte",
                                summary="Et værelse og en kontaktperson i et halvt år.",
                                target_group="Unge 18-24 år", actor_name="Odense Kommune"),
    "botilbud": make_record(title="Botilbud til voksne med handicap",
                            summary="Døgnbemandet bosted i nærmiljøet.",
                            target_group="Voksne med handicap", actor_name="Vejle Kommune"),
}


@pytest.fixture
def filled(db):
    ids = {key: db.add(rec).id for key, rec in RECORDS.items()}
    return db, ids


def _hits(db, ids, query, **filters):
    by_id = {v: k for k, v in ids.items()}
    return [by_id[r.id] for r in db.search(query, **filters)]


@pytest.mark.parametrize("query, expected", [
    ("boligerne", {"housing", "bostotte", "stoettebolig"}),  # stemmed, and inside Støttebolig
    ("bolig", {"housing", "bostotte", "stoettebolig"}),  # not Botilbud: it holds no "bolig"
    ("boligen", {"housing", "bostotte", "stoettebolig"}),
    ("hjemløs", {"housing"}),
    ("hjemløshed", {"housing"}),
    ("HJEMLØSE", {"housing"}),
    ("BØRN", {"angst"}),
    ("børnene", {"angst"}),
    ("angsten", {"angst"}),
    ("Børn med angst", {"angst"}),
    ("ÆLDRES", {"demens"}),
    ("pårørende", {"demens"}),
    ("PÅRØRENDE", {"demens"}),
    ("bostøtten", {"housing", "bostotte"}),
    ("lejlighed", {"bostotte"}),
    ("skolefraværet", {"angst"}),
    ("region syddanmark", {"angst"}),
    ("hjemloese", {"housing"}),  # the knowledge id is searchable too
    ("hjemløse børn", set()),  # every word must occur
    ("mentor", {"mentor"}),  # a prefix finds the compound "Mentorforløb"
    ("MENTORER", {"mentor"}),
    ("mentorforløbene", {"mentor"}),
    ("forløb", {"mentor", "angst"}),  # inside Mentorforløb and Gruppeforløb
    ("forløbene", {"mentor", "angst"}),
    ("tilbud", {"botilbud"}),  # inside Botilbud
    ("støtteboligerne", {"stoettebolig"}),
    ("bolig kontaktperson", {"stoettebolig"}),  # every word, each by prefix or compound
    ("bo", {"housing", "bostotte", "botilbud"}),  # bolig, bostøtte, botilbud, bosted: prefixes
    ("udsat", {"stoettebolig"}),
    ("gruppe", {"angst"}),
    ("far", set()),  # no folding of å to a: "får" is not "far"
    ("ungdom", set()),
])
def test_danish_queries(filled, query, expected):
    db, ids = filled
    assert set(_hits(db, ids, query)) == expected


def test_title_hits_rank_first(filled):
    db, ids = filled
    assert _hits(db, ids, "boligerne")[0] == "bostotte"  # in its title, not only the summary


def test_compound_hits_rank_after_whole_words(filled):
    db, ids = filled
    # "Støttebolig" is in a title, "bolig" only in Housing First's summary: whole words first
    assert _hits(db, ids, "bolig") == ["bostotte", "housing", "stoettebolig"]
    assert _hits(db, ids, "forløb")[-1] in ("mentor", "angst")


def test_compound_words_come_from_the_vocabulary(filled):
    db, _ = filled
    with db.engine.connect() as conn:
        assert db.search_strategy.compounds(conn, "bolig forløb og bo") == {
            "bolig": ["støttebolig"], "forløb": ["gruppeforløb", "mentorforløb"]}


def test_an_edited_record_is_found_by_its_new_compound(db):
    rec = db.add(make_record(title="Kursus for forældre", summary="Otte aftener."))
    assert db.search("ungdomsbolig") == [] and db.search("bolig") == []
    db.import_records([{**rec.as_dict(), "summary": "Otte aftener i en ungdomsbolig.",
                        # later than the stored record (the import keeps the newer), within the bound on times
                        "updated_at": (datetime.now(UTC) + timedelta(minutes=1)).isoformat()}])
    assert [r.id for r in db.search("bolig")] == [rec.id]


def test_text_and_filters_combine(filled):
    db, ids = filled
    assert _hits(db, ids, "bolig", actor_type="kommune") == ["bostotte", "housing", "stoettebolig"]
    assert _hits(db, ids, "bolig", actor_type="region") == []
    assert _hits(db, ids, "angst", material_type="Omkostningsvurdering") == ["angst"]
    assert _hits(db, ids, "angst", target_group="børn") == ["angst"]


@pytest.mark.parametrize("query", ['bolig"', "bolig*", "NEAR(a b)", "a OR b", "-bolig", "'); DROP",
                                   "bolig:", "^", "\"\"", "%_"])
def test_search_syntax_is_never_interpreted(filled, query):
    db, _ = filled
    db.search(query)  # no exception: user text is data, not FTS5 or tsquery syntax


def test_only_stop_words_means_no_text_filter(filled):
    db, ids = filled
    assert len(db.search("og i med")) == len(ids)


def test_stemmer_agrees_with_itself():
    assert stems("boliger") == stems("bolig") == stems("boligen") == stems("BOLIGERNE")
    assert stems("hjemløse") == stems("hjemløshed") == stems("HJEMLØS")
    assert stems("i og med") == []
    assert fts5_query("og") is None
    assert fts5_query('bo"lig') == '"bo"* AND "lig"*'
    assert tsquery_text("Boligerne og mentorforløb") == "boligerne:* & mentorforløb:*"
    assert tsquery_text("og i") is None
    compounds = {"bolig": ["støtteboliger", "ungdomsbolig"]}
    # compounds are matched by their own stems (Snowball cuts "lig" from these longer words)
    assert fts5_query("bolig angst", compounds) == '("bol"* OR "støttebo" OR "ungdomsbo") AND "angst"*'
    assert tsquery_text("bolig angst", compounds) == "(bolig:* | støtteboliger | ungdomsbolig) & angst:*"


def test_compound_keys():
    keys = {q.word: q.inner for q in query_words("Bolig boligerne forløb job bo og hjemløshed")}
    # the stem, or the first four letters when the stem is shorter ("bol" is in "fodbold")
    assert keys == {"bolig": "boli", "boligerne": "boli", "forløb": "forløb", "job": "job",
                    "bo": None, "hjemløshed": "hjemløs"}
    assert vocabulary("Et mentorforløb for 25 unge; mentorforløb, bo og JOB") == [
        "mentorforløb", "unge"]


_danish = st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøåABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ ",
                  min_size=1, max_size=40)


@settings(max_examples=200, deadline=None)
@given(_danish)
def test_case_never_matters(text):
    assert stems(text.upper()) == stems(text.lower()) == stems(text)


@settings(max_examples=25, deadline=None)
@given(title=st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøå", min_size=3, max_size=12))
def test_every_title_finds_itself(tmp_path_factory, title):
    from som_xl.experience import open_db

    db = open_db(tmp_path_factory.mktemp("h") / "e.sqlite")
    rec = db.add(make_record(title=title, summary="x"))
    hits = db.search(title.upper())
    db.close()
    if stems(title):
        assert rec.id in [h.id for h in hits]


def test_search_page_with_only_stop_words_lists_everything(filled):
    from som_xl.experience.browse import parse_query

    db, ids = filled
    db.accounts.add_user("red@sbst.dk", organisation="Styrelsen", org_type="styrelse", role="redaktoer")
    editor = db.accounts.user_by_email("red@sbst.dk")  # sees the unpublished records too
    page = db.search_page(parse_query({"q": "og i med", "sort": "relevans"}), editor)
    assert page.total == len(ids) and len(page.records) == len(ids)


def test_pages_run_through_whole_word_hits_then_compound_hits(db):
    from som_xl.experience.browse import SearchQuery

    whole = [db.add(make_record(title=f"Bolig nr. {i}", summary="x", review_status="offentliggjort")).id
             for i in range(3)]
    inner = [db.add(make_record(title=f"Ungdomsbolig nr. {i}", summary="x", review_status="offentliggjort")).id
             for i in range(3)]
    db.add(make_record(title="Ungdomsbolig, ikke offentliggjort", summary="x"))  # anonymous: not seen
    pages = [db.search_page(SearchQuery(text="bolig", page=n, per_page=2)) for n in (1, 2, 3, 4)]
    assert {p.total for p in pages} == {6}
    seen = [r.id for p in pages for r in p.records]
    # the three whole-word hits (equal rank: newest first), then the compounds newest first
    assert seen == whole[::-1] + inner[::-1]
    assert pages[3].records == []
