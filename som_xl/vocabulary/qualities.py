"""Quality of a figure: how far a number can be trusted, shown beside it in every output."""

from som_xl.vocabulary.labelled import Codes, Labelled


class Quality(Codes):
    """The quality a figure carries (the knowledge tables' ``quality`` column and beyond)."""

    SOURCED = "kilde"
    """Read from, or computed directly from, the cited source."""
    DERIVED = "afledt"
    """Derived by a stated rule from published figures (a total per success spread over items
    and years, or a baseline times a reduction share); the derivation is data in the package."""
    ILLUSTRATIVE = "illustrativ"
    """The package author's assumption, not an official SØM figure."""
    USER = "bruger"
    """Typed by the user (a local price, an own item or an own consequence line)."""


SOURCED, DERIVED, ILLUSTRATIVE, USER = (q.value for q in (Quality.SOURCED, Quality.DERIVED, Quality.ILLUSTRATIVE,
                                                            Quality.USER))
"""The codes as plain strings, for the data (records, sheets, JSON); code compares with either."""

QUALITIES: tuple[str, ...] = (SOURCED, DERIVED, ILLUSTRATIVE)
"""Qualities a knowledge package's rows may have."""


class FigureClass(Labelled):
    """The classes a figure is counted in (sourcing shares, coverage), weakest first: a
    contribution resting on several figures takes the weakest of their classes. ``own`` is the
    municipality's own figure ("egne tal"); ``secondary``/``primary`` a ``kilde`` figure by its
    source's kind."""

    ILLUSTRATIVE = "illustrative", "illustrative tal"
    OWN = "own", "kommunens egne tal"
    DERIVED = "derived", "afledte tal"
    SECONDARY = "secondary", "sekundære kilder"
    PRIMARY = "primary", "primære kilder"


CLASSES: tuple[str, ...] = FigureClass.codes()
"""The classes in order, weakest first (read at each use, so a new class is a data change)."""
QUALITY_CLASS: dict[str, str] = {ILLUSTRATIVE: FigureClass.ILLUSTRATIVE.value, DERIVED: FigureClass.DERIVED.value}
"""A quality that is a class of its own; any other quality (``kilde``) counts by its source's kind."""
CLASS_LABELS_DA: dict[str, str] = FigureClass.labels()
"""How the outputs name each class."""


def quality_class(quality: str, source_kind: str) -> str:
    """The class of a knowledge figure of ``quality`` whose source is of ``source_kind``.

    >>> quality_class("afledt", "primary"), quality_class("kilde", "secondary"), quality_class("kilde", "")
    ('derived', 'secondary', 'secondary')
    """
    if quality in QUALITY_CLASS:
        return QUALITY_CLASS[quality]
    return (FigureClass.PRIMARY if source_kind == FigureClass.PRIMARY else FigureClass.SECONDARY).value
