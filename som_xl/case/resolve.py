"""Apply knowledge to a case: consequence lines, prices at the case's price level, the
discount schedule. The result is the core's :class:`~som_xl.core.CaseInput` plus what
the user needs to see where every number came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from som_xl import fmt
from som_xl.case.labels import json_path
from som_xl.case.model import Case, ConsequenceSpec
from som_xl.core import (
    CaseInput,
    Cohort,
    ConsequenceLine,
    CostBasis,
    CostKind,
    CostLine,
    DiscountSchedule,
)
from som_xl.errors import InputError, Problem, raise_if_errors
from som_xl.knowledge import Knowledge
from som_xl.knowledge.prices import resolve_prices
from som_xl.knowledge.records import PriceSpec, Profile, ResolvedPrice
from som_xl.vocabulary.sources import weakest_source_kind


@dataclass(frozen=True)
class ResolvedConsequence:
    """A consequence line as used: quantities per success and where they came from."""

    item: str
    name: str
    unit: str
    area: str
    per_success_by_year: tuple[float, ...]
    origin: str
    """``"viden"`` (from the knowledge package) or ``"bruger"`` (typed or edited by the user)."""
    source: str
    quality: str
    source_kind: str = ""
    """The weakest kind of the line's sources (``primary``/``secondary``); empty for user lines."""


@dataclass(frozen=True)
class EffectSource:
    """Where the case's success rate comes from."""

    origin: str
    """``"viden"``: it is a knowledge package's net effect for the case's target group and
    outcome (same rate); ``"bruger"``: the municipality's own figure."""
    effect_id: str = ""
    quality: str = ""
    source_kind: str = ""


@dataclass(frozen=True)
class Resolution:
    case_input: CaseInput
    prices: tuple[ResolvedPrice, ...]
    """The price of each item used, in consequence-line order."""
    consequences: tuple[ResolvedConsequence, ...]
    outcome: str | None
    warnings: tuple[Problem, ...]
    effect_source: EffectSource = EffectSource("bruger")


def _own_items(case: Case) -> dict[str, PriceSpec]:
    """The case's own items by id (the first, should one be written twice)."""
    out: dict[str, PriceSpec] = {}
    for p in case.items:
        out.setdefault(p.item, p)
    return out


def _item_info(knowledge: Knowledge, own_items: dict[str, PriceSpec], item: str) -> tuple[str, str, str] | None:
    """(name, unit, area) of an own item or a knowledge item; None if neither has it."""
    own = own_items.get(item)
    if own is not None:
        return own.name, own.unit, own.area
    if not knowledge.has_item(item):
        return None
    info = knowledge.item(item)
    return info.name_da, info.unit_da, info.area


def _choose_outcome(case: Case, knowledge: Knowledge, problems: list[Problem]) -> str | None:
    if case.target_group is None:
        return case.effect.outcome
    outcomes = [o.outcome for o in knowledge.outcomes(case.target_group)]
    if case.effect.outcome is None:
        return outcomes[0] if outcomes else None
    if case.effect.outcome not in outcomes:
        problems.append(unknown_outcome(case.effect.outcome, "$.effect.outcome", case.target_group, outcomes))
    return case.effect.outcome


def _from_profile(knowledge: Knowledge, prof: Profile, info: tuple[str, str, str]) -> ResolvedConsequence:
    sources = [knowledge.find_source(s) for s in prof.source.split(";")]
    return ResolvedConsequence(prof.item, *info, tuple(prof.per_success_by_year), "viden",
                               getattr(sources[0], "title", prof.source), prof.quality,
                               weakest_source_kind(sources))


def _trimmed(q: Sequence[float]) -> tuple[float, ...]:
    q = [float(x) for x in q]
    while q and abs(q[-1]) < 1e-12:
        q.pop()
    return tuple(q)


def _unchanged_profile(case: Case, knowledge: Knowledge, outcome: str | None,
                       line: ConsequenceSpec) -> Profile | None:
    """The package's profile a typed line repeats unchanged (the Konsekvenser sheet holds the
    package's lines as typed lines), or None: an edited or new line is the user's own."""
    if case.target_group is None:
        return None
    for prof in knowledge.consequence_profiles(case.target_group, outcome):
        if prof.item == line.item and _trimmed(prof.per_success_by_year) == _trimmed(line.per_success_by_year):
            return prof
    return None


