"""Material types of the experience database (erfaringsdatabasen)."""

MATERIAL_TYPES: dict[str, str] = {
    "beregning": "Beregning",
    "omkostningsvurdering": "Omkostningsvurdering",
    "erfaring_med_vidensindsamling": "Erfaring med vidensindsamling",
    "organisering_og_opfoelgning": "Organisering og opfølgning",
}
"""Material type code → Danish display label."""
