"""Portfolio (portefølje): several interventions side by side, combined, and chosen under
a budget. Pure functions on core results (no I/O); the CLI and the writers build on it.
Semantics with a worked example: ``docs/method.md`` ("Portfolio").
"""

from som_xl.portfolio.analysis import BudgetRule, Choice, choose, portfolio_json, rule_problems
from som_xl.portfolio.combine import BUDGET_PERIOD_YEARS, Portfolio, budget_period, combine, describe_budget
from som_xl.portfolio.model import Intervention
from som_xl.portfolio.selection import MAX_EXACT, Selection, select_exact, select_greedy

__all__ = [
    "BUDGET_PERIOD_YEARS", "MAX_EXACT", "BudgetRule", "Choice", "Intervention", "Portfolio", "Selection",
    "budget_period", "choose", "combine", "describe_budget", "portfolio_json", "rule_problems",
    "select_exact", "select_greedy",
]
