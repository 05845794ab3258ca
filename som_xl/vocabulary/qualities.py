"""Quality of a figure: how far a number can be trusted, shown beside it in every output."""

SOURCED = "kilde"
"""Read from, or computed directly from, the cited source."""
DERIVED = "afledt"
"""Derived by a stated rule from published figures (a total per success spread over items
and years, or a baseline times a reduction share); the derivation is data in the package."""
ILLUSTRATIVE = "illustrativ"
"""The package author's assumption, not an official SØM figure."""
USER = "bruger"
"""Typed by the user (a local price, an own item or an own consequence line)."""

QUALITIES: tuple[str, ...] = (SOURCED, DERIVED, ILLUSTRATIVE)
"""Qualities a knowledge package's rows may have."""

CLASSES: tuple[str, ...] = ("illustrative", "own", "derived", "secondary", "primary")
"""The classes a figure is counted in (sourcing shares, coverage), weakest first: a
contribution resting on several figures takes the weakest of their classes. ``own`` is the
municipality's own figure; ``secondary``/``primary`` a ``kilde`` figure by its source's kind."""
QUALITY_CLASS: dict[str, str] = {ILLUSTRATIVE: "illustrative", DERIVED: "derived"}
"""A quality that is a class of its own; any other quality (``kilde``) counts by its source's kind."""
CLASS_LABELS_DA: dict[str, str] = {
    "illustrative": "illustrative tal", "own": "kommunens egne tal", "derived": "afledte tal",
    "secondary": "sekundære kilder", "primary": "primære kilder",
}
"""How the outputs name each class."""


def quality_class(quality: str, source_kind: str) -> str:
    """The class of a knowledge figure of ``quality`` whose source is of ``source_kind``.

    >>> quality_class("afledt", "primary"), quality_class("kilde", "secondary"), quality_class("kilde", "")
    ('derived', 'secondary', 'secondary')
    """
    if quality in QUALITY_CLASS:
        return QUALITY_CLASS[quality]
    return "primary" if source_kind == "primary" else "secondary"
