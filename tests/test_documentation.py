"""The documentation's pictures and figures stay true (issue 23, point 5): every picture
the README and the guides show is made by ``scripts/render_readme_images.py`` (and no
picture lies in docs/images that nothing shows), and the figures the user guide quotes
from the demo case are the ones the demo computes."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def _script():
    spec = importlib.util.spec_from_file_location("render_readme_images", ROOT / "scripts" / "render_readme_images.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _shown() -> set[str]:
    return {m for doc in DOCS for m in re.findall(r"!\[[^\]]*\]\((?:docs/)?images/([^)\s]+)\)", doc.read_text("utf-8"))}


def test_every_picture_the_documentation_shows_is_made_by_the_script():
    script = _script()
    made = set(script.IMAGES) | set(script.TAKEN_WITH)
    shown = _shown()
    assert shown and shown <= made, sorted(shown - made)
    assert all((ROOT / "docs" / "images" / name).is_file() for name in shown)
    assert {p.name for p in (ROOT / "docs" / "images").glob("*.png")} <= shown  # nothing stale lies there


def test_the_guide_quotes_the_demos_break_even_success_rate():
    from som_xl.case import load_and_compute
    from som_xl.paths import examples_dir
    from som_xl.uncertainty import analyse_computation

    guide = " ".join((ROOT / "docs" / "brugervejledning.md").read_text("utf-8").split())
    quoted = re.findall(r'\*"(Indsatsen betaler sig [^"]+)"\*', guide)
    assert quoted
    report = analyse_computation(load_and_compute(examples_dir() / "housing_first.json"), run_monte_carlo=False)
    sentences = {b.sentence for b in report.break_even}
    assert set(quoted) <= sentences, (quoted, sentences)
