"""Finding a vocabulary's code from what a user typed: the code or its Danish label."""

from __future__ import annotations

from collections.abc import Mapping


def code_for(value: object, vocabulary: Mapping[str, str]) -> str | None:
    """The code for ``value`` given as a code or a Danish label (any case), else ``None``.

    >>> from som_xl.vocabulary.materials import MATERIAL_TYPES
    >>> code_for("Organisering og opfølgning", MATERIAL_TYPES), code_for(" BEREGNING ", MATERIAL_TYPES)
    ('organisering_og_opfoelgning', 'beregning')
    """
    if not isinstance(value, str):
        return None
    v = value.strip().casefold()
    for code, label in vocabulary.items():
        if v in (code, label.casefold(), code.replace("_", " ")):
            return code
    # Users type "opfølgning" with ø; the stored code spells it "oe".
    v = v.replace("ø", "oe").replace("æ", "ae").replace("å", "aa").replace(" ", "_")
    return v if v in vocabulary else None


def choices_text(vocabulary: Mapping[str, str]) -> str:
    """``"kommune (Kommune), region (Region), …"`` for a message listing what is allowed."""
    return ", ".join(f"{code} ({label})" for code, label in vocabulary.items())
