"""Code health of som_xl: functions stay short enough to read as one rule each (issue 14).

A function over :data:`MAX_LINES` lines (its ``def`` to its last line, docstring
included) fails this test; split it into named rules. The test lists every offender,
longest first, so the message is the to-do list.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 60


PACKAGES = ("som_xl", "ooxml_vba")
"""The shipped packages (the OOXML/VBA toolchain beside som_xl keeps the same rule)."""


def long_functions(root: Path, limit: int = MAX_LINES) -> list[tuple[int, str]]:
    """(length, "path:line name") of every function in the shipped packages under ``root``
    longer than ``limit`` lines."""
    out = []
    for path in sorted(p for package in PACKAGES for p in (root / package).rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > limit:
                    out.append((length, f"{path.relative_to(root)}:{node.lineno} {node.name}"))
    return sorted(out, reverse=True)


def test_no_function_is_longer_than_sixty_lines():
    assert long_functions(ROOT) == []


def test_the_check_counts_from_def_to_the_last_line(tmp_path):
    body = "\n".join(f"    x{i} = {i}" for i in range(60))
    (tmp_path / "som_xl").mkdir()
    (tmp_path / "som_xl" / "m.py").write_text(f"def short():\n    return 1\n\n\ndef long():\n{body}\n", "utf-8")
    assert long_functions(tmp_path) == [(61, "som_xl/m.py:5 long")]


OUTSIDE = ("shared" + "/docs", "shared" + "/reference", "style" + " guide")
"""How a reference to a document outside the repository reads (spelled apart, so this
file does not match itself). What the code cites belongs in ``docs/``."""


def test_code_and_tests_cite_only_documents_in_the_repository():
    found = []
    for folder in ("som_xl", "ooxml_vba", "tests", "benchmarks", "scripts"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in (".py", ".yaml", ".md", ".toml", ".sh", ".json") or not path.is_file():
                continue
            text = path.read_text("utf-8", errors="replace")
            found += [f"{path.relative_to(ROOT)}: {o}" for o in OUTSIDE if o in text]
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    found += [f"pyproject.toml: {o}" for o in OUTSIDE if o in text]
    assert found == []
