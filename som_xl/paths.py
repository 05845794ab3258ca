"""Where the shipped data lives, in a source checkout and in an installed wheel.

Everything is found from the ``som_xl`` package itself with :mod:`importlib.resources`:

* data inside the package (the case schema, templates, static files) is package data;
* the data the project keeps at the top of the repository, where people look for it
  (``knowledge_tables/``, ``examples/``, ``tests/cases/``, ``workbook_template.xlsm``), is
  copied into a wheel as package data under ``som_xl/_shipped/`` (see ``setup.py``);
* a source checkout (and an editable install) has no such copy and uses its own files. A
  checkout is the folder holding the package whose ``pyproject.toml`` names this project;
  a folder that merely sits above the package (``site-packages``) is never taken for one.
"""

from __future__ import annotations

import functools
import os
import re
from importlib import resources
from pathlib import Path

PROJECT = "som-xl"
"""The distribution's name, as the checkout's ``pyproject.toml`` declares it."""
SHIPPED = "_shipped"
"""The package folder a wheel carries the top-level data in."""


def package_file(*parts: str) -> Path:
    """A file or folder of the installed ``som_xl`` package (its package data).

    som_xl is installed as files, never run from a zip, so the resource is a real path
    (LibreOffice, Alembic and frictionless open files by name)."""
    return Path(str(resources.files("som_xl").joinpath(*parts)))


@functools.cache
def checkout_dir() -> Path | None:
    """The source checkout som_xl runs from, or None for an installed package."""
    root = package_file().parent
    try:
        text = (root / "pyproject.toml").read_text("utf-8")
    except OSError:
        return None
    return root if re.search(rf'^name\s*=\s*"{re.escape(PROJECT)}"\s*$', text, re.MULTILINE) else None


def _shipped(checkout_name: str, shipped_name: str) -> Path:
    """The checkout's ``checkout_name``, else the wheel's copy ``_shipped/shipped_name``."""
    root = checkout_dir()
    return root / checkout_name if root is not None else package_file(SHIPPED, shipped_name)


def default_knowledge_dir() -> Path:
    """The knowledge package to use: ``$SOM_XL_KNOWLEDGE``, else the shipped one."""
    env = os.environ.get("SOM_XL_KNOWLEDGE")
    if env:
        return Path(env)
    return _shipped("knowledge_tables", "knowledge_tables")


def template_path() -> Path:
    """The committed ``workbook_template.xlsm``."""
    return _shipped("workbook_template.xlsm", "workbook_template.xlsm")


def examples_dir() -> Path:
    """The example cases (``examples/``)."""
    return _shipped("examples", "examples")


def checkout_template_path() -> Path | None:
    """The template of the source checkout som_xl runs from (the file ``build-template``
    regenerates), or None for an installed package, whose template is never overwritten."""
    root = checkout_dir()
    return None if root is None else root / "workbook_template.xlsm"


def case_tests_dir() -> Path | None:
    """The shipped case tests (YAML): ``tests/cases`` in a checkout, a copy in a wheel."""
    candidate = _shipped("tests/cases", "case_tests")
    return candidate if candidate.is_dir() else None
