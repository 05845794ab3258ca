"""The structural walk checks a list's leaves in place (issue 24: the largest case holds
35.000 numbers); it reports exactly what the walk that pushed every value reported, in the
same order, with the same limits. The old walk is kept here as the oracle."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from som_xl.case import validate as V
from som_xl.errors import Problem


def old_walk(data) -> list[Problem]:
    """The walk before issue 24: every value pushed and popped (``limit`` values at most)."""
    problems: list[Problem] = []
    stack = [([], data)]
    seen = 0
    while stack:
        path, node = stack.pop()
        seen += 1
        if seen > V.MAX_NODES:
            return problems + [Problem("too-large", "$", "")]
        if isinstance(node, (dict, list)) and len(path) >= V.MAX_DEPTH:
            return problems + [Problem("too-deep", V._where(path), "")]
        if isinstance(node, dict):
            for key, value in reversed(list(node.items())):
                if not isinstance(key, str):
                    problems.append(Problem("wrong-type", V._where(path), ""))
                    continue
                if V._BAD_TEXT.search(key):
                    problems.append(Problem("bad-text", V._where(path + [key]), ""))
                    continue
                stack.append((path + [key], value))
        elif isinstance(node, (list, tuple)):
            if len(node) > V.MAX_LIST:
                return problems + [Problem("wrong-length", V._where(path), "")]
            stack.extend((path + [i], v) for i, v in reversed(list(enumerate(node))))
        elif isinstance(node, float):
            if not math.isfinite(node):
                problems.append(Problem("not-a-number", V._where(path), ""))
        elif isinstance(node, str):
            if V._BAD_TEXT.search(node):
                problems.append(Problem("bad-text", V._where(path), ""))
        elif node is not None and not isinstance(node, (bool, int)):
            problems.append(Problem("wrong-type", V._where(path), ""))
    return problems


leaves = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(),
                   st.sampled_from(["ok", "bad\x01", "\ud800", ""]), st.just(object()), st.just(b"x"))
keys = st.one_of(st.sampled_from(["a", "b", "c\x02", "d"]), st.integers(0, 3))
data = st.recursive(leaves, lambda kids: st.one_of(st.lists(kids, max_size=6), st.tuples(kids, kids),
                                                   st.dictionaries(keys, kids, max_size=4)), max_leaves=40)


def _seen(problems):
    return [(p.type, p.location) for p in problems]


@settings(max_examples=400, deadline=None)
@given(data)
def test_the_walk_reports_what_the_old_walk_reported(value):
    assert _seen(V._walk_problems(value)) == _seen(old_walk(value))


def test_the_limits_fall_where_they_fell(monkeypatch):
    """Too many values, too deep and too long stop the walk at the same value."""
    monkeypatch.setattr(V, "MAX_NODES", 25)
    monkeypatch.setattr(V, "MAX_LIST", 12)
    monkeypatch.setattr(V, "MAX_DEPTH", 4)
    cases = [{"a": [1.0] * 10, "b": [float("nan"), 2.0, [3.0, "x\x01"], 4.0] * 3},
             {"a": [[[[[1.0]]]]], "b": [float("inf")]},
             {"a": [float("nan")] * 11 + [[1.0]], "b": list(range(13))},
             [[1.0, [2.0, float("nan")], 3.0]] * 5]
    for value in cases:
        assert _seen(V._walk_problems(value)) == _seen(old_walk(value))
