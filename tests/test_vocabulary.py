"""The vocabularies are ``StrEnum``s, defined once, and the code names their members (issue 22).

* Every closed list in :mod:`som_xl.vocabulary` is an enum whose members equal their codes
  and carry their Danish labels; the mappings the other rooms read (``REVIEW_STATUSES`` …)
  are derived from it, so a code and its label are written in one place.
* No code of a vocabulary is written as a string literal in the rooms below (outside the
  vocabulary itself, docstrings and the frozen database migrations): code that means
  ``offentliggjort`` names ``ReviewStatus.PUBLISHED``. A handful of literals are the same
  word with another meaning (a Danish noun in a sentence, a field's label); each is listed
  with its reason in :data:`SAME_WORD`.
"""

from __future__ import annotations

import ast
import enum
import importlib
import json
import pkgutil
from pathlib import Path

import pytest

import som_xl.vocabulary
from som_xl.core import CostBasis, CostKind
from som_xl.core.entities import ACTOR_KEYS_TOTAL
from som_xl.vocabulary.labelled import Codes, Labelled, LabelledLevel

ROOT = Path(__file__).resolve().parents[1]
ROOMS = ("som_xl/core", "som_xl/case", "som_xl/knowledge", "som_xl/experience", "som_xl/report",
         "som_xl/uncertainty", "som_xl/followup", "som_xl/portfolio", "som_xl/casetests.py",
         "som_xl/errors.py", "som_xl/fmt.py", "som_xl/paths.py", "som_xl/fileio.py", "som_xl/jsontext.py")
"""The rooms whose code is checked (the adapters' rooms follow when they are rewritten)."""
FROZEN = ("som_xl/experience/migrations/versions/",)
"""Database migrations keep the lists as they were when each was written."""
SAME_WORD = {
    ("som_xl/case/labels.py", "kilde"): "the Danish label of the field 'source'",
    ("som_xl/case/labels.py", "kontakt"): "the Danish label of the field 'contact'",
    ("som_xl/case/labels.py", "år"): "the Danish label of the field 'year'",
    ("som_xl/experience/followups.py", "år"): "the Danish word for the field 'year' in a message",
    ("som_xl/experience/followups.py", "opfølgning"): "the location a message names (the follow-up form)",
    ("som_xl/experience/workflow.py", "kontakt"): "the location a message names (the Kontakt form)",
    ("som_xl/experience/browse.py", "organisation"): "the facet of the organisation that shared a record",
    ("som_xl/experience/benchmark_figures.py", "beregning"): "a Danish noun counted in a sentence",
    ("som_xl/experience/benchmark_figures.py", "organisation"): "a Danish noun counted in a sentence",
    ("som_xl/report/others_sentence.py", "organisation"): "a Danish noun counted in a sentence",
    ("som_xl/report/others_sentence.py", "beregning"): "a Danish noun counted in a sentence",
}
COMMON_WORDS = {
    "status": "a field's name (a record's, a price's) as much as the audit action",
    "kr.": "the kroner sign of a formatted amount as much as the unit",
}
"""Codes that are also everyday words of the code; not checked."""


def vocabularies() -> list[type[enum.Enum]]:
    """Every enum declared in a module of :mod:`som_xl.vocabulary`, and the core's cost enums."""
    found: list[type[enum.Enum]] = [CostKind, CostBasis]
    for info in pkgutil.iter_modules(som_xl.vocabulary.__path__):
        module = importlib.import_module(f"som_xl.vocabulary.{info.name}")
        found += [v for v in vars(module).values() if isinstance(v, type) and issubclass(v, enum.Enum)
                  and v.__module__ == module.__name__ and len(v) > 0]
    return found


def codes() -> dict[str, str]:
    """Code → the vocabulary it belongs to; the actors' keys are the core's entities, not codes."""
    return {m.value: v.__name__ for v in vocabularies() if issubclass(v, str) for m in v
            if m.value not in ACTOR_KEYS_TOTAL and m.value not in COMMON_WORDS}


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string constants that are docstrings (a string statement on its own)."""
    return {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)}


def _in_fstring(tree: ast.AST) -> set[int]:
    return {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}


def _declarations(tree: ast.AST) -> set[int]:
    """ids of the codes in an enum's own declaration (``class CostKind(StrEnum): DRIFT = "drift"``)."""
    return {id(c) for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
            and any(isinstance(b, ast.Name) and b.id.endswith(("Enum", "Codes", "Labelled")) for b in node.bases)
            for stmt in node.body if isinstance(stmt, ast.Assign) for c in ast.walk(stmt.value)}


def code_literals(root: Path, rooms=ROOMS, known: dict[str, str] | None = None) -> list[str]:
    """``"path:line 'code' (Vocabulary)"`` for every string literal in ``rooms`` that is a
    vocabulary's code, outside docstrings, f-string text, the enums' own declarations,
    :data:`FROZEN` and :data:`SAME_WORD`."""
    known = codes() if known is None else known
    paths = sorted(p for r in rooms for p in ((root / r).rglob("*.py") if (root / r).is_dir() else [root / r]))
    out = []
    for path in paths:
        rel = path.relative_to(root).as_posix()
        if rel.startswith(FROZEN) or "/tests/" in rel:
            continue
        tree = ast.parse(path.read_text("utf-8"), rel)
        skip = _docstrings(tree) | _in_fstring(tree) | _declarations(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in known
                    and id(node) not in skip and (rel, node.value) not in SAME_WORD):
                out.append(f"{rel}:{node.lineno} {node.value!r} ({known[node.value]})")
    return out


def test_no_vocabulary_code_is_written_as_a_literal():
    assert code_literals(ROOT) == []


