"""Units an item's quantity and price may be expressed in (knowledge tables)."""

UNITS: tuple[str, ...] = ("døgn", "uge", "måned", "år", "besøg", "kontakt", "indlæggelse", "sag", "forløb", "kr.")
"""``kr.``: an amount of public expenditure itself (price 1 kr. at its price year), for a
published total in kroner that no unit price can be read for (a derived consequence)."""

UNITS_PER_YEAR: dict[str, int] = {"døgn": 365, "uge": 52, "måned": 12, "år": 1}
"""Units of time and how many make a year (a refusion rule needs the yearly cost per case)."""
