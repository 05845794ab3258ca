"""Optional adjustments: evidence haircut, deadweight and drop-off (all off by default).

They are :class:`~som_xl.uncertainty.variations.Variation` objects applied to the
``CaseInput`` *before* the calculation, so the core is unchanged and the adjusted input
is an ordinary case. Whenever one is on, :func:`apply_adjustments` returns a Danish note
saying what was done; the CLI and the sheet must show those notes next to the results.

The idea follows the optimism-bias corrections of HM Treasury's Green Book and the
GMCA / New Economy cost-benefit guidance for local partnerships (HM Treasury, 2014),
where the confidence grade of the evidence behind a benefit maps to an explicit
percentage reduction of that benefit. Here SØM's evidence levels (1 meta-analysis or
RCT, 2 quasi-experimental, 3 before/after without control) play the role of the grades,
and the reduction is applied to the success rate. The percentages are settings, not
official figures.
"""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass, field, replace

from som_xl import fmt
from som_xl.core import CaseInput
from som_xl.errors import Problem
from som_xl.uncertainty.variations import Variation

DOUBLE_COUNTING_WARNING = (
    "SØM's konsekvensestimater indeholder allerede tilbagefald: de er forskellen over tid "
    "mellem borgere, der lykkedes, og borgere, der ikke gjorde. Et ekstra årligt frafald "
    "kan derfor tælle tilbagefaldet med to gange; brug det kun, hvis konsekvenserne er "
    "egne skøn uden tilbagefald, og begrund valget."
)
DEADWEIGHT_WARNING = (
    "SØM's succesrate er allerede netto af det, der ville være sket uden indsatsen "
    "(basisniveauet). Dødvægt oven i en nettosuccesrate trækker basisniveauet fra to gange; "
    "brug den kun, hvis succesraten er en bruttorate."
)


class SuccessRateAdjuster(Variation):
    """A variation that only changes the success rate, by ``adjust_rate``.

    Exposing the rate function lets the same adjustment be applied to the low and high
    success rates of the sensitivity range and of the Monte Carlo distribution.
    """

    @abstractmethod
    def adjust_rate(self, rate: float) -> float:
        """The adjusted success rate (a fraction)."""

    def apply(self, case: CaseInput) -> CaseInput:
        return replace(case, success_rate=self.adjust_rate(case.success_rate))


@dataclass(frozen=True)
class EvidenceHaircut(SuccessRateAdjuster):
    """Success rate × (1 − haircut for the evidence level): r' = r · (1 − h_level)."""

    level: int
    haircut: float
    kind = "evidence_haircut"

    @property
    def label(self) -> str:
        return f"Evidensfradrag (niveau {self.level}): succesrate −{fmt.percent(self.haircut)}"

    def adjust_rate(self, rate: float) -> float:
        return rate * (1.0 - self.haircut)


@dataclass(frozen=True)
class Deadweight(SuccessRateAdjuster):
    """Deadweight as the share of successes that would have happened anyway.

    Applied multiplicatively, r' = r · (1 − fraction), as in GMCA's guidance (the
    fraction is taken off the outcomes); with fraction 0.1 and r = 25 % that gives 22,5 %.
    """

    fraction: float
    kind = "deadweight"

    @property
    def label(self) -> str:
        return f"Dødvægt {fmt.percent(self.fraction)} af succeserne"

    def adjust_rate(self, rate: float) -> float:
        return rate * (1.0 - self.fraction)


@dataclass(frozen=True)
class DropOff(Variation):
    """Yearly drop-off of the effect: q'_τ = q_τ · (1 − rate)^τ, τ years after success.

    τ = 0 (the success year) is unchanged. Applies to every consequence line.
    """

    rate: float
    kind = "drop_off"

    @property
    def label(self) -> str:
        return f"Årligt frafald af effekten {fmt.percent(self.rate)}"

    def apply(self, case: CaseInput) -> CaseInput:
        keep = 1.0 - self.rate
        return replace(case, consequences=tuple(
            replace(c, per_success_by_year=tuple(q * keep ** tau for tau, q in enumerate(c.per_success_by_year)))
            for c in case.consequences))


@dataclass(frozen=True)
class Adjustments:
    """Which adjustments are on, and their settings (fractions; all off by default)."""

    evidence_haircut: bool = False
    haircut_by_level: dict[int, float] = field(default_factory=lambda: {1: 0.0, 2: 0.25, 3: 0.5})
    """Reduction of the success rate per SØM evidence level (1 best … 3 weakest)."""
    deadweight: float = 0.0
    drop_off: float = 0.0
    """Yearly drop-off of the consequences after the success year."""

    @property
    def any_on(self) -> bool:
        return self.evidence_haircut or self.deadweight > 0 or self.drop_off > 0

    def problems(self) -> list[Problem]:
        out = []
        checks = [("dødvægt", self.deadweight), ("frafald", self.drop_off)]
        checks += [(f"evidensfradrag niveau {k}", v) for k, v in self.haircut_by_level.items()]
        for name, v in checks:
            if not 0 <= v <= 1:
                out.append(Problem("out-of-range", f"Justeringer: {name}",
                                   f"Skal ligge mellem 0 % og 100 %; fik {fmt.percent(v)}."))
        return out

    def steps(self, evidence_level: int | None) -> tuple[tuple[Variation, ...], tuple[str, ...]]:
        """The variations to apply (in order) and the Danish notes to show with them.

        Without a known evidence level the haircut of the weakest level is used, because
        an unstated level should not be treated as better evidence than a stated one.
        """
        steps: list[Variation] = []
        notes: list[str] = []
        if self.evidence_haircut:
            level = evidence_level
            if level not in self.haircut_by_level:
                level = max(self.haircut_by_level)
                notes.append(f"Evidensniveauet er ikke angivet; der er regnet med niveau {level}.")
            cut = EvidenceHaircut(level, float(self.haircut_by_level[level]))
            steps.append(cut)
            notes.append(f"{cut.label} (efter evidensgrader som i GMCA's vejledning; "
                         "satserne er indstillinger, ikke officielle tal).")
        if self.deadweight > 0:
            dw = Deadweight(self.deadweight)
            steps.append(dw)
            notes.append(f"{dw.label}. {DEADWEIGHT_WARNING}")
        if self.drop_off > 0:
            d = DropOff(self.drop_off)
            steps.append(d)
            notes.append(f"{d.label}. {DOUBLE_COUNTING_WARNING}")
        return tuple(steps), tuple(notes)


@dataclass(frozen=True)
class Adjusted:
    """A case after the adjustments, with what was applied and why."""

    case_input: CaseInput
    steps: tuple[Variation, ...]
    notes: tuple[str, ...]

    def adjust_rate(self, rate: float | None) -> float | None:
        """Apply the success-rate adjusters to another rate (the low or high end)."""
        if rate is None:
            return None
        for s in self.steps:
            if isinstance(s, SuccessRateAdjuster):
                rate = s.adjust_rate(rate)
        return rate


def apply_adjustments(case: CaseInput, adjustments: Adjustments,
                      evidence_level: int | None = None) -> Adjusted:
    """Apply the adjustments that are on to ``case`` (unchanged when none is on)."""
    steps, notes = adjustments.steps(evidence_level)
    for s in steps:
        case = s.apply(case)
    return Adjusted(case, steps, notes)
