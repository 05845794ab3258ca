"""The house's arrows: which part of som_xl may import which (issue 14).

Every ``import`` and ``from … import`` in ``som_xl`` is read from the source (module
level, inside functions and under ``if TYPE_CHECKING`` alike), so an import hidden in a
function still counts. The rules:

* the calculation core imports nothing of som_xl outside ``som_xl.core``;
* the report room never imports the workbook room;
* no two modules import each other;
* every arrow between rooms is one ``docs/architecture.md`` allows, so the document
  stays true (a new room needs a row there).

The checker itself is tested on a small made-up package, so these tests can fail.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "som_xl"
GROUND = {"som_xl", "som_xl.errors", "som_xl.fmt", "som_xl.paths", "som_xl.fileio", "som_xl.jsontext"}
"""Modules every room may use (the package's version, errors, number formats, paths, file writes,
bounded JSON reading)."""


# ---------------------------------------------------------------------------------
# The checker
# ---------------------------------------------------------------------------------

def modules(root: Path, package: str = PACKAGE) -> dict[str, Path]:
    """Dotted module name → file, for every ``.py`` file of ``package`` under ``root``."""
    out = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _target(name: str, known: dict[str, Path]) -> str | None:
    """The module of ours that ``name`` names (the longest known prefix), or None."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def imports(root: Path, package: str = PACKAGE) -> dict[str, set[str]]:
    """Module → the modules of ``package`` it imports, anywhere in its source."""
    known = modules(root, package)
    graph: dict[str, set[str]] = {}
    for module, path in known.items():
        here = module if path.name == "__init__.py" else module.rpartition(".")[0]
        out: set[str | None] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if isinstance(node, ast.Import):
                out.update(_target(a.name, known) for a in node.names if a.name.split(".")[0] == package)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = here.split(".")[: len(here.split(".")) - node.level + 1]
                    base = ".".join(up + ([base] if base else []))
                if base.split(".")[0] != package:
                    continue
                # ``from pkg import mod`` imports the module ``pkg.mod``; ``from mod import name`` the module.
                out.update(_target(f"{base}.{a.name}" if f"{base}.{a.name}" in known else base, known)
                           for a in node.names)
        graph[module] = {m for m in out if m and m != module}
    return graph


def room(module: str) -> str:
    """``som_xl.workbook.layout.spec`` → ``som_xl.workbook``; top-level modules are their own room."""
    return ".".join(module.split(".")[:2])


def core_violations(graph: dict[str, set[str]]) -> list[str]:
    return [f"{m} → {t}" for m, ts in graph.items() if room(m) == f"{PACKAGE}.core"
            for t in sorted(ts) if room(t) != f"{PACKAGE}.core"]


def report_violations(graph: dict[str, set[str]]) -> list[str]:
    return [f"{m} → {t}" for m, ts in graph.items() if room(m) == f"{PACKAGE}.report"
            for t in sorted(ts) if room(t) == f"{PACKAGE}.workbook"]


