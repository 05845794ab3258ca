"""Where a resolved price came from, and how the sheets and reports name it."""

KNOWLEDGE, LOCAL, OWN = "viden", "lokal", "egen"
ORIGINS: tuple[str, ...] = (KNOWLEDGE, LOCAL, OWN)
"""The knowledge package, a municipality's local override, an item of the user's own."""
ORIGIN_LABELS: dict[str, str] = {KNOWLEDGE: "viden", LOCAL: "LOKAL PRIS", OWN: "egen vare"}
"""Shown in the Priser sheet and the report; a local price is in capitals so it is never missed."""
