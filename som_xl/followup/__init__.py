"""Follow-up (opfølgning): a calculation followed with what actually happened.

Pure functions on core inputs (no I/O): the realised success rate of the finished
cohorts, the re-forecast as a new :class:`~som_xl.core.CaseInput` that the unchanged
core computes, and the comparison of planned and actual figures per past year.
Semantics with a worked example: ``docs/method.md`` ("Follow-up").
"""

from som_xl.followup.actuals import Actual, RealisedRate, actuals_from, realised_success_rate
from som_xl.followup.reforecast import Reforecast, reforecast
from som_xl.followup.result import FollowUp, PastYear, follow_up, follow_up_computation, key_figures

__all__ = [
    "Actual", "FollowUp", "PastYear", "RealisedRate", "Reforecast", "actuals_from", "follow_up",
    "follow_up_computation", "key_figures", "realised_success_rate", "reforecast",
]
