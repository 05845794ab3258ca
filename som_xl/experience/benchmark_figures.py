"""Erfaringer som evidens: what other municipalities assumed, and what came true (issue 25).

The figures of "Andre kommuner" as data, and how they are made from the counted
calculations (pure: no database, no sqlalchemy, so the workbook's Beregn can read them
back cheaply); :mod:`som_xl.experience.benchmark` reads the counted calculations. This is
the one place the figures are made; the JSON API, the target-group page, the workbook
line, the decision report and ``som-xl experience benchmark`` only show a
:class:`Benchmark`. The rules (``docs/web.md``, "Andre kommuner"):

* **What counts.** Published records (``offentliggjort``) whose case file names a
  knowledge target group; of the versions of one calculation (a follow-up is a new
  version) only the newest published one. Read live from the database on every call:
  a withdrawn or rejected record leaves the figures at once (there is no cache).
* **One value per organisation.** An organisation's value of a figure is the median of
  its counted records' values, so one organisation's many records weigh as one; the
  quartiles, minimum and maximum are over those organisation values.
* **Quantiles.** numpy's ``linear`` method (Hyndman & Fan type 7, Excel's
  ``KVARTIL.MEDTAG``): for sorted values x₀…xₙ₋₁, the q-quantile is
  xⱼ + f·(xⱼ₊₁ − xⱼ) with j + f = q·(n − 1).
* **Disclosure.** A block of figures is shown only when at least :data:`THRESHOLD`
  distinct organisations contribute to it ("for få beregninger til at vise tal" with the
  counts otherwise). For one success measure (``outcome``), the target group's other
  records must come from none or at least :data:`THRESHOLD` organisations too: otherwise
  comparing the target group's figures with the success measure's would single out the
  rest. Counts of calculations and organisations are always shown.
"""

from __future__ import annotations

import functools
import math
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, NamedTuple

from som_xl import fmt
from som_xl.errors import SomError

MAX_ID = 200
"""Longest target-group or outcome id (the records' ``MAX_SHORT``)."""
THRESHOLD = 3
"""Distinct organisations a figure needs before it is shown."""
QUANTILE_METHOD: Final = "linear"
"""numpy's name of Hyndman & Fan's type 7 (its default; R's default; Excel's KVARTIL.MEDTAG)."""
FEW = "for få beregninger til at vise tal"
NO_FOLLOW_UPS = "ingen af beregningerne har faktiske tal fra et afsluttet hold endnu"
SUMMARY_KEYS = ("n", "median", "p25", "p75", "min", "max")


