"""What several subcommands read: a case file or a workbook, computed (shared CLI helpers)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from som_xl.case import Computation
    from som_xl.knowledge import Knowledge


def load_knowledge_arg(directory: str | None) -> Knowledge:
    """The knowledge package of ``--knowledge DIR`` (default: the configured one)."""
    # lazy: numpy and the model (≈0.2 s) load when the command runs, not for its --help
    from som_xl.knowledge import load_knowledge

    return load_knowledge(directory) if directory else load_knowledge()


def load_computation(path: str | Path, knowledge: Knowledge) -> Computation:
    """Compute a case file (``.json``) or a SØM workbook (``.xlsm``/``.xlsx``, only read)."""
    # lazy: numpy and the model (≈0.2 s) load when the command runs, not for its --help
    from som_xl.service.cases import compute_source

    return compute_source(path, knowledge)