def _consequences(case: Case, knowledge: Knowledge, outcome: str | None,
                  problems: list[Problem]) -> list[ResolvedConsequence]:
    out: list[ResolvedConsequence] = []
    own = _own_items(case)
    if case.consequences is None:
        if case.target_group is None:
            return out  # an own target group without lines: the case validation says so
        for prof in knowledge.consequence_profiles(case.target_group, outcome):
            out.append(_from_profile(knowledge, prof, _item_info(knowledge, own, prof.item) or (prof.item, "", "")))
        return out
    for i, line in enumerate(case.consequences):
        if not line.include:
            continue
        info = _item_info(knowledge, own, line.item)
        if info is None:
            problems.append(Problem(
                "unknown-item", json_path(["consequences", i, "item"]),
                f"varen '{line.item}' findes hverken i vidensdatabasen eller blandt egne varer; "
                "tilføj den under egne varer med enhed, område og pris."))
            continue
        known = _unchanged_profile(case, knowledge, outcome, line)
        if known is not None:
            out.append(_from_profile(knowledge, known, info))
            continue
        name, unit, area = info
        out.append(ResolvedConsequence(line.item, name, unit, area, line.per_success_by_year, "bruger",
                                       line.source or "brugerens egen linje", "bruger"))
    return out


def evidence_warnings(case: Case, knowledge: Knowledge, consequences: Sequence[ResolvedConsequence]) -> list[Problem]:
    """What the evidence cannot carry, said plainly with the calculation: a target group
    whose package lines are illustrative, and whose package says why (``evidence_da``)."""
    if case.target_group is None:
        return []
    group = knowledge.target_group(case.target_group)
    if not group.evidence_da or not any(c.origin == "viden" and c.quality == "illustrativ" for c in consequences):
        return []
    return [Problem("illustrative-consequences", "$.target_group", f"{group.name_da}: {group.evidence_da}",
                    "warning")]


def effect_source(case: Case, knowledge: Knowledge, outcome: str | None) -> EffectSource:
    """The knowledge's net effect the case's success rate equals, if any; else the user's own.

    The case file stores the rate, not where it came from: a rate equal to a net effect of
    the case's target group and outcome in the package is taken to be that effect."""
    if case.target_group is None:
        return EffectSource("bruger")
    for e in knowledge.effects(case.target_group):
        if (e.effect_type == "netto" and e.outcome in (outcome, None)
                and abs(e.success_rate - case.effect.success_rate) < 1e-9):
            return EffectSource("viden", e.effect_id, e.quality, weakest_source_kind([knowledge.find_source(e.source)]))
    return EffectSource("bruger")


def _discount(case: Case, knowledge: Knowledge, problems: list[Problem]) -> DiscountSchedule | None:
    s = case.settings
    if s.discount_rate is not None:
        return DiscountSchedule.constant(s.discount_rate)
    if s.discount_schedule:
        known = {d.name: d for d in knowledge.discount_schedules()}
        if s.discount_schedule not in known:
            problems.append(Problem(
                "unknown-schedule", "$.settings.discount_schedule",
                f"diskonteringsrente-regimet '{s.discount_schedule}' findes ikke; mulige: "
                f"{', '.join(sorted(known))}."))
            return None
        return known[s.discount_schedule]
    return knowledge.discount_schedule()


def _price_year_problems(case: Case, years: Sequence[int]) -> list[Problem]:
    """The case's price level and its typed prices' years must be in the net price index."""
    out = []
    if case.settings.price_year not in years:
        out.append(unknown_price_year("prisniveauet", case.settings.price_year, "$.settings.price_year", years))
    for group in ("items", "local_prices"):
        for i, p in enumerate(getattr(case, group)):
            if p.price_year not in years:
                out.append(unknown_price_year("prisåret", p.price_year, json_path([group, i, "price_year"]), years))
    return out


