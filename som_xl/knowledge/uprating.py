"""Uprating prices to the case's price level: the one place it happens.

Each price table declares the index that uprates it (``uprate_with`` in
``datapackage.json`` and on every row, ``net_price_index`` in the shipped package), in
the spirit of policyengine-core's ``uprate_parameters``. A price p in price year y is
p × I(level) / I(y) at price level ``level`` (SØM: nettoprisindeks, 2015 = 100).
"""

from __future__ import annotations

from collections.abc import Mapping

from som_xl.errors import KnowledgeError, Problem


def index_factor(index: Mapping[int, float], from_year: int, to_year: int, name: str = "nettoprisindekset") -> float:
    """I(to_year) / I(from_year).

    Raises
    ------
    KnowledgeError
        If a year is not in the index; the Danish message lists the years it has.

    Examples
    --------
    >>> round(index_factor({2018: 102.61, 2023: 118.04}, 2018, 2023), 6)
    1.150375
    """
    missing = [y for y in (from_year, to_year) if y not in index]
    if missing:
        years = sorted(index)
        span = f"{years[0]}–{years[-1]}" if years else "ingen"
        raise KnowledgeError([Problem(
            "year-not-in-index", name,
            f"året {', '.join(str(y) for y in dict.fromkeys(missing))} findes ikke i {name}; "
            f"mulige år: {span}.")])
    return float(index[to_year]) / float(index[from_year])


def uprate(amount: float, from_year: int, to_year: int, index: Mapping[int, float]) -> float:
    """``amount`` in ``from_year`` prices expressed in ``to_year`` prices: p × I(to) / I(from).

    Parameters
    ----------
    amount
        Kroner at ``from_year``'s price level (sign is kept: revenue stays negative).
    from_year, to_year
        Price years; both must be in ``index``.
    index
        Year → index value (any base year).

    Examples
    --------
    >>> round(uprate(1000, 2018, 2023, {2018: 102.61, 2023: 118.04}), 2)
    1150.38
    """
    return float(amount) * index_factor(index, from_year, to_year)
