"""WCAG 2.1 AA contrast (≥ 4.5:1 for text) of every colour pair the stylesheet uses,
computed with the WCAG definition of relative luminance."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[2] / "som_xl" / "web" / "static" / "style.css").read_text("utf-8")
VARS = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", CSS))


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_formula_matches_known_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic near-miss


@pytest.mark.parametrize("text, background", [
    ("ink", "#ffffff"), ("muted", "#ffffff"), ("muted", "soft"), ("link", "#ffffff"), ("link", "soft"),
    ("ink", "warn-bg"), ("warn-line", "#ffffff"), ("bad", "#ffffff"), ("#ffffff", "#0b3a5e"),
    ("#ffffff", "#0b4f8a"), ("#222222", "#ffffff"),
])
def test_text_colours_meet_aa(text, background):
    pair = [VARS.get(c, c) for c in (text, background)]
    assert contrast(*pair) >= 4.5, (text, background, round(contrast(*pair), 2))


def test_the_stylesheet_uses_only_these_pairs_for_text():
    assert {"ink", "muted", "link", "soft", "warn-bg", "warn-line", "bad"} <= set(VARS)
