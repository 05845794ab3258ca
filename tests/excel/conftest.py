"""Fixtures for the Excel path: the knowledge, the example case and filled backends."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from som_xl.case import parse_case, read_case_file
from som_xl.knowledge import load_knowledge
from som_xl.workbook.backend import MemoryBackend
from som_xl.workbook.inputs_writer import write_case_inputs

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "housing_first.json"


@pytest.fixture(scope="session")
def knowledge():
    return load_knowledge()


@pytest.fixture(scope="session")
def case_data() -> dict:
    return read_case_file(EXAMPLE)


@pytest.fixture(scope="session")
def case(case_data):
    return parse_case(copy.deepcopy(case_data))


def case_with_costs(case_data: dict, n: int):
    """The example case with ``n`` cost lines (same total yearly cost per participant)."""
    data = copy.deepcopy(case_data)
    data["costs"] = [{"label": f"Omkostning {i + 1}", "payer": "kommune", "kind": "drift",
                      "basis": "per_participant_year", "amount": 85000 / n} for i in range(n)]
    return parse_case(data)


def filled(case, knowledge, backend=None):
    """A backend (default: memory) with every input range written from ``case``; counters reset."""
    backend = backend or MemoryBackend()
    write_case_inputs(backend, case, knowledge)
    backend.reads = backend.writes = 0
    return backend


class AlertingMemoryBackend(MemoryBackend):
    """A memory workbook that records message boxes, like Excel would show them."""

    def __init__(self):
        super().__init__()
        self.alerts: list[tuple[str, str]] = []

    def alert(self, message: str, title: str = "SØM") -> None:
        self.alerts.append((title, message))


_ = json