def test_the_check_finds_a_literal_and_passes_over_docstrings_and_sentences(tmp_path):
    (tmp_path / "som_xl" / "case").mkdir(parents=True)
    (tmp_path / "som_xl" / "case" / "a.py").write_text(
        '"""A ``kilde`` row."""\n\nclass Q(StrEnum):\n    SOURCED = "kilde"\n\n\ndef f(r):\n'
        '    """offentliggjort"""\n    return r.quality == "kilde" or f"{r} kilde" == "kilde x"\n', "utf-8")
    assert code_literals(tmp_path, ("som_xl/case",), {"kilde": "Quality", "offentliggjort": "ReviewStatus"}) == [
        "som_xl/case/a.py:9 'kilde' (Quality)"]


@pytest.mark.parametrize("vocabulary", vocabularies(), ids=lambda v: v.__name__)
def test_every_member_is_its_code_and_renders_as_it(vocabulary):
    """A member equals, hashes, prints and serialises as its code, so data read from CSV, JSON
    or a database meets it, and no output changes when a literal becomes a member."""
    assert issubclass(vocabulary, (Codes, LabelledLevel)) or vocabulary in (CostKind, CostBasis)
    for member in vocabulary:
        code = member.value
        assert member == code and hash(member) == hash(code) and {code: 1}[member] == 1
        assert json.dumps(member) == json.dumps(code) and f"{member}" == str(code)
        if issubclass(vocabulary, (Codes, LabelledLevel)):
            assert repr(member) == repr(code)
        if issubclass(vocabulary, (Labelled, LabelledLevel)):
            assert isinstance(member.label, str) and member.label


def test_the_mappings_are_derived_from_the_enums():
    """The names the sheets, pages and schema read are the enums' codes and labels (plain
    strings, so SQL and YAML take them), each written once."""
    from som_xl.vocabulary import (
        accounts,
        actor_types,
        areas,
        evidence,
        materials,
        methods,
        origins,
        qualities,
        review,
        sources,
        units,
    )

    assert review.REVIEW_STATUSES == {"indsendt": "Indsendt", "beskrevet": "Beskrevet",
                                      "offentliggjort": "Offentliggjort", "afvist": "Afvist",
                                      "trukket_tilbage": "Trukket tilbage"}
    assert review.REVIEW_STATUSES == {s.value: s.label for s in review.ReviewStatus}
    assert all(type(k) is str and type(v) is str for k, v in review.REVIEW_STATUSES.items())
    assert accounts.ROLES == accounts.Role.labels() and list(accounts.ROLES) == ["bidragyder", "redaktoer", "admin"]
    assert actor_types.SHARING_ACTOR_TYPES == {k: v for k, v in actor_types.ACTOR_TYPES.items() if k != "konsulent"}
    assert materials.MATERIAL_TYPES["organisering_og_opfoelgning"] == "Organisering og opfølgning"
    assert qualities.QUALITIES == ("kilde", "afledt", "illustrativ")
    assert qualities.CLASSES == ("illustrative", "own", "derived", "secondary", "primary")
    assert origins.ORIGINS == ("viden", "lokal", "egen")
    assert origins.ORIGIN_LABELS == {"viden": "viden", "lokal": "LOKAL PRIS", "egen": "egen vare"}
    assert sources.SOURCE_KIND_LABELS[""] == "ikke angivet" and sources.SOURCE_KINDS == ("primary", "secondary", "none")
    assert evidence.EVIDENCE_LEVELS[1] == "metaanalyse eller RCT" and type(next(iter(evidence.EVIDENCE_LEVELS))) is int
    assert methods.METHOD_BASES == ("illustrativ", "kilde", "registerdata", "blandet")
    assert areas.AREAS[0] == "socialt" and units.UNITS[-1] == "kr." and units.UNITS_PER_YEAR["uge"] == 52
    assert review.RECORD_ORIGINS["delt"] == "Delt af brugerne"


def _strings_not_plain(value, seen=None) -> list[str]:
    """repr of every str inside ``value`` (dataclasses, mappings, sequences) that is not a
    plain ``str``: a member in the data would reach Excel, pickles and YAML as an enum."""
    import dataclasses

    if isinstance(value, str):
        return [] if type(value) is str else [repr(value)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [s for f in dataclasses.fields(value) for s in _strings_not_plain(getattr(value, f.name))]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings_not_plain(k) + _strings_not_plain(v)]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [s for v in value for s in _strings_not_plain(v)]
    return []


def test_the_data_carries_plain_strings_code_compares_with_members(monkeypatch):
    """A package parsed anew, a case resolved and computed with it, and what its sourcing
    counts hold codes as plain strings; only the code names the members."""
    from som_xl.case import compute, parse_case
    from som_xl.knowledge import clear_cache, load_knowledge
    from som_xl.paths import examples_dir

    monkeypatch.setenv("SOM_XL_NO_CACHE", "1")
    clear_cache()
    knowledge = load_knowledge()
    assert _strings_not_plain(knowledge._r) == []
    assert _strings_not_plain([knowledge.method(k) for k in ("consequences", "effects", "prices")]) == []
    assert _strings_not_plain(knowledge.index_provenance("net_price_index", 2015, 2024)) == []
    for name in ("housing_first.json", "egen_maalgruppe_mentor.json"):
        comp = compute(parse_case(json.loads((examples_dir() / name).read_text("utf-8"))), knowledge)
        r = comp.resolution  # (its case_input holds the core's own CostKind/CostBasis members)
        assert _strings_not_plain([r.prices, r.consequences, r.effect_source, r.warnings]) == []
        assert _strings_not_plain(comp.sourcing.as_dict()) == []
    clear_cache()
