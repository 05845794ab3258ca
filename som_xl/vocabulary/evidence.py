"""SØM's evidence levels of an effect estimate (1 strongest … 3 weakest)."""

EVIDENCE_LEVELS: dict[int, str] = {
    1: "metaanalyse eller RCT",
    2: "kvasi-eksperimentel",
    3: "før/efter uden kontrolgruppe",
}
"""Level → what kind of study it rests on (the report and the Evidensniveau drop-down)."""
