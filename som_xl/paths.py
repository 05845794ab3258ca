"""Where the shipped data lives, in a source checkout and in an installed wheel.

In a checkout (and an editable install) the data sits beside the package at the top of
the repository; a wheel carries a copy under ``som_xl/_shipped/`` (see ``setup.py``).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
_REPO_DIR = PACKAGE_DIR.parent
_SHIPPED = PACKAGE_DIR / "_shipped"


def _first_existing(*candidates: Path) -> Path:
    for c in candidates:
        if c.exists():
            return c
    return candidates[0]


def default_knowledge_dir() -> Path:
    """The knowledge package to use: ``$SOM_XL_KNOWLEDGE``, else the shipped one."""
    env = os.environ.get("SOM_XL_KNOWLEDGE")
    if env:
        return Path(env)
    return _first_existing(_REPO_DIR / "knowledge_tables", _SHIPPED / "knowledge_tables")


def template_path() -> Path:
    """The committed ``workbook_template.xlsm``."""
    return _first_existing(_REPO_DIR / "workbook_template.xlsm", _SHIPPED / "workbook_template.xlsm")


def examples_dir() -> Path:
    return _first_existing(_REPO_DIR / "examples", _SHIPPED / "examples")


def checkout_template_path() -> Path | None:
    """The template of the source checkout som_xl runs from (the file ``build-template``
    regenerates), or None for an installed package, whose template is never overwritten."""
    if (_REPO_DIR / "pyproject.toml").is_file():
        return _REPO_DIR / "workbook_template.xlsm"
    return None


def case_tests_dir() -> Path | None:
    """The shipped case tests (YAML): ``tests/cases`` in a checkout, a copy in a wheel."""
    for candidate in (_REPO_DIR / "tests" / "cases", _SHIPPED / "case_tests"):
        if candidate.is_dir():
            return candidate
    return None
