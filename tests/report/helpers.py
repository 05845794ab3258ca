"""A small case computed by hand with the formulas of docs/method.md, for the report tests.

Own target group, one own item and one knowledge item with a local price (so every
price is at the 2025 price level, index factor 1), one cohort, a constant 4 % rate.
"""

from __future__ import annotations

import copy

HAND_CASE = {
    "format": "som-xl-case/1",
    "title": "Håndregnet mentorforløb",
    "description": "Et lille eksempel regnet i hånden i testen.",
    "owner": {"name": "Testrup Kommune", "type": "kommune"},
    "target_group": None,
    "settings": {"start_year": 2025, "horizon_years": 3, "price_year": 2025, "discount_rate": 0.04},
    "programme": {"duration_years": 1, "cohorts": [{"year": 2025, "participants": 10}]},
    "costs": [{"label": "Mentor", "payer": "kommune", "kind": "drift", "basis": "per_participant_year",
               "amount": 20000}],
    "effect": {"success_rate": 0.5, "low": 0.3, "high": 0.7, "evidence_level": 3,
               "source": "Kommunens før/efter-opgørelse 2024"},
    "consequences": [
        {"item": "egen_doegn", "per_success_by_year": [-10, -5], "source": "Kommunens skøn over døgn"},
        {"item": "kontanthjaelp", "per_success_by_year": [-1, -1], "source": "Kommunens skøn over måneder"},
    ],
    "items": [{"item": "egen_doegn", "name": "Døgn på egen institution", "unit": "døgn", "area": "socialt",
               "price_year": 2025, "kommune": 1000, "region": 500, "stat": 0,
               "source": "Testrup Kommunes takstblad 2025"}],
    "local_prices": [{"item": "kontanthjaelp", "price_year": 2025, "kommune": 10000, "region": 0, "stat": 2500,
                      "source": "Testrup Kommunes lokale sats 2025"}],
}
PRICES = {"egen_doegn": (1000, 500, 0), "kontanthjaelp": (10000, 0, 2500)}


def hand_case(**effect) -> dict:
    data = copy.deepcopy(HAND_CASE)
    data["effect"].update(effect)
    return data


def hand_figures(data: dict) -> dict:
    """NPV per actor (kommune, region, stat, total) and the break-even success rates, by hand:
    S = n·r succeed in s = y + D − 1; G[a,t] = −S·q[t−s]·p[a]; Cost = n·amount while in programme;
    NPV = Σ f_t (G − Cost) with f_t = 1.04^−(t−t0)."""
    s0, horizon = data["settings"]["start_year"], data["settings"]["horizon_years"]
    rate = data["settings"]["discount_rate"]
    cohort = data["programme"]["cohorts"][0]
    n, r = cohort["participants"], data["effect"]["success_rate"]
    success_year = cohort["year"] + data["programme"]["duration_years"] - 1
    pv_gain1 = [0.0, 0.0, 0.0]  # PV of gains if everyone succeeded
    pv_cost = [0.0, 0.0, 0.0]
    for t in range(s0, s0 + horizon):
        f = (1 + rate) ** -(t - s0)
        for line in data["consequences"]:
            q = line["per_success_by_year"]
            tau = t - success_year
            if 0 <= tau < len(q):
                for a in range(3):
                    pv_gain1[a] += f * -n * q[tau] * PRICES[line["item"]][a]
        if cohort["year"] <= t < cohort["year"] + data["programme"]["duration_years"]:
            pv_cost[0] += f * n * data["costs"][0]["amount"]
    npv = [r * g - c for g, c in zip(pv_gain1, pv_cost, strict=True)]
    npv.append(sum(npv))
    return {"npv": npv, "break_even_kommune": pv_cost[0] / pv_gain1[0],
            "break_even_total": sum(pv_cost) / sum(pv_gain1)}
