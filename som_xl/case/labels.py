"""Danish names of case fields, for messages that an economist can act on."""

from som_xl.core.entities import ACTORS
from som_xl.vocabulary.costs import BASIS_LABELS, KIND_MESSAGE_LABELS

FIELD_LABELS: dict[str, str] = {
    "format": "format",
    "title": "titel",
    "description": "beskrivelse",
    "owner": "ejer",
    "name": "navn",
    "type": "type",
    "contact": "kontakt",
    "target_group": "målgruppe",
    "settings": "indstillinger",
    "start_year": "startår",
    "horizon_years": "tidshorisont (år)",
    "price_year": "prisniveau (år)",
    "discount_rate": "diskonteringsrente",
    "discount_schedule": "diskonteringsrente-regime",
    "programme": "indsats",
    "duration_years": "varighed (år)",
    "cohorts": "deltagere pr. år (kohorter)",
    "year": "år",
    "participants": "antal deltagere",
    "costs": "omkostninger",
    "label": "betegnelse",
    "payer": "betaler",
    "kind": "art",
    "basis": "beregningsgrundlag",
    "amount": "beløb",
    "note": "note",
    "effect": "effekt",
    "outcome": "succesmål",
    "success_rate": "succesrate",
    "low": "lav succesrate",
    "high": "høj succesrate",
    "evidence_level": "evidensniveau",
    "source": "kilde",
    "consequences": "konsekvenser",
    "item": "vare",
    "per_success_by_year": "ændring pr. succes pr. år",
    "include": "medtag",
    "items": "egne varer",
    "local_prices": "lokale priser",
    "unit": "enhed",
    "area": "område",
    **{a.key: a.label.lower() for a in ACTORS},
    "provenance": "oprindelse",
    "actuals": "faktiske tal (opfølgning)",
    "successes": "succeser",
}

VALUE_LABELS: dict[str, str] = BASIS_LABELS | KIND_MESSAGE_LABELS
"""Enumerated values of the case file as a message names them."""


def label(field: str) -> str:
    """The Danish name of a JSON field (the field name itself if unknown)."""
    return FIELD_LABELS.get(field, field)


def json_path(parts) -> str:
    """``["costs", 2, "amount"]`` → ``"$.costs[2].amount"``."""
    out = "$"
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else f".{p}"
    return out
