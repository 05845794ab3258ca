"""Units an item's quantity and price may be expressed in (knowledge tables)."""

from som_xl.vocabulary.labelled import Codes


class Unit(Codes):
    """An item's unit (``items.unit_da``)."""

    DAY = "døgn"
    WEEK = "uge"
    MONTH = "måned"
    YEAR = "år"
    VISIT = "besøg"
    CONTACT = "kontakt"
    ADMISSION = "indlæggelse"
    CASE = "sag"
    COURSE = "forløb"
    KRONER = "kr."
    """An amount of public expenditure itself (price 1 kr. at its price year), for a published
    total in kroner that no unit price can be read for (a derived consequence)."""


UNITS: tuple[str, ...] = Unit.codes()

UNITS_PER_YEAR: dict[str, int] = {Unit.DAY: 365, Unit.WEEK: 52, Unit.MONTH: 12, Unit.YEAR: 1}
"""Units of time and how many make a year (a refusion rule needs the yearly cost per case)."""
