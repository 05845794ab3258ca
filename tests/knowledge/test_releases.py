"""A change to the knowledge data is a release (``docs/style.md`` §9, modelled on OpenFisca's
has-functional-changes check): the shipped package's version must be recorded in
knowledge_tables/releases.json with exactly the content hash the data has now.

Guards against: a price or consequence line edited in place, so two municipalities'
calculations carry the same version but different numbers.
"""

import json

from som_xl.knowledge import load_knowledge
from som_xl.paths import default_knowledge_dir


def test_data_changes_come_with_a_version_bump():
    k = load_knowledge(default_knowledge_dir())
    releases = json.loads((default_knowledge_dir() / "releases.json").read_text("utf-8"))
    recorded = releases.get(k.version)
    assert recorded is not None, (
        f"version {k.version} is not in knowledge_tables/releases.json: add "
        f'"{k.version}": "{k.content_hash}" and a CHANGELOG line in knowledge_tables/README.md')
    assert recorded == k.content_hash, (
        f"the data of knowledge version {k.version} changed after its release; bump 'version' in "
        "datapackage.json, record the new version's hash in releases.json and describe the change")
