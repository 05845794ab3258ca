"""What a figure's source is, and whether an effect is a net effect (knowledge tables)."""

from collections.abc import Iterable

from som_xl.vocabulary.labelled import Codes, Labelled


class SourceKind(Labelled):
    """The kind of a source (``sources.source_kind``)."""

    PRIMARY = "primary", "primær"
    """An agency, ministry, statistics office, law text or peer-reviewed study."""
    SECONDARY = "secondary", "sekundær"
    """News, a provider's or an interest group's page, a copy."""
    NONE = "none", "antagelse"
    """The package author's own assumption (no source)."""


PRIMARY, SECONDARY, NONE = (k.value for k in (SourceKind.PRIMARY, SourceKind.SECONDARY, SourceKind.NONE))
"""The codes as plain strings, for the data (records, sheets, JSON); code compares with either."""
SOURCE_KINDS: tuple[str, ...] = SourceKind.codes()
SOURCE_KIND_LABELS: dict[str, str] = SourceKind.labels() | {"": "ikke angivet"}
"""How outputs name a kind; a package that does not say gives the empty kind."""


def weakest_source_kind(sources: Iterable[object]) -> str:
    """The kind a figure resting on all of ``sources`` (source records, or None for an
    unknown one) gets: ``secondary`` if any of them is (a source without a kind counts as
    secondary), else the first one's kind."""
    kinds = [getattr(s, "source_kind", "") or SECONDARY for s in sources]
    return SECONDARY if SECONDARY in kinds else kinds[0]


class EffectType(Codes):
    """Whether an effect (``effects.effect_type``) is a net effect."""

    NET = "netto"
    """A net effect over current practice."""
    LEVEL = "niveau"
    """An outcome level without a control group (not a net effect, never a net success rate)."""


NET, LEVEL = EffectType.NET.value, EffectType.LEVEL.value
EFFECT_TYPES: tuple[str, ...] = EffectType.codes()
