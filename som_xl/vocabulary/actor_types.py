"""Actor types: who made a calculation (the case's owner) or shares an experience."""

from som_xl.vocabulary.labelled import Labelled


class ActorType(Labelled):
    """A case owner's type (``owner.type``) and a shared record's ``actor_type``."""

    KOMMUNE = "kommune", "Kommune"
    REGION = "region", "Region"
    STAT = "stat", "Stat"
    TILBUD = "tilbud", "Tilbud"
    ORGANISATION = "organisation", "Organisation"
    KONSULENT = "konsulent", "Konsulent"
    """Computes on others' behalf; shares on behalf of one of the other types."""


ACTOR_TYPES: dict[str, str] = ActorType.labels()
"""A case owner's type (``owner.type``) → Danish label."""
SHARING_ACTOR_TYPES: dict[str, str] = {k: v for k, v in ACTOR_TYPES.items() if k != ActorType.KONSULENT}
"""Types the experience database records: a consultant shares on behalf of one of these."""
DEFAULT_SHARING_ACTOR_TYPE: str = ActorType.KOMMUNE.value
