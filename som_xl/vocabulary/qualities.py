"""Quality of a figure: how far a number can be trusted, shown beside it in every output."""

SOURCED = "kilde"
"""Read from, or computed directly from, the cited source."""
ILLUSTRATIVE = "illustrativ"
"""The package author's assumption, not an official SØM figure."""
USER = "bruger"
"""Typed by the user (a local price, an own item or an own consequence line)."""

QUALITIES: tuple[str, ...] = (SOURCED, ILLUSTRATIVE)
"""Qualities a knowledge package's rows may have."""
