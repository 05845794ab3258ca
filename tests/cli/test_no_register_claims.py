"""No output says the consequences were found in register data unless the knowledge
package says so (``som_xl_method.consequences.basis == "registerdata"``): the shipped
package's consequence lines are illustrative placeholders, and its texts say that."""

from __future__ import annotations

import json

import pytest

from som_xl.case import load_and_compute
from som_xl.cli.main import main
from som_xl.knowledge import load_knowledge
from som_xl.paths import default_knowledge_dir, examples_dir

EXAMPLES = sorted(examples_dir().glob("*.json"))


def test_the_shipped_package_says_its_consequences_are_illustrative():
    method = load_knowledge(default_knowledge_dir()).method("consequences")
    # since 2026.3.0 partly derived from published figures ('blandet'), never register data of its own
    assert method.basis in ("illustrativ", "blandet") and not method.mentions_register_data
    assert "illustrative pladsholdere" in method.description_da
    assert "register" not in method.description_da.lower()


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_calc_outputs_never_mention_register_data(path, capsys):
    assert main(["calc", str(path)]) == 0
    assert main(["calc", str(path), "--json"]) == 0
    out = capsys.readouterr().out
    assert "register" not in out.lower()
    assert "Grundlag:" in out


def test_knowledge_commands_never_mention_register_data(capsys):
    for args in (["knowledge", "show"], ["knowledge", "sources"], ["knowledge", "show", "--json"],
                 ["knowledge", "sources", "--json"],
                 *(["knowledge", "show", "--target-group", t.target_group] for t in load_knowledge().target_groups())):
        assert main(args) == 0
    assert "register" not in capsys.readouterr().out.lower()


def test_case_provenance_carries_the_sourcing_share_without_register_claims():
    comp = load_and_compute(examples_dir() / "housing_first.json")
    from som_xl.case.provenance import record

    text = json.dumps(record(comp), ensure_ascii=False)
    assert "gains_share_illustrative" in text and "register" not in text.lower()
