"""Andre kommuner (issue 25): the figures over published calculations, on SQLite and
PostgreSQL, against figures computed by hand (``benchmark_seed``); the disclosure rules;
follow-ups as new versions of a calculation."""

from __future__ import annotations

import json

import pytest

from som_xl.errors import InputError
from som_xl.experience.benchmark import THRESHOLD, Benchmark, Catalogue, summarise
from som_xl.experience.followups import lineage, submit_follow_up

from .benchmark_seed import EXPECTED, EXPECTED_TEXT, GROUP, SINGLE_ORG_GROUP, actuals, case, seed


def _approx(block: dict) -> dict:
    return {k: (v if k == "n" else pytest.approx(v, abs=5e-7)) for k, v in block.items()}


def assert_figures(got: dict, expected: dict = EXPECTED) -> None:
    for key, want in expected.items():
        assert got[key] == (_approx(want) if isinstance(want, dict) else want), key


@pytest.fixture
def seeded(db):
    return seed(db)


def _submit(db, user, data) -> int:
    from tests.experience.benchmark_seed import _submit as submit

    return submit(db, user, data)


# -- quantiles ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("values", "expected"), [
    # n = 3: h = q·2 → p25 halfway between x0 and x1
    ([3.0, 1.0, 2.0], (1.5, 2.0, 2.5, 1.0, 3.0)),
    # n = 5: h = q·4 lands on x1 and x3
    ([5.0, 1.0, 4.0, 2.0, 3.0], (2.0, 3.0, 4.0, 1.0, 5.0)),
    # n = 6: p25 at h = 1.25 → 20 + 0.25·(30 − 20); median (30 + 40)/2; p75 at h = 3.75 → 40 + 0.75·(50 − 40)
    ([10, 20, 30, 40, 50, 60], (22.5, 35.0, 47.5, 10.0, 60.0)),
    # n = 1: everything is the value
    ([0.3], (0.3, 0.3, 0.3, 0.3, 0.3)),
])
def test_quartiles_are_type_7_as_computed_by_hand(values, expected):
    s = summarise(values)
    assert (s.p25, s.median, s.p75, s.min, s.max) == pytest.approx(expected)
    assert s.n == len(values)


# -- the seeded set ---------------------------------------------------------------------------------
def test_figures_over_published_calculations_match_the_hand_computed_ones(db, seeded):
    b = db.benchmark(GROUP)
    assert_figures(b.as_dict())
    assert b.line() == EXPECTED_TEXT["line"]
    # the JSON form reads back to the same figures (what a server's client gets)
    assert Benchmark.from_dict(json.loads(json.dumps(b.as_dict()))).as_dict() == b.as_dict()


def test_a_record_leaves_the_figures_as_soon_as_it_is_rejected_or_withdrawn(db, seeded):
    editor, herning = seeded.users["editor"], seeded.users["Herning Kommune"]
    db.workflow.set_status(seeded.ids["herning"], editor, "offentliggjort")
    b = db.benchmark(GROUP)
    # Herning's 90 % joins: 0.12, 0.20, 0.24, 0.40, 0.90 → median 0.24, p25 0.20, p75 0.40
    assert (b.organisations, b.calculations) == (5, 6)
    assert (b.success_rate.p25, b.success_rate.median, b.success_rate.p75, b.success_rate.max) == \
        pytest.approx((0.20, 0.24, 0.40, 0.90))
    db.workflow.set_status(seeded.ids["herning"], editor, "afvist", "Forkert målgruppe.")
    assert_figures(db.benchmark(GROUP).as_dict())
    db.workflow.set_status(seeded.ids["herning"], editor, "offentliggjort")
    db.workflow.set_status(seeded.ids["herning"], herning, "trukket_tilbage")
    assert_figures(db.benchmark(GROUP).as_dict())


def test_one_organisations_many_records_weigh_as_one(db, seeded):
    aarhus, editor = seeded.users["Aarhus Kommune"], seeded.users["editor"]
    for i in range(10):
        rid = _submit(db, aarhus, case(f"Ekstra {i}", "Aarhus Kommune", 0.90, 50_000))
        db.workflow.set_status(rid, editor, "offentliggjort")
    b = db.benchmark(GROUP)
    # Aarhus is one value: median(0.10, 0.30, ten × 0.90) = 0.90; others 0.12, 0.24, 0.40
    # → median (0.24 + 0.40)/2 = 0.32, p25 0.12 + 0.75·0.12 = 0.21, p75 0.40 + 0.25·0.50 = 0.525
    assert (b.calculations, b.organisations, b.success_rate.n) == (15, 4, 4)
    assert (b.success_rate.p25, b.success_rate.median, b.success_rate.p75) == pytest.approx((0.21, 0.32, 0.525))


