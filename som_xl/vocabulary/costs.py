"""Cost kinds and bases: the case file's values and the words the workbook shows for them.

The values are the core's :class:`~som_xl.core.CostKind` and :class:`~som_xl.core.CostBasis`.
"""

from som_xl.core import CostBasis, CostKind

KIND_LABELS: dict[str, str] = {CostKind.ETABLERING.value: "etablering", CostKind.DRIFT.value: "drift",
                               CostKind.SPARET.value: "sparet"}
"""Art on the Indsats sheet (its drop-down) and in the report."""
BASIS_LABELS: dict[str, str] = {
    CostBasis.PER_PARTICIPANT_YEAR.value: "pr. deltager pr. år",
    CostBasis.PER_PARTICIPANT_ONCE.value: "pr. deltager (én gang)",
    CostBasis.TOTAL.value: "samlet beløb",
}
"""Grundlag on the Indsats sheet (its drop-down), in messages and in the report."""
KIND_MESSAGE_LABELS: dict[str, str] = KIND_LABELS | {CostKind.SPARET.value: "sparede omkostninger"}
"""Art as a message about the case file names it (the file says ``sparet``)."""
