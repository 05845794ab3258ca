"""Material types of the experience database (erfaringsdatabasen)."""

from som_xl.vocabulary.labelled import Labelled


class MaterialType(Labelled):
    """What a shared record is (``material_type``)."""

    CALCULATION = "beregning", "Beregning"
    COST_ASSESSMENT = "omkostningsvurdering", "Omkostningsvurdering"
    KNOWLEDGE_GATHERING = "erfaring_med_vidensindsamling", "Erfaring med vidensindsamling"
    ORGANISATION_AND_FOLLOW_UP = "organisering_og_opfoelgning", "Organisering og opfølgning"


MATERIAL_TYPES: dict[str, str] = MaterialType.labels()
"""Material type code → Danish display label."""
