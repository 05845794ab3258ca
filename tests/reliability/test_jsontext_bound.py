"""The value bound of :func:`som_xl.jsontext.loads` (issue 24: the regex that skips the
strings runs only when the text's raw commas and brackets pass the limit): text with commas
and brackets inside its strings is not refused for them, and real values over the limit
are refused before anything is built."""

from __future__ import annotations

import json

import pytest

from som_xl import jsontext
from som_xl.errors import InputError


def test_commas_inside_strings_do_not_count():
    text = json.dumps({"a": ",[{" * 50, "b": [1, 2, 3]})
    assert jsontext.value_count(text) == 6 and jsontext.loads(text, "x.json", max_values=6) == json.loads(text)


def test_values_over_the_limit_are_refused_with_their_count(monkeypatch):
    built = []
    monkeypatch.setattr(jsontext.json, "loads", lambda *a, **k: built.append(a))
    text = json.dumps([[1, 2], {"k": "v,v"}, 3])  # 7 values; 8 with the string's comma
    with pytest.raises(InputError) as info:
        jsontext.loads(text, "x.json", max_values=6)
    assert info.value.problems[0].type == "too-many-values" and "(7)" in info.value.problems[0].message
    assert built == []
    jsontext.loads(text, "x.json", max_values=7)
    jsontext.loads(text, "x.json", max_values=8)
    assert len(built) == 2
