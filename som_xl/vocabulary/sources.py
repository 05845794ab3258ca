"""What a figure's source is, and whether an effect is a net effect (knowledge tables)."""

from collections.abc import Iterable

PRIMARY, SECONDARY, NONE = "primary", "secondary", "none"
SOURCE_KINDS: tuple[str, ...] = (PRIMARY, SECONDARY, NONE)
"""``primary``: agency, ministry, statistics office, law text, peer-reviewed study;
``secondary``: news, a provider's or an interest group's page, a copy; ``none``: the
package author's own assumption (no source)."""
SOURCE_KIND_LABELS: dict[str, str] = {PRIMARY: "primær", SECONDARY: "sekundær", NONE: "antagelse", "": "ikke angivet"}


def weakest_source_kind(sources: Iterable[object]) -> str:
    """The kind a figure resting on all of ``sources`` (source records, or None for an
    unknown one) gets: ``secondary`` if any of them is (a source without a kind counts as
    secondary), else the first one's kind."""
    kinds = [getattr(s, "source_kind", "") or SECONDARY for s in sources]
    return SECONDARY if SECONDARY in kinds else kinds[0]


NET, LEVEL = "netto", "niveau"
EFFECT_TYPES: tuple[str, ...] = (NET, LEVEL)
"""``netto``: net effect over current practice; ``niveau``: an outcome level without a
control group (not a net effect, never a net success rate)."""
