"""Break-even success rate per actor, and the Danish sentence that explains it.

Gains are linear in the success rate r, so the NPV of actor a is
``NPV_a(r) = r · G1_a − C_a`` with ``G1_a`` the present value of gains at r = 1 and
``C_a`` the present value of costs (avoided costs negative). It is zero at
``r* = C_a / G1_a`` (``Results.break_even_success_rate`` when ``G1_a > 0``). This module
classifies every case, including the ones the single number cannot express: no costs,
no gains, or gains that are negative for an actor (more successes, more expenditure).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from som_xl import fmt
from som_xl.core import ACTOR_KEYS_TOTAL, ACTORS_WITH_TOTAL, Results

# PVs within this many kroner of zero count as zero (float noise, not money).
_KRONE = 1e-6

ACTOR_PHRASE = {a.key: a.in_sentence for a in ACTORS_WITH_TOTAL}

THRESHOLD = "threshold"
"""Pays back if at least ``rate`` succeed (0 < rate ≤ 1)."""
ALWAYS = "always"
"""Pays back whatever the success rate (no net costs for the actor)."""
NEVER = "never"
"""Does not pay back even if everyone succeeds (``rate`` > 1 or gains negative)."""
NO_GAINS = "no_gains"
"""The actor has no gains in the calculation (PV gains at r = 1 is zero)."""
AT_MOST = "at_most"
"""Gains are negative for the actor but its costs are negative: pays back if at most ``rate`` succeed."""


@dataclass(frozen=True)
class BreakEven:
    """The break-even success rate of one actor, classified, with its Danish sentence."""

    actor: str
    """One of ``kommune``, ``region``, ``stat``, ``total``."""
    kind: str
    """``threshold``, ``always``, ``never``, ``no_gains`` or ``at_most`` (see module constants)."""
    rate: float | None
    """r* = PV(costs) / PV(gains at r = 1) as a fraction; None when those gains are zero.
    A lower bound for ``threshold``, an upper bound for ``at_most``."""
    success_rate: float
    """The rate the case is computed with."""
    pv_costs: float
    """Present value of the actor's costs, kr. (avoided costs negative)."""
    pv_gains_full_success: float
    """Present value of the actor's gains if every participant succeeded, kr."""
    sentence: str

    @property
    def pays_at_case_rate(self) -> bool:
        """NPV ≥ 0 at the case's own success rate."""
        return self.success_rate * self.pv_gains_full_success - self.pv_costs >= -_KRONE

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "pays_at_case_rate": self.pays_at_case_rate}


def classify(actor: str, pv_costs: float, pv_gains1: float, success_rate: float) -> BreakEven:
    """Classify one actor from its PV of costs and of gains at r = 1 (kroner)."""
    who = ACTOR_PHRASE.get(actor, actor)
    used = f"der er regnet med {fmt.percent(success_rate)}"
    c, g = float(pv_costs), float(pv_gains1)
    if abs(g) <= _KRONE:
        kind, rate = NO_GAINS, None
        if c > _KRONE:
            tail = f"; den koster {who} {fmt.kroner(c)} (nutidsværdi) uanset succesrate."
        elif c < -_KRONE:
            tail = f"; {who} sparer {fmt.kroner(-c)} (nutidsværdi) uanset succesrate."
        else:
            tail = "."
        sentence = f"Indsatsen har ingen gevinster for {who} i beregningen{tail}"
    elif g > 0:
        rate = c / g
        if rate <= 0:
            kind = ALWAYS
            sentence = (f"Indsatsen betaler sig for {who} uanset succesrate, fordi {who} ikke har "
                        "nettoomkostninger ved indsatsen.")
        elif rate > 1:
            kind = NEVER
            sentence = (f"Indsatsen betaler sig ikke for {who}, selv hvis alle deltagere lykkes "
                        f"(det ville kræve en succesrate på {fmt.percent(rate)}); {used}.")
        else:
            kind = THRESHOLD
            sentence = (f"Indsatsen betaler sig for {who}, hvis mindst {fmt.percent(rate)} af "
                        f"deltagerne lykkes; {used}.")
    else:
        # Negative gains: each success adds expenditure for this actor (e.g. more
        # treatment in the region). The NPV falls with r, so a break-even is an upper bound.
        rate = c / g
        if rate < 0:
            kind = NEVER
            sentence = (f"Indsatsen betaler sig ikke for {who} ved nogen succesrate: jo flere der "
                        f"lykkes, jo større bliver udgifterne for {who}.")
        elif rate >= 1:
            kind = ALWAYS
            sentence = (f"Indsatsen betaler sig for {who} uanset succesrate, selv om hver succes "
                        f"øger udgifterne for {who}.")
        else:
            kind = AT_MOST
            sentence = (f"Indsatsen betaler sig for {who}, hvis højst {fmt.percent(rate)} af "
                        f"deltagerne lykkes, fordi hver succes øger udgifterne for {who}; {used}.")
    return BreakEven(actor, kind, rate, float(success_rate), c, g, sentence)


def break_even(results: Results) -> tuple[BreakEven, ...]:
    """Break-even per actor (kommune, region, stat, total) of a calculation.

    Parameters
    ----------
    results : Results
        A core calculation; its PV of costs and PV of gains at r = 1 are used, so the
        figures agree with ``results.break_even_success_rate`` where that is not None.
        In a follow-up's re-forecast the gains of observed successes are subtracted
        from the costs first: the rate is what the unfinished cohorts need.
    """
    g1 = results.pv_gains_at_full_success
    # Observed successes (a follow-up) are gains already had: the rate must cover the rest.
    need = results.pv_costs - results.pv_gains_fixed
    return tuple(classify(actor, need[a], g1[a], results.success_rate)
                 for a, actor in enumerate(ACTOR_KEYS_TOTAL))


def sentences(results: Results) -> list[str]:
    """The four Danish sentences (kommune, region, stat, samlet), in that order."""
    return [b.sentence for b in break_even(results)]
