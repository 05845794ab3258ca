"""The case file (format 1): reading, validation, knowledge resolution and computation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from som_xl.case.compute import Computation, compute
from som_xl.case.jsonout import results_to_json
from som_xl.case.model import FORMAT_ID, Case
from som_xl.case.parse import build_case, loads_case, parse_case, read_case_file
from som_xl.case.resolve import Resolution, resolve
from som_xl.case.schema import case_schema
from som_xl.case.validate import validate_case_data

if TYPE_CHECKING:
    from som_xl.knowledge import Knowledge


def load_and_compute(path, knowledge: Knowledge | None = None) -> Computation:
    """Read, validate and compute the case file at ``path``."""
    return compute(parse_case(read_case_file(path)), knowledge)


__all__ = [
    "FORMAT_ID",
    "Case",
    "Computation",
    "Resolution",
    "build_case",
    "case_schema",
    "compute",
    "load_and_compute",
    "loads_case",
    "parse_case",
    "read_case_file",
    "resolve",
    "results_to_json",
    "validate_case_data",
]
