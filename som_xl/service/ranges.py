"""Which named ranges each ribbon action reads, and every range an action may write.

The Office add-in's client sends the *values* of the ranges an action reads and, for every
range it may write, only the address (:mod:`som_xl.addin.commands`); a test runs every
command on a recording backend to keep these lists honest.
"""

from __future__ import annotations

from som_xl.workbook import layout as L

BEREGN_READS = tuple(b.name for b in (
    L.SETTINGS, L.COHORTS, L.COSTS, L.CONSEQUENCES, L.LOCAL_PRICES, L.OWN_ITEMS, L.SENSITIVITY, L.ACTUALS,
    L.PROVENANCE, L.KEY_FIGURES, L.PRICES_IN_USE, L.EXPERIENCE_BENCHMARK_INFO))
"""Inputs, plus the last run's provenance, key figures and prices (to report what changed), and
the other municipalities' figures Søg erfaringer stored (for the report)."""
VIDEN_READS = tuple(b.name for b in (L.SETTINGS, L.CONSEQUENCES, L.OWN_ITEMS))
SEARCH_READS = (L.EXPERIENCE_SEARCH.name, L.SETTINGS.name)
"""The search fields, and Indsats' target group for 'Andre kommuner'."""
WRITABLE = tuple(b.name for b in L.OUTPUT_BLOCKS) + (L.CONSEQUENCES.name,)
"""Every range an action may write (Opdatér viden also refills Konsekvenser)."""
STATUS = L.STATUS.name
"""The status line on Resultater (its first cell)."""
EXPERIENCE_STATUS = L.EXPERIENCE_STATUS.name
"""The status line on Erfaringer (sharing and searching)."""
MESSAGES = L.MESSAGES.name
"""The rows 'Fejl og advarsler' on Resultater: cell, severity, message."""
OPLAEG_SHEET = L.OPLAEG
"""The sheet the decision report is written on."""
