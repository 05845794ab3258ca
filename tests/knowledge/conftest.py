"""Fixtures for the knowledge tests: the shipped package and broken copies of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from som_xl.knowledge import clear_cache

SHIPPED = Path(__file__).resolve().parents[2] / "knowledge_tables"


@pytest.fixture(autouse=True)
def _fresh_cache():
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def shipped() -> Path:
    return SHIPPED


@pytest.fixture
def package_copy(tmp_path) -> Path:
    """A writable copy of the shipped package."""
    target = tmp_path / "pkg"
    shutil.copytree(SHIPPED, target)
    return target


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace ``old`` by ``new`` in a file, failing if ``old`` is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, startswith: str) -> int:
    """The 1-based line number of the first line starting with ``startswith``."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(startswith):
            return n
    raise AssertionError(f"no line starting with {startswith!r} in {path.name}")