def resolve(case: Case, knowledge: Knowledge) -> Resolution:
    """Resolve ``case`` against ``knowledge``; :class:`InputError` lists every problem."""
    problems: list[Problem] = []
    if case.target_group is not None and not knowledge.has_target_group(case.target_group):
        known = ", ".join(t.target_group for t in knowledge.target_groups())
        raise InputError([unknown_target_group(
            case.target_group, "$.target_group",
            f"mulige: {known}. Brug 'egen målgruppe' (null) med egne konsekvenslinjer.",
            f"{knowledge.name} {knowledge.version}")])
    problems += _price_year_problems(case, knowledge.index_years())
    for i, p in enumerate(case.local_prices):
        if not knowledge.has_item(p.item):
            problems.append(Problem("unknown-item", json_path(["local_prices", i, "item"]),
                                    f"varen '{p.item}' findes ikke i vidensdatabasen; en lokal pris "
                                    "erstatter en national pris. Brug egne varer til nye varer."))
    outcome = _choose_outcome(case, knowledge, problems)
    consequences = _consequences(case, knowledge, outcome, problems)
    discount = _discount(case, knowledge, problems)
    if discount is not None:  # a package's own schedule may end before a long horizon
        missing = discount.first_missing(case.settings.horizon_years)
        if missing is not None:
            problems.append(Problem(
                "schedule-too-short", "$.settings.horizon_years",
                f"diskonteringsrente-regimet '{discount.name}' har ingen rente for år {missing} efter startåret; "
                f"vælg en kortere tidshorisont (højst {missing} år) eller et andet regime."))
    raise_if_errors(problems)
    assert discount is not None  # no schedule is an error, raised above

    prices = resolve_prices(knowledge, [c.item for c in consequences], case.settings.price_year,
                            own_items=case.items, local_prices=case.local_prices)
    by_item = {p.item: p for p in prices}
    lines = tuple(
        ConsequenceLine(item=c.item, area=c.area, per_success_by_year=c.per_success_by_year,
                        unit_price=tuple(by_item[c.item].uprated), outcome=outcome or "", name=c.name,
                        price_changes=tuple((ch.from_year, tuple(ch.uprated)) for ch in by_item[c.item].changes))
        for c in consequences
    )
    case_input = CaseInput(
        start_year=case.settings.start_year,
        horizon_years=case.settings.horizon_years,
        discount=discount,
        duration_years=case.programme.duration_years,
        cohorts=tuple(Cohort(c.year, c.participants) for c in case.programme.cohorts),
        success_rate=case.effect.success_rate,
        costs=tuple(CostLine(c.label, c.payer, CostKind(c.kind), CostBasis(c.basis), c.amount, c.year)
                    for c in case.costs),
        consequences=lines,
    )
    warnings = tuple(problems) + tuple(evidence_warnings(case, knowledge, consequences))
    return Resolution(case_input, tuple(by_item[c.item] for c in consequences), tuple(consequences),
                      outcome, warnings, effect_source(case, knowledge, outcome))


def unknown_target_group(value: object, where: str, remedy: str, package: str = "") -> Problem:
    """The one message for a target group the knowledge (``package``: its name and version)
    does not have; ``remedy`` says what to do instead (in a case file, in a workbook)."""
    return Problem("unknown-target-group", where,
                   f"målgruppen {fmt.value(value)} findes ikke i vidensdatabasen{' ' + package if package else ''}; "
                   f"{remedy}")


def unknown_outcome(value: object, where: str, target_group: object, choices: Sequence[str]) -> Problem:
    """The one message for an outcome the target group does not have, naming the ``choices``."""
    return Problem("unknown-outcome", where,
                   f"succesmålet {fmt.value(value)} findes ikke for målgruppen {fmt.value(target_group)}; "
                   f"mulige: {', '.join(choices) or 'ingen'}.")


def unknown_price_year(what: str, value: object, where: str, years: Sequence[int], then: str = "",
                       severity: str = "error") -> Problem:
    """The one message for a price level or price year (``what``) outside the net price index;
    ``then`` says what is used instead, if anything."""
    return Problem("unknown-price-year", where,
                   f"{what} {value} findes ikke i nettoprisindekset; mulige år: {min(years)}–{max(years)}."
                   + (f" {then}" if then else ""), severity)
