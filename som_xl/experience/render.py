"""Records as Danish text for people; every rendering carries the quality note."""

from __future__ import annotations

from typing import Any

from som_xl import fmt
from som_xl.case.text import recorded_break_even_year
from som_xl.core.entities import ACTORS_WITH_TOTAL
from som_xl.experience.record import Record

ACTOR_LABELS = {a.key: a.label.lower() for a in ACTORS_WITH_TOTAL}
KEY_LABELS = {
    "npv": "Nutidsværdi (NPV)",
    "break_even_year": "Break-even-år",
    "return_per_krone": "Afkast pr. krone",
    "break_even_success_rate": "Break-even-succesrate",
    "price_year": "Prisniveau",
}


danish_number = fmt.number
"""The web pages' name for :func:`som_xl.fmt.number` (one rule for every Danish number)."""


def _value(key: str, value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, (int, float)):
        if key == "npv":
            return fmt.number(float(value)) + " kr."
        if key == "break_even_success_rate":
            return fmt.number(100 * float(value), 1) + " %"
        if key in ("break_even_year", "price_year"):
            return str(value)
        return fmt.number(float(value), 2) if isinstance(value, float) else str(value)
    return str(value)


def key_results_lines(key_results: dict | None) -> list[str]:
    """One line per key result; per-actor dicts become "kommune …, region …, i alt …"."""
    lines = []
    reasons = (key_results or {}).get("break_even_year_reason")
    reasons = reasons if isinstance(reasons, dict) else {}
    for key, value in (key_results or {}).items():
        if key == "net_per_year":
            years = value.get("years", []) if isinstance(value, dict) else []
            lines.append(f"Nettoresultat pr. år: {len(years)} år (se --json)")
            continue
        if key == "break_even_year_reason":  # shown in the break-even years' own line
            continue
        label = KEY_LABELS.get(key, key)
        if isinstance(value, dict) and key == "break_even_year":
            parts = [f"{ACTOR_LABELS.get(k, k)} {recorded_break_even_year(v, reasons.get(k))}"
                     for k, v in value.items()]
            lines.append(f"{label}: {', '.join(parts)}")
        elif isinstance(value, dict):
            parts = [f"{ACTOR_LABELS.get(k, k)} {_value(key, v)}" for k, v in value.items()]
            lines.append(f"{label}: {', '.join(parts)}")
        else:
            lines.append(f"{label}: {_value(key, value)}")
    return lines


def _when(record_time) -> str:
    return record_time.strftime("%Y-%m-%d %H:%M UTC")


def format_record(record: Record) -> str:
    """The full record as Danish text (``som-xl experience show``)."""
    lines = [
        f"Post {record.id}: {record.title}",
        f"  ** {record.quality_note} **",
        f"  Materialetype: {record.material_type_label}",
        f"  Aktør: {record.actor_name} ({record.actor_type_label})",
        f"  Målgruppe: {record.target_group}",
        f"  År: {record.year if record.year is not None else 'ikke angivet'}",
        f"  Kontakt: {record.contact or 'ikke angivet'}",
        f"  Status: {record.review_status_label}",
        "  Resumé:",
    ]
    lines += [f"    {line}" for line in record.summary.splitlines() or [""]]
    results = key_results_lines(record.key_results)
    if results:
        lines.append("  Nøgletal:")
        lines += [f"    {line}" for line in results]
    if record.knowledge_name or record.knowledge_version:
        digest = f", indhold {record.knowledge_hash[:12]}" if record.knowledge_hash else ""
        lines.append(f"  Vidensgrundlag: {record.knowledge_name or '?'} "
                     f"version {record.knowledge_version or '?'}{digest}")
    if record.has_case:
        lines.append("  Sagsfil: vedlagt (se den med --json)")
    lines.append(f"  Oprettet: {_when(record.created_at)}; opdateret: {_when(record.updated_at)}")
    lines.append(f"  uid: {record.uid}")
    return "\n".join(lines)


def format_hit(record: Record) -> str:
    """A short block for one search hit (``som-xl experience search``)."""
    year = f", {record.year}" if record.year is not None else ""
    summary = " ".join(record.summary.split())
    if len(summary) > 160:
        summary = summary[:157].rstrip() + "..."
    lines = [
        f"[{record.id}] {record.title}",
        f"    {record.material_type_label} · {record.actor_name} ({record.actor_type_label}{year})"
        f" · målgruppe: {record.target_group} · status: {record.review_status_label}",
        f"    {summary}",
        "    Ikke kvalitetssikret.",
    ]
    return "\n".join(lines)


def format_hits(records: list[Record]) -> str:
    """All search hits, with the full quality note once above them and a count below."""
    if not records:
        return "Ingen poster fundet."
    head = records[0].quality_note
    count = "1 post fundet." if len(records) == 1 else f"{len(records)} poster fundet."
    return "\n\n".join([head, *(format_hit(r) for r in records), count])
