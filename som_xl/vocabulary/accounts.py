"""Organisation types and user roles of the experience database's web site."""

ORGANISATION_TYPES: dict[str, str] = {
    "kommune": "Kommune",
    "region": "Region",
    "tilbud": "Tilbud",
    "organisation": "Organisation",
    "styrelse": "Styrelse",
}
"""Organisation type code → Danish label (the agency is a ``styrelse``)."""

ACTOR_TYPE_OF_ORGANISATION = {"styrelse": "stat"}
"""An organisation's records carry its type as actor type, except a styrelse's: ``stat``."""

ROLES: dict[str, str] = {
    "bidragyder": "Bidragyder",
    "redaktoer": "Redaktør",
    "admin": "Administrator",
}
"""Role code → Danish label. Each role may do what the ones before it may."""