@dataclass(frozen=True)
class Summary:
    """One figure over ``n`` organisations (each organisation's value is the median of its
    records' values)."""

    n: int
    median: float
    p25: float
    p75: float
    min: float
    max: float

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, the figures rounded to 6 decimals (a rate to 0,0001 %-point)."""
        return {"n": self.n, **{k: round(getattr(self, k), 6) for k in SUMMARY_KEYS[1:]}}


def summarise(values: Sequence[float]) -> Summary:
    """Median, quartiles (numpy ``linear``, type 7), minimum and maximum of ``values``.

    >>> summarise([10, 40, 20, 30])
    Summary(n=4, median=25.0, p25=17.5, p75=32.5, min=10.0, max=40.0)
    """
    import numpy as np  # lazy: ≈0,1 s the workbook's template and sheets skip (FIGURES only)

    data = np.asarray(values, dtype=float)
    p25, median, p75 = np.quantile(data, [0.25, 0.5, 0.75], method=QUANTILE_METHOD).tolist()
    return Summary(len(data), median, p25, p75, float(data.min()), float(data.max()))


@functools.lru_cache(maxsize=4096)
def organisation_key(actor_name: str) -> str:
    """Who a record counts for: its organisation's name, spaces and case folded (as an
    import matches organisations), so the site's and imported records of one
    organisation are one organisation."""
    return " ".join(actor_name.split()).casefold()


@dataclass(frozen=True)
class Catalogue:
    """The target groups and success measures a caller knows, id → Danish name (the
    knowledge package's); ids outside it are still accepted when published records use them."""

    target_groups: Mapping[str, str] = field(default_factory=dict)
    outcomes: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """target group id → outcome id → Danish name."""

    @classmethod
    def from_knowledge(cls, knowledge) -> Catalogue:
        """From a :class:`som_xl.knowledge.Knowledge` (read by attribute)."""
        outcomes: dict[str, dict[str, str]] = {}
        for o in knowledge.outcomes():
            outcomes.setdefault(o.target_group, {})[o.outcome] = o.name_da
        return cls({t.target_group: t.name_da for t in knowledge.target_groups()}, outcomes)

    def name(self, target_group: str) -> str:
        return self.target_groups.get(target_group, target_group)

    def outcome_name(self, target_group: str, outcome: str | None) -> str:
        if outcome is None:
            return "alle succesmål"
        return self.outcomes.get(target_group, {}).get(outcome, outcome)


@dataclass(frozen=True)
class Benchmark:
    """The figures of one target group (and success measure) over other organisations'
    published calculations. Rates are fractions (0..1); costs kroner per participant at
    each case's own price level."""

    target_group: str
    outcome: str | None
    calculations: int
    organisations: int
    success_rate: Summary | None
    withheld_reason: str | None
    realised_calculations: int = 0
    realised_organisations: int = 0
    realised_success_rate: Summary | None = None
    realised_withheld_reason: str | None = None
    realised_vs_assumed: Summary | None = None
    cost_per_participant: Summary | None = None
    duration_years: Summary | None = None
    horizon_years: Summary | None = None

    def as_dict(self) -> dict[str, Any]:
        """The JSON API's answer (``GET /api/v1/benchmarks``)."""
        def block(s: Summary | None) -> dict[str, Any] | None:
            return s.as_dict() if s is not None else None

        return {
            "target_group": self.target_group, "outcome": self.outcome,
            "organisations": self.organisations, "calculations": self.calculations,
            "success_rate": block(self.success_rate),
            "realised_success_rate": block(self.realised_success_rate),
            "withheld_reason": self.withheld_reason,
            "realised_organisations": self.realised_organisations,
            "realised_calculations": self.realised_calculations,
            "realised_withheld_reason": self.realised_withheld_reason,
            "realised_vs_assumed": block(self.realised_vs_assumed),
            "cost_per_participant": block(self.cost_per_participant),
            "duration_years": block(self.duration_years),
            "horizon_years": block(self.horizon_years),
            "threshold": THRESHOLD, "quantile_method": f"numpy {QUANTILE_METHOD} (Hyndman & Fan type 7)",
        }

    @classmethod
    def from_dict(cls, data: Any, where: str = "serveren") -> Benchmark:
        """A :class:`Benchmark` from the API's JSON (a server's answer: checked, never trusted)."""
        try:
            return _from_dict(data)
        except (TypeError, ValueError, KeyError) as exc:
            raise SomError(f"Svaret fra {where} om andre kommuners tal kan ikke læses ({exc}).") from None

    def assumed_text(self) -> str:
        """"median 25,0 % (7 beregninger, 5 organisationer; midterste halvdel 15,0–30,0 %)"
        or the reason the figures are withheld."""
        s = self.success_rate
        if s is None:
            return self.withheld_reason or FEW
        return (f"median {fmt.percent(s.median)} ({_calculations(self.calculations)}, "
                f"{_organisations(self.organisations)}; midterste halvdel {fmt.percent(s.p25)}–"
                f"{fmt.percent(s.p75)})")

    def realised_text(self) -> str:
        """"median 18,0 % (3 organisationer)" or the reason it is withheld."""
        s = self.realised_success_rate
        if s is None:
            return self.realised_withheld_reason or FEW
        return f"median {fmt.percent(s.median)} ({_organisations(s.n)})"

    def line(self) -> str:
        """The workbook's line: "Andre kommuner: median 25,0 % (…); realiseret ved opfølgning: …"."""
        return f"Andre kommuner: {self.assumed_text()}; realiseret ved opfølgning: {self.realised_text()}."


FIGURES = (("success_rate", "Antaget succesrate", "percent"),
           ("realised_success_rate", "Realiseret succesrate ved opfølgning", "percent"),
           ("realised_vs_assumed", "Realiseret ÷ antaget", "ratio"),
           ("cost_per_participant", "Nettoomkostning pr. deltager (sagens prisniveau)", "kroner"),
           ("duration_years", "Indsatsens varighed (år)", "years"),
           ("horizon_years", "Tidshorisont (år)", "years"))
"""The rows every table of a :class:`Benchmark` shows: attribute, Danish label, format."""
FIGURE_HEADERS = ("Organisationer", "Median", "25 %-fraktil", "75 %-fraktil", "Lavest", "Højest")
_FORMATS: dict[str, Callable[[float], str]] = {
    "percent": fmt.percent, "ratio": lambda v: fmt.number(v, 2), "kroner": fmt.kroner,
    "years": lambda v: fmt.number(v, 1)}


def figure_rows(b: Benchmark) -> list[tuple[str, list[str] | None]]:
    """(label, cells) per figure, the cells Danish text under :data:`FIGURE_HEADERS`
    (None: withheld). The page and the command line show exactly these."""
    rows: list[tuple[str, list[str] | None]] = []
    for name, label, kind in FIGURES:
        s: Summary | None = getattr(b, name)
        show = _FORMATS[kind]
        rows.append((label, None if s is None else
                     [str(s.n), *(show(v) for v in (s.median, s.p25, s.p75, s.min, s.max))]))
    return rows


def _calculations(n: int) -> str:
    return fmt.count(n, "beregning", "beregninger")


def _organisations(n: int) -> str:
    return fmt.count(n, "organisation", "organisationer")


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{value!r} er ikke et tal")
    return float(value)


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{value!r} er ikke et antal")
    return value


def _summary_from(value: Any) -> Summary | None:
    if value is None:
        return None
    return Summary(_count(value["n"]), *(_number(value[k]) for k in SUMMARY_KEYS[1:]))


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{value!r} er ikke tekst")
    return value[:1000]


def _from_dict(data: Any) -> Benchmark:
    if not isinstance(data, dict):
        raise TypeError("svaret er ikke et JSON-objekt")
    return Benchmark(
        target_group=str(data["target_group"])[:MAX_ID], outcome=_text(data.get("outcome")),
        calculations=_count(data["calculations"]), organisations=_count(data["organisations"]),
        success_rate=_summary_from(data["success_rate"]), withheld_reason=_text(data["withheld_reason"]),
        realised_calculations=_count(data.get("realised_calculations", 0)),
        realised_organisations=_count(data.get("realised_organisations", 0)),
        realised_success_rate=_summary_from(data["realised_success_rate"]),
        realised_withheld_reason=_text(data.get("realised_withheld_reason")),
        **{k: _summary_from(data.get(k)) for k in
           ("realised_vs_assumed", "cost_per_participant", "duration_years", "horizon_years")})


# -- aggregating -------------------------------------------------------------------------------------
class Counted(NamedTuple):
    """One counted calculation: the newest published version of it (a tuple: there may be thousands)."""

    organisation: str
    outcome: str | None
    success_rate: float
    realised: float | None
    cost_per_participant: float | None
    duration_years: int
    horizon_years: int

    @property
    def realised_vs_assumed(self) -> float | None:
        if self.realised is None or self.success_rate <= 0:
            return None
        return self.realised / self.success_rate


@dataclass(frozen=True)
class _Block:
    summary: Summary | None
    calculations: int
    organisations: int
    reason: str | None


def _per_organisation(rows: Iterable[Counted], value: Callable[[Counted], float | None]) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for r in rows:
        v = value(r)
        if v is not None:
            out.setdefault(r.organisation, []).append(float(v))
    return out


def _block(chosen: list[Counted], rest: list[Counted], value: Callable[[Counted], float | None],
           few: str = FEW, empty: str | None = None) -> _Block:
    """One figure over ``chosen``; withheld (with the reason ``few``, or ``empty`` when no
    record has a value) below the threshold or when ``rest`` is too small to stay hidden."""
    per_org = _per_organisation(chosen, value)
    calculations = sum(len(v) for v in per_org.values())
    orgs = len(per_org)
    others = len(_per_organisation(rest, value))
    if orgs < THRESHOLD:
        reason = (f"{few} ({_calculations(calculations)} fra {_organisations(orgs)}; der skal mindst "
                  f"{THRESHOLD} organisationer til)")
        return _Block(None, calculations, orgs, empty if empty and not calculations else reason)
    if 0 < others < THRESHOLD:
        reason = (f"tallene for dette succesmål vises ikke: målgruppens øvrige beregninger kommer fra "
                  f"{_organisations(others)}, og deres tal kunne regnes ud ved at sammenligne med hele "
                  f"målgruppens tal (der skal være 0 eller mindst {THRESHOLD})")
        return _Block(None, calculations, orgs, reason)
    values = [statistics.median(v) for v in per_org.values()]  # an organisation's few values: no numpy
    return _Block(summarise(values), calculations, orgs, None)


def aggregate(target_group: str, outcome: str | None, rows: list[Counted]) -> Benchmark:
    """The :class:`Benchmark` of counted ``rows`` (all of the target group's; ``outcome``
    picks the success measure's and the rest is the complement the rule checks)."""
    chosen = [r for r in rows if outcome is None or r.outcome == outcome]
    rest = [] if outcome is None else [r for r in rows if r.outcome != outcome]
    assumed = _block(chosen, rest, lambda r: r.success_rate)
    realised = _block(chosen, rest, lambda r: r.realised, "for få opfølgninger til at vise tal", NO_FOLLOW_UPS)
    ratio = _block(chosen, rest, lambda r: r.realised_vs_assumed)
    return Benchmark(
        target_group=target_group, outcome=outcome, calculations=len(chosen),
        organisations=len({r.organisation for r in chosen}), success_rate=assumed.summary,
        withheld_reason=assumed.reason, realised_calculations=realised.calculations,
        realised_organisations=realised.organisations, realised_success_rate=realised.summary,
        realised_withheld_reason=realised.reason, realised_vs_assumed=ratio.summary,
        cost_per_participant=_block(chosen, rest, lambda r: r.cost_per_participant).summary,
        duration_years=_block(chosen, rest, lambda r: r.duration_years).summary,
        horizon_years=_block(chosen, rest, lambda r: r.horizon_years).summary)


