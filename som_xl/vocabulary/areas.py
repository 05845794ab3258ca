"""Areas (områder): the policy areas an item belongs to and results are grouped by."""

from som_xl.vocabulary.labelled import Codes


class Area(Codes):
    """An item's ``area`` (knowledge tables, own items, the Område drop-down)."""

    SOCIALT = "socialt"
    SUNDHED = "sundhed"
    BESKAEFTIGELSE = "beskaeftigelse"
    RETSVAESEN = "retsvaesen"
    SKAT = "skat"
    UDDANNELSE = "uddannelse"


AREAS: tuple[str, ...] = Area.codes()
"""Allowed ``area`` of an item."""
