"""Units an item's quantity and price may be expressed in (knowledge tables)."""

UNITS: tuple[str, ...] = ("døgn", "uge", "måned", "år", "besøg", "kontakt", "indlæggelse", "sag", "forløb")
