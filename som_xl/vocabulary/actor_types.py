"""Actor types: who made a calculation (the case's owner) or shares an experience."""

ACTOR_TYPES: dict[str, str] = {
    "kommune": "Kommune",
    "region": "Region",
    "stat": "Stat",
    "tilbud": "Tilbud",
    "organisation": "Organisation",
    "konsulent": "Konsulent",
}
"""A case owner's type (``owner.type``) → Danish label."""
SHARING_ACTOR_TYPES: dict[str, str] = {k: v for k, v in ACTOR_TYPES.items() if k != "konsulent"}
"""Types the experience database records: a consultant shares on behalf of one of these."""
DEFAULT_SHARING_ACTOR_TYPE = "kommune"
