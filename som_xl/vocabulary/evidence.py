"""SØM's evidence levels of an effect estimate (1 strongest … 3 weakest)."""

from som_xl.vocabulary.labelled import LabelledLevel


class EvidenceLevel(LabelledLevel):
    """Level → what kind of study it rests on (the report and the Evidensniveau drop-down)."""

    META_ANALYSIS_OR_RCT = 1, "metaanalyse eller RCT"
    QUASI_EXPERIMENTAL = 2, "kvasi-eksperimentel"
    BEFORE_AFTER = 3, "før/efter uden kontrolgruppe"


EVIDENCE_LEVELS: dict[int, str] = EvidenceLevel.labels()
