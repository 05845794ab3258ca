"""A target group, outcome or price year the knowledge package does not have is named in one
wording, owned by ``case/resolve.py`` for the case file and the sheets alike (issue 22)."""

from __future__ import annotations

import json

import pytest

from som_xl.case import compute, parse_case
from som_xl.case.resolve import unknown_outcome, unknown_price_year, unknown_target_group
from som_xl.errors import InputError
from som_xl.knowledge import load_knowledge
from som_xl.paths import examples_dir

K = load_knowledge()
GROUP = "hjemloese_voksne"


def _problems(**change) -> list:
    data = json.loads((examples_dir() / "housing_first.json").read_text("utf-8"))
    for key, value in change.items():
        section, _, name = key.partition("__")
        (data[section].__setitem__(name, value) if name else data.__setitem__(section, value))
    with pytest.raises(InputError) as info:
        compute(parse_case(data), K)
    return info.value.problems


def test_a_case_file_names_the_unknown_target_group_with_the_ids_it_may_use():
    (problem,) = _problems(target_group="ukendt")
    ids = ", ".join(t.target_group for t in K.target_groups())
    assert (problem.type, problem.location) == ("unknown-target-group", "$.target_group")
    assert problem.message == (f"målgruppen 'ukendt' findes ikke i vidensdatabasen {K.name} {K.version}; "
                               f"mulige: {ids}. Brug 'egen målgruppe' (null) med egne konsekvenslinjer.")


def test_a_case_file_names_the_unknown_outcome_and_price_year():
    found = {p.type: p for p in _problems(effect__outcome="ukendt", settings__price_year=2010)}
    assert found["unknown-outcome"].message == ("succesmålet 'ukendt' findes ikke for målgruppen "
                                                "'hjemloese_voksne'; mulige: ude_af_hjemloeshed, cti_forloeb.")
    years = K.index_years()
    assert found["unknown-price-year"].message == (f"prisniveauet 2010 findes ikke i nettoprisindekset; "
                                                   f"mulige år: {years[0]}–{years[-1]}.")


def test_a_sheet_gets_the_same_wording_with_its_cell_and_the_names_it_shows():
    group = unknown_target_group("Findes ikke", K, "Indsats!C9", in_sheet=True)
    assert (group.type, group.location, group.severity) == ("unknown-target-group", "Indsats!C9", "error")
    assert group.message == (f"målgruppen 'Findes ikke' findes ikke i vidensdatabasen {K.name} {K.version}; "
                             "vælg fra listen eller 'Egen målgruppe'.")
    outcome = unknown_outcome("x", GROUP, K, "Indsats!C10", in_sheet=True)
    names = [o.name_da for o in K.outcomes(GROUP)]
    assert outcome.message == (f"succesmålet 'x' findes ikke for målgruppen 'Voksne i hjemløshed'; "
                               f"mulige: {names[0]}, {names[1]}.")
    year = unknown_price_year("næste år", [2015, 2016, 2026], "Indsats!C5", instead=2026)
    assert (year.type, year.severity) == ("unknown-price-year", "warning")
    assert year.message == ("prisniveauet 'næste år' findes ikke i nettoprisindekset; mulige år: 2015–2026; "
                            "visningen bruger 2026.")
