"""The portfolio's outputs: its workbook, or its one-page summary as PDF or Markdown."""

from __future__ import annotations

from pathlib import Path

from som_xl.portfolio import Choice, Portfolio
from som_xl.workbook import portfolio_book


def save_portfolio(output: str | Path, portfolio: Portfolio, choice: Choice | None, budget_year: int | None,
                   knowledge: str = "") -> Path:
    """Write the portfolio to ``output`` atomically: ``.xlsx`` the workbook, ``.pdf`` or
    ``.md`` its one-page summary (:func:`som_xl.workbook.portfolio_book.save_portfolio`)."""
    return portfolio_book.save_portfolio(output, portfolio, choice, budget_year, knowledge)