def mutual_imports(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    return sorted((a, b) for a, ts in graph.items() for b in ts if a < b and a in graph.get(b, ()))


def documented_arrows(doc: Path) -> dict[str, set[str]]:
    """Room → the rooms it may import, from the table under "## Rooms and arrows"."""
    text = doc.read_text("utf-8").split("## Rooms and arrows", 1)[1].split("\n## ", 1)[0]
    allowed: dict[str, set[str]] = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[1].startswith(f"`{PACKAGE}"):
            allowed[cells[1].strip("`")] = set(re.findall(r"`([\w.]+)`", cells[2]))
    return allowed


def undocumented_arrows(graph: dict[str, set[str]], allowed: dict[str, set[str]]) -> list[str]:
    out = []
    for module, targets in sorted(graph.items()):
        here = room(module)
        if here in GROUND:
            out += [f"{module} → {t} (the ground imports only the ground)" for t in sorted(targets) if t not in GROUND]
            continue
        if here not in allowed:
            out.append(f"{here}: no row in docs/architecture.md")
            continue
        out += [f"{module} → {t}" for t in sorted(targets)
                if room(t) != here and t not in GROUND and room(t) not in allowed[here]]
    return sorted(set(out))


# ---------------------------------------------------------------------------------
# The rules on som_xl
# ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def graph():
    return imports(ROOT)


def test_the_core_imports_nothing_of_som_xl(graph):
    assert core_violations(graph) == []


def test_the_report_never_imports_the_workbook(graph):
    assert report_violations(graph) == []


def test_no_two_modules_import_each_other(graph):
    assert mutual_imports(graph) == []


def test_every_arrow_between_rooms_is_documented(graph):
    allowed = documented_arrows(ROOT / "docs" / "architecture.md")
    assert f"{PACKAGE}.core" in allowed and allowed[f"{PACKAGE}.core"] == set()
    assert undocumented_arrows(graph, allowed) == []


def test_the_documented_rooms_exist(graph):
    rooms = {room(m) for m in graph}
    assert set(documented_arrows(ROOT / "docs" / "architecture.md")) <= rooms


# ---------------------------------------------------------------------------------
# The OOXML/VBA toolchain stands alone (issue 22)
# ---------------------------------------------------------------------------------

TOOLCHAIN = "ooxml_vba"
TOOLCHAIN_MAY_IMPORT = {"defusedxml", "openpyxl", "pytest", "hypothesis", "olefile", "oletools"}
"""Third-party packages the toolchain uses: defusedxml, openpyxl (``inert`` and its tests
only), and its tests' tools. Everything else it imports is the standard library."""


def foreign_imports(root: Path, package: str = TOOLCHAIN) -> list[str]:
    """``"module → name"`` for every import in ``root/package`` (its tests included, at any
    depth) of anything that is neither the package itself, the standard library nor
    :data:`TOOLCHAIN_MAY_IMPORT`: above all som_xl and som_xl's tests."""
    import sys

    allowed = {package} | TOOLCHAIN_MAY_IMPORT | set(sys.stdlib_module_names) | {"__future__"}
    out = []
    for path in sorted((root / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            else:
                continue  # relative imports stay inside the package
            out += [f"{path.relative_to(root).as_posix()} → {n}" for n in names if n.split(".")[0] not in allowed]
    return sorted(out)


def test_the_toolchain_imports_nothing_of_som_xl():
    assert (ROOT / TOOLCHAIN / "__init__.py").is_file()
    assert foreign_imports(ROOT) == []


def test_the_toolchain_check_finds_a_hidden_import(tmp_path):
    _write(tmp_path, {
        "ooxml_vba/__init__.py": "from .scan import x\nimport zipfile\n",
        "ooxml_vba/scan.py": "def f():\n    from som_xl.errors import InputError\n",
        "ooxml_vba/tests/test_a.py": "from tests.reliability.budget import spend\nimport numpy\n",
    })
    assert foreign_imports(tmp_path) == ["ooxml_vba/scan.py → som_xl.errors",
                                         "ooxml_vba/tests/test_a.py → numpy",
                                         "ooxml_vba/tests/test_a.py → tests.reliability.budget"]


# ---------------------------------------------------------------------------------
# The checker finds what it should
# ---------------------------------------------------------------------------------

def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")


def test_the_checker_sees_imports_inside_functions_and_type_checking_blocks(tmp_path):
    _write(tmp_path, {
        "som_xl/__init__.py": "",
        "som_xl/errors.py": "",
        "som_xl/core/__init__.py": "",
        "som_xl/core/engine.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                                 "    from som_xl.case.model import Case\n",
        "som_xl/case/__init__.py": "",
        "som_xl/case/model.py": "from som_xl import errors\nfrom ..core import engine\n",
        "som_xl/report/__init__.py": "",
        "som_xl/report/content.py": "def f():\n    import som_xl.workbook.layout.spec\n",
        "som_xl/workbook/__init__.py": "",
        "som_xl/workbook/layout/__init__.py": "",
        "som_xl/workbook/layout/spec.py": "def g():\n    from som_xl.report.content import f\n",
    })
    g = imports(tmp_path)
    assert g["som_xl.case.model"] == {"som_xl.errors", "som_xl.core.engine"}
    assert core_violations(g) == ["som_xl.core.engine → som_xl.case.model"]
    assert report_violations(g) == ["som_xl.report.content → som_xl.workbook.layout.spec"]
    assert mutual_imports(g) == [("som_xl.case.model", "som_xl.core.engine"),
                                 ("som_xl.report.content", "som_xl.workbook.layout.spec")]
    doc = tmp_path / "architecture.md"
    doc.write_text("## Rooms and arrows\n| room | package | may import |\n|---|---|---|\n"
                   "| core | `som_xl.core` | — |\n| case | `som_xl.case` | `som_xl.core` |\n"
                   "| report | `som_xl.report` | `som_xl.case` |\n", "utf-8")
    assert undocumented_arrows(g, documented_arrows(doc)) == [
        "som_xl.core.engine → som_xl.case.model",
        "som_xl.report.content → som_xl.workbook.layout.spec",
        "som_xl.workbook: no row in docs/architecture.md",
    ]


# ---------------------------------------------------------------------------------
# The adapters go through the service layer (issue 22)
# ---------------------------------------------------------------------------------

ADAPTERS_WITHOUT_WORKBOOK = (f"{PACKAGE}.cli", f"{PACKAGE}.addin", f"{PACKAGE}.web")


def adapter_violations(graph: dict[str, set[str]]) -> list[str]:
    """Imports of the workbook room by the CLI, the add-in or the web site, and of the
    desktop Excel room by the add-in."""
    out = [f"{m} → {t}" for m, ts in graph.items() if room(m) in ADAPTERS_WITHOUT_WORKBOOK
           for t in sorted(ts) if room(t) == f"{PACKAGE}.workbook"]
    out += [f"{m} → {t}" for m, ts in graph.items() if room(m) == f"{PACKAGE}.addin"
            for t in sorted(ts) if room(t) == f"{PACKAGE}.excel"]
    return out


_PROBE = re.compile(r"\b(?:getattr|hasattr)\(\s*(?:self\.|session\.)?_?backend\b")


def backend_probes(root: Path, package: str = PACKAGE) -> list[str]:
    """``getattr(backend, …)``/``hasattr(backend, …)`` anywhere: a capability the
    ``Backend`` protocol should declare instead."""
    return [f"{path.relative_to(root)}:{n}" for path in modules(root, package).values()
            for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if _PROBE.search(line)]


def test_the_adapters_import_the_service_layer_not_the_workbook(graph):
    assert room(f"{PACKAGE}.service") in {room(m) for m in graph}
    assert adapter_violations(graph) == []


def test_no_caller_probes_a_backend_with_getattr():
    assert backend_probes(ROOT) == []


def test_the_adapter_rules_catch_a_violation(tmp_path):
    pkg = tmp_path / PACKAGE
    for sub in ("addin", "excel", "workbook", "service"):
        (pkg / sub).mkdir(parents=True)
        (pkg / sub / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("")
    (pkg / "addin" / "commands.py").write_text(
        "from som_xl.excel import ribbon\nfrom som_xl.workbook import layout\n")
    (pkg / "excel" / "ribbon.py").write_text("def run(backend):\n    return getattr(backend, 'wb', None)\n")
    (pkg / "workbook" / "layout.py").write_text("")
    assert adapter_violations(imports(tmp_path)) == [f"{PACKAGE}.addin.commands → {PACKAGE}.workbook.layout",
                                                     f"{PACKAGE}.addin.commands → {PACKAGE}.excel.ribbon"]
    assert backend_probes(tmp_path) == [f"{PACKAGE}/excel/ribbon.py:2"]
