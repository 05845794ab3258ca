"""A seeded set of shared calculations for "Andre kommuner" (issue 25), and the figures
computed by hand that every surface must show for it.

Every record goes through the real workflow (submit, publish, withdraw, reject, follow-up
as a new version). Target group ``hjemloese_voksne``; every case lasts two years
(duration 2, horizon 10, start 2025) and has one cost line, X kr. per participant per
year, so its cost per participant is 2·X.

======== ============ ====== ========= ===================================== ==========
record   organisation rate   X (kr.)   follow-up (version 2)                 counts?
======== ============ ====== ========= ===================================== ==========
aarhus1  Aarhus       10 %   50.000    –                                     yes
aarhus2  Aarhus       30 %   70.000    –                                     yes
vejle    Vejle        24 %   60.000    2025: 20 start; 2026: 4 successes     v2 yes
odense   Odense       40 %   80.000    2025: 20 start; 2026: 6 successes     v2 yes
aalborg  Aalborg      12 %   40.000    2025: 10 start; 2026: 1 success       v2 yes
herning  Herning      90 %   90.000    –  (submitted, never published)       no
horsens  Horsens      80 %   90.000    –  (published, then withdrawn)        no
vejle2   Vejle        95 %   90.000    –  (rejected)                         no
egen     Horsens      50 %   90.000    –  (own target group: none)           no
======== ============ ====== ========= ===================================== ==========

Plus, in ``boern_6_13_angst_depression``, three published records from Aarhus alone.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GROUP = "hjemloese_voksne"
SINGLE_ORG_GROUP = "boern_6_13_angst_depression"
PASSWORD = "hemmelig-kode-1"
ORGS = ("Aarhus Kommune", "Vejle Kommune", "Odense Kommune", "Aalborg Kommune", "Herning Kommune",
        "Horsens Kommune")
EDITOR = "red@styrelsen.dk"


def email(org: str) -> str:
    return f"bi@{org.split()[0].lower()}.dk"


def case(title: str, org: str, rate: float, per_year: float, *, target_group: str | None = GROUP,
         actuals: list[dict] | None = None) -> dict:
    """A two-year case for ``org`` with success rate ``rate`` and one cost line."""
    data = json.loads((ROOT / "examples" / "housing_first.json").read_text("utf-8"))
    data.update(title=title, owner={"name": org, "type": "kommune"}, target_group=target_group)
    data["effect"] = {"success_rate": rate}
    data["costs"] = [{"label": "Bostøtte", "payer": "kommune", "kind": "drift",
                      "basis": "per_participant_year", "amount": per_year}]
    if target_group is None:
        data["consequences"] = [{"item": "forsorgshjem_110", "per_success_by_year": [-10.0]}]
    elif target_group != GROUP:
        data.pop("consequences", None)
    if actuals is not None:
        data["actuals"] = actuals
    return data


def actuals(first_cohort: int, successes: int) -> list[dict]:
    """2025: ``first_cohort`` start; 2026: 20 start and ``successes`` of the 2025 cohort succeed."""
    zero = {"kommune": 0, "region": 0, "stat": 0}
    return [{"year": 2025, "participants": first_cohort, "costs": zero, "successes": 0},
            {"year": 2026, "participants": 20, "costs": zero, "successes": successes}]


@dataclass
class Seeded:
    ids: dict[str, int] = field(default_factory=dict)
    users: dict[str, object] = field(default_factory=dict)


def _submit(db, user, data: dict) -> int:
    from som_xl.experience.case_link import fields_from_case_text

    fields, _ = fields_from_case_text(json.dumps(data, ensure_ascii=False))
    fields.setdefault("target_group", "Egen målgruppe: borgere med samme udfordringer")
    record, _ = db.workflow.submit(fields, user)
    return record.id


def seed(db) -> Seeded:
    """Lay the set above into the open database ``db`` (users with :data:`PASSWORD`)."""
    from som_xl.experience.followups import submit_follow_up

    out = Seeded()
    for org in ORGS:
        out.users[org] = db.accounts.add_user(email(org), organisation=org, org_type="kommune",
                                              role="bidragyder", password=PASSWORD)
    editor = db.accounts.add_user(EDITOR, organisation="Styrelsen", org_type="styrelse", role="redaktoer",
                                  password=PASSWORD)
    u = out.users
    plans = {
        "aarhus1": ("Aarhus Kommune", 0.10, 50_000), "aarhus2": ("Aarhus Kommune", 0.30, 70_000),
        "vejle": ("Vejle Kommune", 0.24, 60_000), "odense": ("Odense Kommune", 0.40, 80_000),
        "aalborg": ("Aalborg Kommune", 0.12, 40_000), "herning": ("Herning Kommune", 0.90, 90_000),
        "horsens": ("Horsens Kommune", 0.80, 90_000), "vejle2": ("Vejle Kommune", 0.95, 90_000),
    }
    for key, (org, rate, x) in plans.items():
        out.ids[key] = _submit(db, u[org], case(f"Housing First {key}", org, rate, x))
    out.ids["egen"] = _submit(db, u["Horsens Kommune"], case("Eget forløb", "Horsens Kommune", 0.5, 90_000,
                                                             target_group=None))
    for i, rate in enumerate((0.2, 0.3, 0.4)):
        out.ids[f"boern{i}"] = _submit(db, u["Aarhus Kommune"], case(f"Børn {i}", "Aarhus Kommune", rate, 10_000,
                                                                     target_group=SINGLE_ORG_GROUP))
    for key in ("aarhus1", "aarhus2", "vejle", "odense", "aalborg", "horsens", "egen", "boern0", "boern1",
                "boern2"):
        db.workflow.set_status(out.ids[key], editor, "offentliggjort")
    db.workflow.set_status(out.ids["vejle2"], editor, "afvist", "Dobbelt indsendt.")
    db.workflow.set_status(out.ids["horsens"], u["Horsens Kommune"], "trukket_tilbage")
    for key, org, (first, succ) in (("vejle", "Vejle Kommune", (20, 4)), ("odense", "Odense Kommune", (20, 6)),
                                    ("aalborg", "Aalborg Kommune", (10, 1))):
        new, _ = submit_follow_up(db, out.ids[key], u[org], actuals(first, succ))
        out.ids[key + "_v2"] = new.id
        db.workflow.set_status(new.id, editor, "offentliggjort")
    out.users["editor"] = editor
    return out


def plan_with(data: dict, **changes) -> dict:
    """A copy of case ``data`` with top-level ``changes``."""
    out = copy.deepcopy(data)
    out.update(changes)
    return out


# -- the figures, computed by hand ---------------------------------------------------------------
# Organisation values (an organisation's value is the median of its counted records):
#   assumed:  Aalborg 0.12, Aarhus median(0.10, 0.30) = 0.20, Vejle 0.24, Odense 0.40
#   type-7 quantiles of n = 4 sorted values x0..x3 at h = q·(n − 1):
#     p25: h = 0.75 → 0.12 + 0.75·(0.20 − 0.12) = 0.18
#     median: h = 1.5 → (0.20 + 0.24)/2 = 0.22
#     p75: h = 2.25 → 0.24 + 0.25·(0.40 − 0.24) = 0.28
#   realised (successes of the 2025 cohort ÷ its participants): Aalborg 1/10 = 0.10,
#     Vejle 4/20 = 0.20, Odense 6/20 = 0.30 → n = 3: p25 0.15, median 0.20, p75 0.25
#   realised ÷ assumed: Odense 0.30/0.40 = 0.75, Aalborg 0.10/0.12 = 5/6, Vejle 0.20/0.24 = 5/6
#     → p25 0.75 + 0.5·(5/6 − 0.75) = 19/24, median 5/6, p75 5/6
#   cost per participant 2·X: Aalborg 80.000, Aarhus median(100.000, 140.000) = 120.000,
#     Vejle 120.000, Odense 160.000 → p25 80.000 + 0.75·40.000 = 110.000, median 120.000,
#     p75 120.000 + 0.25·40.000 = 130.000
EXPECTED = {
    "target_group": GROUP, "calculations": 5, "organisations": 4,
    "success_rate": {"n": 4, "median": 0.22, "p25": 0.18, "p75": 0.28, "min": 0.12, "max": 0.40},
    "realised_success_rate": {"n": 3, "median": 0.20, "p25": 0.15, "p75": 0.25, "min": 0.10, "max": 0.30},
    "realised_vs_assumed": {"n": 3, "median": 5 / 6, "p25": 19 / 24, "p75": 5 / 6, "min": 0.75, "max": 5 / 6},
    "cost_per_participant": {"n": 4, "median": 120_000, "p25": 110_000, "p75": 130_000, "min": 80_000,
                             "max": 160_000},
    "duration_years": {"n": 4, "median": 2, "p25": 2, "p75": 2, "min": 2, "max": 2},
    "horizon_years": {"n": 4, "median": 10, "p25": 10, "p75": 10, "min": 10, "max": 10},
    "withheld_reason": None,
}
EXPECTED_TEXT = {
    "median": "22,0 %", "p25": "18,0 %", "p75": "28,0 %", "realised": "20,0 %",
    "line": ("Andre kommuner: median 22,0 % (5 beregninger, 4 organisationer; midterste halvdel 18,0 %–28,0 %); "
             "realiseret ved opfølgning: median 20,0 % (3 organisationer)."),
}
"""The same figures as Danish text (percent with one decimal)."""
