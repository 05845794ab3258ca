"""Review statuses of a record in the experience database.

``indsendt`` → ``beskrevet`` → ``offentliggjort``, or ``afvist`` (with a reason); the
contributor may withdraw (``trukket_tilbage``). Only ``offentliggjort`` is public.
"""

REVIEW_STATUSES: dict[str, str] = {
    "indsendt": "Indsendt",
    "beskrevet": "Beskrevet",
    "offentliggjort": "Offentliggjort",
    "afvist": "Afvist",
    "trukket_tilbage": "Trukket tilbage",
}
"""Status code → Danish label."""
DEFAULT_REVIEW_STATUS = "indsendt"
PUBLISHED = "offentliggjort"
"""The one status anonymous readers see."""
