"""Where a figure in use came from, and how the sheets and reports name it."""

from som_xl.vocabulary.labelled import Labelled


class Origin(Labelled):
    """A price is ``viden``, ``lokal`` or ``egen``; a consequence line and the success rate
    are ``viden`` or ``bruger``."""

    KNOWLEDGE = "viden", "viden"
    """From the knowledge package."""
    LOCAL = "lokal", "LOKAL PRIS"
    """A municipality's local override of a national price (in capitals so it is never missed)."""
    OWN = "egen", "egen vare"
    """The price of an item of the user's own."""
    USER = "bruger", "brugerens egen"
    """A consequence line typed or edited by the user, or a success rate of the user's own."""


KNOWLEDGE, LOCAL, OWN, USER = (o.value for o in (Origin.KNOWLEDGE, Origin.LOCAL, Origin.OWN, Origin.USER))
"""The codes as plain strings, for the data (records, sheets, JSON); code compares with either."""
_PRICE_ORIGINS = (Origin.KNOWLEDGE, Origin.LOCAL, Origin.OWN)
ORIGINS: tuple[str, ...] = tuple(o.value for o in _PRICE_ORIGINS)
"""A price's origins: the knowledge package, a municipality's local override, an item of the user's own."""
ORIGIN_LABELS: dict[str, str] = {o.value: o.label for o in _PRICE_ORIGINS}
"""Shown for a price in the Priser sheet and the report."""
