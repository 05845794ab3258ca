"""No test asserts wall-clock time: on a shared two-core machine every such bound flakes.

Tests bound memory and work (see ``tests/reliability/budget.py``); timings are printed by
``benchmarks/``. This test reads every test module and fails on an ``assert`` that uses
a clock reading (``time.perf_counter()``, ``time.monotonic()``, ``time.time()``, or a
name computed from one) or a name that says it holds seconds.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLOCKS = {"perf_counter", "perf_counter_ns", "monotonic", "monotonic_ns", "time", "time_ns", "process_time"}
TIME_NAMES = {"seconds", "secs", "elapsed", "duration", "run_time", "took", "wall"}


def _is_clock_call(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    f = node.func
    if isinstance(f, ast.Attribute):
        return f.attr in CLOCKS and isinstance(f.value, ast.Name) and f.value.id == "time"
    return isinstance(f, ast.Name) and f.id in CLOCKS - {"time"}


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _timed_names(tree: ast.AST) -> set[str]:
    """Names assigned from a clock reading, or from another such name (to a fixed point)."""
    assigns = [(t, n.value) for n in ast.walk(tree) if isinstance(n, (ast.Assign, ast.AugAssign, ast.AnnAssign))
               for t in (n.targets if isinstance(n, ast.Assign) else [n.target]) if n.value is not None]
    timed: set[str] = set()
    while True:
        found = {name for target, value in assigns
                 if any(_is_clock_call(x) for x in ast.walk(value)) or _names(value) & timed
                 for name in _names(target)}
        if found <= timed:
            return timed
        timed |= found


def _scopes(tree: ast.Module):
    """The module's own statements, then each function, as (scope node, its asserts)."""
    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    inner = {id(a) for f in functions for a in ast.walk(f)}
    yield tree, [n for n in ast.walk(tree) if isinstance(n, ast.Assert) and id(n) not in inner]
    for f in functions:
        yield f, [n for n in ast.walk(f) if isinstance(n, ast.Assert)]


def wall_clock_asserts(source: str) -> list[int]:
    """Line numbers of asserts in ``source`` that depend on wall-clock time (names are
    followed within one function, or the module's top level)."""
    bad = set()
    for scope, asserts in _scopes(ast.parse(source)):
        timed = _timed_names(scope)
        bad |= {node.lineno for node in asserts if _uses_clock(node, timed)}
    return sorted(bad)


def _uses_clock(node: ast.Assert, timed: set[str]) -> bool:
    names = _names(node.test)
    constants = [c.value for c in ast.walk(node.test) if isinstance(c, ast.Constant) and isinstance(c.value, str)]
    return bool(any(_is_clock_call(x) for x in ast.walk(node.test)) or names & timed
                or {n.lower() for n in names} & TIME_NAMES or any(c.endswith(" s") for c in constants))


def test_the_detector_finds_clock_asserts():
    assert wall_clock_asserts("import time\nt0 = time.perf_counter()\nx = 1\nd = time.perf_counter() - t0\n"
                              "assert d < 1.0\n") == [5]
    assert wall_clock_asserts("assert SECONDS > 0\n") == [1]
    assert wall_clock_asserts("assert all(r[p + ' s'] < 10 for p in ps)\n") == [1]
    assert wall_clock_asserts("import time\nold = time.time() - 60\nassert peak < 5\n") == []


def test_no_test_asserts_wall_clock_time():
    offenders = {}
    for path in sorted((ROOT / "tests").rglob("*.py")):
        if path.name == Path(__file__).name:
            continue
        lines = wall_clock_asserts(path.read_text("utf-8"))
        if lines:
            offenders[path.relative_to(ROOT).as_posix()] = lines
    assert offenders == {}, "bound memory or work instead, and measure time in benchmarks/"
