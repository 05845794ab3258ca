"""A record's key results are written with the one Danish number rule, :func:`som_xl.fmt.number`
(issue 22: ``experience/render.py`` kept a copy that wrote ``-0`` and every digit of a huge value)."""

from __future__ import annotations

from som_xl.experience.render import key_results_lines


def test_key_results_use_the_shared_number_rule():
    lines = key_results_lines({"npv": -0.4, "return_per_krone": 2.5e20, "break_even_success_rate": 0.12345,
                               "price_year": 2024})
    assert lines == ["Nutidsværdi (NPV): 0 kr.", "Afkast pr. krone: 2,5 × 10^20", "Break-even-succesrate: 12,3 %",
                     "Prisniveau: 2024"]
