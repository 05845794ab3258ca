"""Danish messages for frictionless validation errors.

Each frictionless error keeps its ``type`` slug (``type-error``, ``constraint-error``,
``foreign-key`` …); the message is rewritten in Danish with the value, the column and
the rule, and the location becomes ``"FILE række N, kolonne C"``.
"""

from __future__ import annotations

import re

from som_xl.errors import Problem
from som_xl.fmt import full_stop
from som_xl.knowledge.rawpackage import location

_TYPES_DA = {
    "number": "et tal med punktum som decimaltegn (fx 1234.5)",
    "integer": "et heltal",
    "date": "en dato på formen ÅÅÅÅ-MM-DD",
    "boolean": "sand eller falsk",
    "string": "tekst",
}
_GENERAL_DA = {
    "missing-cell": "rækken mangler en celle i denne kolonne.",
    "extra-cell": "rækken har flere celler end overskriften.",
    "blank-row": "rækken er tom.",
    "blank-label": "en kolonne i overskriften har intet navn.",
    "duplicate-label": "kolonnenavnet står to gange i overskriften.",
    "missing-label": "kolonnen mangler i overskriften.",
    "extra-label": "overskriften har en kolonne, som skemaet ikke kender.",
    "incorrect-label": "kolonnen har et andet navn eller en anden plads end i skemaet.",
    "unique-error": "værdien findes allerede i en anden række; den skal være entydig.",
    "encoding-error": "filen er ikke gemt som UTF-8; gem den som CSV UTF-8.",
    "scheme-error": "filen kan ikke åbnes.",
    "source-error": "filen kan ikke læses.",
    "format-error": "filen kan ikke læses som CSV.",
}


def _constraint_da(note: str, cell: str, field: dict) -> str:
    m = re.search(r'constraint "(\w+)"', note or "")
    name = m.group(1) if m else ""
    rule = (field.get("constraints") or {}).get(name)
    if name == "required":
        return "feltet skal udfyldes."
    if name == "enum":
        allowed = ", ".join(str(v) for v in rule) if rule else "se skemaet"
        return full_stop(f"værdien '{cell}' er ikke tilladt; tilladte værdier: {allowed}")
    if name in ("minimum", "exclusiveMinimum"):
        return f"værdien {cell} er for lille; mindsteværdien er {rule}."
    if name in ("maximum", "exclusiveMaximum"):
        return f"værdien {cell} er for stor; største værdi er {rule}."
    if name == "pattern":
        return (f"værdien '{cell}' har ikke den rigtige form (mønster {rule}; id'er skrives med små "
                "bogstaver, tal og _).")
    if name == "unique":
        return f"værdien '{cell}' findes allerede i en anden række; den skal være entydig."
    if name in ("minLength", "maxLength"):
        return f"værdien '{cell}' har en ugyldig længde ({name} {rule})."
    return f"værdien '{cell}' overholder ikke reglen {name or note}."


def problem_from_error(err: dict, file: str, schema: dict) -> Problem:
    """A :class:`Problem` for one frictionless error descriptor found in ``file``.

    ``schema`` is the resource's table schema descriptor (for the type, the allowed
    values and the primary key named in the message and location).
    """
    type_ = err.get("type", "error")
    row = err.get("rowNumber")
    fields = {f.get("name"): f for f in schema.get("fields", [])}
    pk = schema.get("primaryKey") or []
    pk = [pk] if isinstance(pk, str) else pk
    column = (err.get("fieldName") or (err.get("fieldNames") or [None])[0] or err.get("label")
              or (pk[0] if type_ == "primary-key" and pk else None))
    field = fields.get(column or "", {})
    cell = err.get("cell", "")
    note = err.get("note", "")
    if type_ == "type-error":
        kind = _TYPES_DA.get(field.get("type", ""), field.get("type", "en anden type"))
        message = f"værdien '{cell}' skal være {kind}."
    elif type_ == "constraint-error":
        message = _constraint_da(note, cell, field)
    elif type_ == "foreign-key":
        values = ", ".join(str(v) for v in err.get("fieldCells") or [])
        ref = err.get("referenceName", "")
        ref_fields = ", ".join(err.get("referenceFieldNames") or [])
        message = f"værdien '{values}' findes ikke i {ref}.csv (kolonne {ref_fields})."
    elif type_ == "primary-key":
        message = (f"nøglen ({', '.join(pk)}) findes allerede i en anden række; "
                   "den skal være entydig.")
    elif type_ in _GENERAL_DA:
        message = _GENERAL_DA[type_]
    else:
        message = f"pakken er ikke gyldig ({type_}: {note or err.get('message', '')})."
    return Problem(type_, location(file, row, column), message)
