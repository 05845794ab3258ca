"""The drop-down lists follow the knowledge package: Opdatér viden rewrites the Lister
block, and the list names are dynamic ranges over its filled cells."""

import csv
import json
import shutil

from openpyxl import load_workbook

from som_xl.excel.ribbon import opdater_viden
from som_xl.knowledge import load_knowledge
from som_xl.paths import default_knowledge_dir, template_path
from som_xl.vocabulary.target_groups import OWN_TARGET_GROUP
from som_xl.workbook import layout as L
from som_xl.workbook.backend import MemoryBackend


def _column(backend, name):
    j = [c.key for c in L.LISTS_BLOCK.columns].index(name)
    return [r[j] for r in backend.read(L.LISTS_BLOCK.name).values if r[j] is not None]


def test_opdater_viden_brings_a_new_packages_items_into_the_lists(tmp_path):
    pkg = tmp_path / "viden"
    shutil.copytree(default_knowledge_dir(), pkg)
    rows = list(csv.DictReader((pkg / "items.csv").open(encoding="utf-8")))
    new = dict(rows[0], item="ny_vare", name_da="En ny vare")
    with (pkg / "items.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.DictWriter(fh, fieldnames=list(rows[0])).writerow(new)
    prices = list(csv.DictReader((pkg / "prices.csv").open(encoding="utf-8")))
    with (pkg / "prices.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.DictWriter(fh, fieldnames=list(prices[0])).writerow(dict(prices[0], item="ny_vare"))
    meta = json.loads((pkg / "datapackage.json").read_text("utf-8"))
    meta["version"] = "2099.1.0"
    (pkg / "datapackage.json").write_text(json.dumps(meta), "utf-8")
    new_knowledge = load_knowledge(pkg)

    backend = MemoryBackend()
    backend.set(L.SETTINGS.name, 4, 0, "Voksne i hjemløshed")
    opdater_viden(backend=backend, knowledge=load_knowledge())
    assert "ny_vare" not in _column(backend, "liste_varer")
    opdater_viden(backend=backend, knowledge=new_knowledge)
    items = _column(backend, "liste_varer")
    assert items[-1] == "ny_vare" and len(items) == len(new_knowledge.items())
    assert _column(backend, "liste_maalgrupper")[-1] == OWN_TARGET_GROUP


def test_list_names_are_dynamic_ranges_over_the_filled_cells():
    wb = load_workbook(template_path(), keep_vba=True)
    ref = wb.defined_names["liste_varer"].attr_text
    assert ref.startswith("OFFSET('Lister'!$D$2,0,0,") and "COUNTA('Lister'!$D$2:$D$201)" in ref
    filled = [r[0] for r in wb[L.LISTER].iter_rows(min_row=2, min_col=4, max_col=4, values_only=True) if r[0]]
    assert filled == [i.item for i in load_knowledge().items()]