def test_below_three_organisations_the_figures_are_withheld_with_the_counts(db, seeded):
    b = db.benchmark(SINGLE_ORG_GROUP)
    assert (b.calculations, b.organisations, b.success_rate, b.realised_success_rate) == (3, 1, None, None)
    assert b.withheld_reason.startswith("for få beregninger til at vise tal (3 beregninger fra 1 organisation;")
    assert b.as_dict()["success_rate"] is None and b.cost_per_participant is None
    assert b.line().startswith("Andre kommuner: for få beregninger til at vise tal")
    editor = seeded.users["editor"]
    counted = []
    for org in ("Vejle Kommune", "Odense Kommune"):
        rid = _submit(db, seeded.users[org], case("Børn", org, 0.5, 10_000, target_group=SINGLE_ORG_GROUP))
        db.workflow.set_status(rid, editor, "offentliggjort")
        counted.append(db.benchmark(SINGLE_ORG_GROUP))
    two, three = counted
    assert two.success_rate is None and "fra 2 organisationer" in two.withheld_reason
    # Aarhus median(0.2, 0.3, 0.4) = 0.3, Vejle 0.5, Odense 0.5 → 0.3, 0.5, 0.5
    assert THRESHOLD == 3 and three.withheld_reason is None
    assert (three.success_rate.min, three.success_rate.p25, three.success_rate.median) == pytest.approx((0.3, 0.4, 0.5))
    assert three.realised_success_rate is None
    assert three.realised_withheld_reason == "ingen af beregningerne har faktiske tal fra et afsluttet hold endnu"


def test_a_follow_up_counts_once_and_only_when_published(db, seeded):
    vejle = seeded.users["Vejle Kommune"]
    db.workflow.set_status(seeded.ids["vejle_v2"], vejle, "trukket_tilbage")
    b = db.benchmark(GROUP)
    # version 1 counts again (24 %, no actuals): assumed figures unchanged, two follow-ups left
    assert_figures(b.as_dict(), {k: EXPECTED[k] for k in ("calculations", "organisations", "success_rate")})
    assert b.realised_success_rate is None and b.realised_organisations == 2
    assert b.realised_withheld_reason.startswith("for få opfølgninger til at vise tal (2 beregninger fra 2 "
                                                 "organisationer;")
    # a third version (not yet published) changes nothing; published, it replaces the others
    third, created = submit_follow_up(db, seeded.ids["vejle"], vejle, actuals(20, 5))
    assert created and third.review_status == "indsendt"
    assert db.benchmark(GROUP).realised_organisations == 2
    db.workflow.set_status(third.id, seeded.users["editor"], "offentliggjort")
    again = db.benchmark(GROUP)
    # realised 0.10, 0.25 (5/20), 0.30 → median 0.25
    assert again.calculations == 5 and again.realised_success_rate.median == pytest.approx(0.25)


def test_differencing_a_success_measure_against_its_target_group_is_prevented(db, seeded):
    """Unge 14-17: A, B, C use 'ingen_ny_kriminalitet', D another measure. Showing the measure's
    figures beside the target group's would give D's value away: they are withheld until the
    rest of the target group has three organisations itself."""
    group, measure = "unge_14_17_kriminalitet", "ingen_ny_kriminalitet"
    users, editor = seeded.users, seeded.users["editor"]

    def publish(org: str, rate: float, outcome: str) -> None:
        data = case("Unge", org, rate, 10_000, target_group=group)
        data["effect"]["outcome"] = outcome
        db.workflow.set_status(_submit(db, users[org], data), editor, "offentliggjort")

    for org, rate in (("Aarhus Kommune", 0.1), ("Vejle Kommune", 0.2), ("Odense Kommune", 0.3)):
        publish(org, rate, measure)
    publish("Aalborg Kommune", 0.6, "faerre_domme")
    whole = db.benchmark(group)
    assert whole.organisations == 4 and whole.success_rate.max == pytest.approx(0.6)  # 4 organisations: shown
    one = db.benchmark(group, measure)
    assert (one.calculations, one.organisations, one.success_rate) == (3, 3, None)
    assert "øvrige beregninger kommer fra 1 organisation" in one.withheld_reason
    assert db.benchmark(group, "faerre_domme").success_rate is None  # one organisation
    for org, rate in (("Herning Kommune", 0.7), ("Horsens Kommune", 0.8)):
        publish(org, rate, "faerre_domme")
    shown = db.benchmark(group, measure)
    other = db.benchmark(group, "faerre_domme")
    assert (shown.success_rate.median, other.success_rate.median) == pytest.approx((0.2, 0.7))
    assert shown.withheld_reason is None and other.organisations == 3


