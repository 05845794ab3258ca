"""Organisation types, user roles and token scopes of the experience database's web site."""

from som_xl.vocabulary.actor_types import ActorType
from som_xl.vocabulary.labelled import Codes, Labelled


class OrganisationType(Labelled):
    """An organisation's type (the agency is a ``styrelse``)."""

    KOMMUNE = "kommune", "Kommune"
    REGION = "region", "Region"
    TILBUD = "tilbud", "Tilbud"
    ORGANISATION = "organisation", "Organisation"
    STYRELSE = "styrelse", "Styrelse"


ORGANISATION_TYPES: dict[str, str] = OrganisationType.labels()
"""Organisation type code → Danish label."""

ACTOR_TYPE_OF_ORGANISATION: dict[str, str] = {OrganisationType.STYRELSE.value: ActorType.STAT.value}
"""An organisation's records carry its type as actor type, except a styrelse's: ``stat``."""


class Role(Labelled):
    """A user's role. Each role may do what the ones before it may."""

    CONTRIBUTOR = "bidragyder", "Bidragyder"
    EDITOR = "redaktoer", "Redaktør"
    ADMIN = "admin", "Administrator"


ROLES: dict[str, str] = Role.labels()
"""Role code → Danish label, in rank order."""


class TokenScope(Codes):
    """What an API token is limited to (``api_tokens.scope``; no scope: all its account may)."""

    ADDIN = "tilfoejelse"
    """The Office add-in's sign-in tokens: read and submit, not change a record's status."""
