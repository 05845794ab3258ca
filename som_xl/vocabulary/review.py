"""Review statuses of a record in the experience database."""

REVIEW_STATUSES: dict[str, str] = {
    "indsendt": "Indsendt",
    "beskrevet": "Beskrevet",
    "offentliggjort": "Offentliggjort",
}
"""Status code → Danish label."""
DEFAULT_REVIEW_STATUS = "indsendt"