def test_ids_are_checked_unknown_ones_are_not_found(db, seeded):
    catalogue = Catalogue({"hjemloese_voksne": "Voksne i hjemløshed", "tom_gruppe": "Tom"},
                          {"hjemloese_voksne": {"ude_af_hjemloeshed": "Ude af hjemløshed"}})
    for bad in ("", " ", "x" * 201, "a\x00b"):
        with pytest.raises(InputError) as exc:
            db.benchmark(bad, catalogue=catalogue)
        assert exc.value.problems[0].type == "bad-id" and exc.value.problems[0].location == "felt target_group"
    with pytest.raises(InputError) as exc:
        db.benchmark("ukendt", catalogue=catalogue)
    assert exc.value.problems[0].type == "not-found" and "hjemloese_voksne" in exc.value.problems[0].message
    with pytest.raises(InputError) as exc:
        db.benchmark(GROUP, "ukendt_maal", catalogue=catalogue)
    assert exc.value.problems[0].location == "felt outcome"
    # a known group without published records: zero counts, withheld
    empty = db.benchmark("tom_gruppe", catalogue=catalogue)
    assert (empty.calculations, empty.organisations, empty.success_rate) == (0, 0, None)
    # a group only an unpublished record uses is unknown (its existence does not leak)
    herning_only = case("Skjult", "Herning Kommune", 0.5, 10_000, target_group="hemmelig_gruppe")
    _submit(db, seeded.users["Herning Kommune"], herning_only)
    with pytest.raises(InputError):
        db.benchmark("hemmelig_gruppe", catalogue=catalogue)


# -- follow-ups as versions -----------------------------------------------------------------------
def test_a_follow_up_is_a_new_version_with_history(db, seeded):
    vejle, editor = seeded.users["Vejle Kommune"], seeded.users["editor"]
    original = db.require(seeded.ids["vejle"])
    v2 = db.require(seeded.ids["vejle_v2"])
    assert (v2.title, v2.target_group, v2.actor_name) == (original.title, original.target_group, "Vejle Kommune")
    case_v2 = json.loads(v2.case_json)
    assert case_v2["actuals"] == actuals(20, 4)
    assert {k: v for k, v in case_v2.items() if k != "actuals"} == json.loads(original.case_json)
    follow = v2.key_results["follow_up"]
    # 4 successes among the 20 of the 2025 cohort; planned 24 %
    assert follow["realised_success_rate"] == pytest.approx(0.2) and follow["planned_success_rate"] == 0.24
    assert [y["actual_participants"] for y in follow["years"]] == [20, 20]
    assert [v.version for v in lineage(db, v2, None).versions] == [1, 2]
    assert lineage(db, original, None).version == 1 and lineage(db, v2, vejle).version == 2
    actions = [(e.action, e.detail) for e in db.workflow.history(original.id)]
    assert ("opfølgning", {"ny version": v2.id}) in actions
    assert ("indsendt", {"opfølgning af post": original.id, "version": 2}) in \
        [(e.action, e.detail) for e in db.workflow.history(v2.id)]
    # an unpublished version is not listed to anonymous readers, but to its organisation
    v3, _ = submit_follow_up(db, v2.id, vejle, actuals(20, 5))
    assert [v.version for v in lineage(db, original, None).versions] == [1, 2]
    assert [v.version for v in lineage(db, original, vejle).versions] == [1, 2, 3]
    assert [v.version for v in lineage(db, v3, editor).versions] == [1, 2, 3]


def test_follow_up_refusals_name_the_field(db, seeded):
    vejle, odense = seeded.users["Vejle Kommune"], seeded.users["Odense Kommune"]
    with pytest.raises(InputError) as exc:
        submit_follow_up(db, seeded.ids["vejle"], odense, actuals(20, 4))
    assert exc.value.problems[0].type == "forbidden"
    with pytest.raises(InputError) as exc:  # more successes than the cohort had participants
        submit_follow_up(db, seeded.ids["vejle"], vejle, actuals(3, 4))
    assert exc.value.problems[0].location == "opfølgning, år 2026, succeser"
    with pytest.raises(InputError) as exc:
        submit_follow_up(db, seeded.ids["vejle"], vejle, [])
    assert "mindst ét år" in exc.value.problems[0].message
    with pytest.raises(InputError) as exc:  # another organisation's draft does not exist for Vejle
        submit_follow_up(db, seeded.ids["herning"], vejle, actuals(20, 4))
    assert exc.value.problems[0].type == "not-found"
    first, created = submit_follow_up(db, seeded.ids["vejle"], vejle, actuals(20, 4), client_key="k-1")
    again, created_again = submit_follow_up(db, seeded.ids["vejle"], vejle, actuals(20, 4), client_key="k-1")
    assert created and not created_again and first.id == again.id
