"""The portfolio's answer: the table, the combined years and, with a budget, the choice.

The budget rule (``docs/method.md``, "Portfolio"): a set of interventions fits the
budget B when the budget actor's net cost — costs minus gains, undiscounted, at the
portfolio's price level — summed over the budget years and over the set is at most B.
The chosen set maximises the objective actor's NPV (exactly, see
:mod:`som_xl.portfolio.selection`); the greedy ratio-order set is shown beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from som_xl import fmt
from som_xl.core import ACTOR_KEYS_TOTAL
from som_xl.errors import Problem, raise_if_errors
from som_xl.portfolio.combine import Portfolio, budget_period
from som_xl.portfolio.selection import MAX_EXACT, Selection, select_exact, select_greedy


@dataclass(frozen=True)
class BudgetRule:
    """At most ``amount`` kr. of ``actor``'s net cost in ``years``."""

    amount: float
    actor: str = "kommune"
    years: tuple[int, ...] = ()


@dataclass(frozen=True)
class Choice:
    """The exact and the greedy selection under one budget rule."""

    rule: BudgetRule
    objective: str
    net_costs: np.ndarray
    """Each intervention's net cost under the rule, kr., shape (n,)."""
    exact: Selection
    greedy: Selection
    warnings: tuple[Problem, ...] = ()
    """About the rule (e.g. budget years outside every intervention's horizon)."""

    @property
    def greedy_differs(self) -> bool:
        return set(self.exact.chosen) != set(self.greedy.chosen)

    @property
    def difference(self) -> float:
        """How much more the exact choice gives than the greedy one (objective NPV, kr.)."""
        return self.exact.value - self.greedy.value


def rule_problems(portfolio: Portfolio, rule: BudgetRule, objective: str) -> list[Problem]:
    """Danish problems with a budget rule and objective (errors and warnings)."""
    out = []
    n = len(portfolio.interventions)
    if n > MAX_EXACT:
        out.append(Problem("too-many", "--budget", f"udvælgelse under et budget kan højst regne præcist på "
                                                   f"{MAX_EXACT} indsatser ad gangen (fik {n})."))
    if not np.isfinite(rule.amount) or rule.amount < 0:
        out.append(Problem("out-of-range", "--budget", f"budgettet skal være et beløb på 0 kr. eller mere "
                                                       f"(fik {fmt.value(rule.amount)})."))
    for name, value in (("--budget-actor", rule.actor), ("--objective", objective)):
        if value not in ACTOR_KEYS_TOTAL:
            out.append(Problem("not-allowed", name, f"skal være en af {', '.join(ACTOR_KEYS_TOTAL)} "
                                                    f"(fik {fmt.value(value)})."))
    outside = [y for y in rule.years if y not in portfolio.years]
    if outside:
        out.append(Problem("outside-horizon", "--budget-years",
                           f"budgetårene {', '.join(map(str, outside))} ligger uden for indsatsernes år "
                           f"({portfolio.years[0]}–{portfolio.years[-1]}) og tæller med 0 kr.", "warning"))
    return out


def choose(portfolio: Portfolio, rule: BudgetRule, objective: str = "total") -> Choice:
    """The set maximising ``objective``'s NPV under ``rule`` (exact), and the greedy set.

    Budget years default to the base year and the three following years.
    """
    if not rule.years:
        rule = BudgetRule(rule.amount, rule.actor, budget_period(portfolio.base_year))
    problems = rule_problems(portfolio, rule, objective)
    raise_if_errors(problems)
    values = portfolio.npv[:, ACTOR_KEYS_TOTAL.index(objective)]
    costs = portfolio.budget_net_cost(rule.actor, rule.years)
    return Choice(rule, objective, costs, select_exact(values, costs, rule.amount),
                  select_greedy(values, costs, rule.amount), tuple(problems))


def _actor_dict(values) -> dict[str, object]:
    return {a: (None if v is None else (v.item() if isinstance(v, np.generic) else v))
            for a, v in zip(ACTOR_KEYS_TOTAL, values, strict=True)}


def portfolio_json(portfolio: Portfolio, choice: Choice | None = None,
                   budget_year: int | None = None) -> dict[str, object]:
    """The portfolio as JSON data (``som-xl portfolio --json``); amounts in kroner at the
    portfolio's price level, NPVs discounted to its base year."""
    period = budget_period(budget_year or (choice.rule.years[0] if choice else portfolio.base_year))
    mask = portfolio.year_mask(period)
    combined = portfolio.combined_net()
    out: dict[str, object] = {
        "price_year": portfolio.price_year,
        "base_year": portfolio.base_year,
        "interventions": [_intervention_json(portfolio, k, choice) for k in range(len(portfolio.interventions))],
        "combined": {
            "years": portfolio.year_rows(),
            "budget_year": period[0],
            "budget_period": list(period),
            "budget_period_net": _actor_dict(combined[:, mask].sum(axis=1).tolist()),
        },
        "notes": list(portfolio.notes),
    }
    if choice is not None:
        out["selection"] = _choice_json(portfolio, choice)
    return out


def _intervention_json(portfolio: Portfolio, k: int, choice: Choice | None) -> dict[str, object]:
    i = portfolio.interventions[k]
    out = {
        "title": i.title, "owner": i.owner, "start_year": i.start_year, "price_year": i.price_year,
        "price_factor": float(portfolio.price_factors[k]), "discount_to_base_year": float(portfolio.base_factors[k]),
        "npv": _actor_dict(portfolio.npv[k].tolist()),
        "return_per_krone": _actor_dict(i.return_per_krone),
        "break_even_year": _actor_dict(i.break_even_year),
        "break_even_success_rate": _actor_dict(i.break_even_success_rate),
        "probability_npv_nonnegative": None if i.probability_positive is None
        else _actor_dict(i.probability_positive.tolist()),
        "knowledge": i.knowledge, "recorded_knowledge": i.recorded_knowledge or None, "sourcing": i.sourcing,
        "gains_share_illustrative": i.illustrative_share,
    }
    if choice is not None:
        out["budget_net_cost"] = float(choice.net_costs[k])
    return out


def _choice_json(portfolio: Portfolio, choice: Choice) -> dict[str, object]:
    def sel(s: Selection) -> dict[str, object]:
        return {"chosen": list(s.chosen), "objective_npv": s.value, "net_cost": s.cost}

    return {
        "budget": choice.rule.amount, "budget_actor": choice.rule.actor,
        "budget_years": list(choice.rule.years), "objective": choice.objective,
        **sel(choice.exact),
        "greedy": sel(choice.greedy), "greedy_differs": choice.greedy_differs,
        "difference": choice.difference,
        "combined": {"years": portfolio.year_rows(choice.exact.chosen)},
        "warnings": [w.as_dict() for w in choice.warnings],
    }
