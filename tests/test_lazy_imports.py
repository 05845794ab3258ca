"""Imports sit at the top of a module; one inside a function says why in a ``# lazy:``
comment with its measured cost (issue 22, point 5). Checked for every room, the adapters
(cli, excel, addin, web) and the service and workbook rooms included."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROOMS = ("som_xl/vocabulary", "som_xl/core", "som_xl/case", "som_xl/knowledge", "som_xl/experience",
         "som_xl/report", "som_xl/uncertainty", "som_xl/followup", "som_xl/portfolio", "som_xl/casetests.py",
         "som_xl/__init__.py", "som_xl/errors.py", "som_xl/fmt.py", "som_xl/paths.py", "som_xl/fileio.py",
         "som_xl/jsontext.py", "ooxml_vba", "som_xl/service", "som_xl/workbook", "som_xl/cli", "som_xl/excel",
         "som_xl/addin", "som_xl/web")
FROZEN = "som_xl/experience/migrations/versions/"
"""Database migrations stay as they were written."""


def _files(root: Path, rooms) -> list[Path]:
    out = []
    for room in rooms:
        path = root / room
        out += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return [p for p in out if "tests" not in p.relative_to(root).parts
            and not p.relative_to(root).as_posix().startswith(FROZEN)]


def unexplained_imports(root: Path, rooms=ROOMS) -> list[str]:
    """``"path:line"`` of every import inside a function without a ``# lazy:`` comment on
    its line or on the comment line right above its run of imports."""
    found = []
    for path in _files(root, rooms):
        lines = path.read_text("utf-8").splitlines()
        tree = ast.parse("\n".join(lines), str(path))
        for fn in ast.walk(tree):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(fn):
                if isinstance(node, (ast.Import, ast.ImportFrom)) and not _explained(lines, node.lineno - 1):
                    found.append(f"{path.relative_to(root).as_posix()}:{node.lineno}")
    return found


def _is_import(line: str) -> bool:
    return line.strip().startswith(("import ", "from "))


def _explained(lines: list[str], i: int) -> bool:
    if "# lazy:" in lines[i]:
        return True
    # a run of imports shares the comment above it, across the blank line isort puts between
    # the third-party and the project's imports
    while i > 0 and (_is_import(lines[i - 1]) or (not lines[i - 1].strip() and i > 1 and _is_import(lines[i - 2]))):
        i -= 1
        if "# lazy:" in lines[i]:
            return True
    return i > 0 and lines[i - 1].strip().startswith("# lazy:")


def test_every_import_inside_a_function_says_why_it_is_lazy():
    assert unexplained_imports(ROOT) == []


def test_the_check_finds_an_unexplained_import_and_passes_explained_ones(tmp_path):
    (tmp_path / "m.py").write_text(
        "import os\n\n\ndef f():\n    import json\n    return json\n\n\n"
        "def g():\n    import yaml  # lazy: 15 ms\n    # lazy: a run shares one comment\n"
        "    import numpy\n    from scipy import stats\n    return yaml, numpy, stats\n\n\n"
        "def h():\n    # lazy: the comment covers isort's sections\n    import rich\n\n    from som_xl import fmt\n"
        "    x = 1\n\n    import csv\n    return rich, fmt, x, csv\n", "utf-8")
    assert unexplained_imports(tmp_path, ("m.py",)) == ["m.py:5", "m.py:24"]
