"""The decision report's sentence on other municipalities (issue 25): the case's success
rate and its break-even success rate placed against what others assumed and what they
realised at follow-up, as the workbook last fetched them ('Søg erfaringer').

It says no more than the stored figures hold: nothing fetched, figures withheld (fewer
than three organisations), or fetched for another target group are each said as such.
The stored figures are read by attribute (:class:`Stored`), so this room does not import
the experience room or the workbook.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from som_xl import fmt
from som_xl.case.text import break_even_rate_text
from som_xl.core.entities import TOTAL_INDEX

if TYPE_CHECKING:
    from som_xl.case import Computation

NOT_FETCHED = ("Andre kommuners succesrater er ikke hentet ('Søg erfaringer' i projektmappen henter dem fra "
               "erfaringsdatabasen på nettet), så beregningens succesrate er ikke sammenlignet med andres.")
PREFIX = "Andre kommuner: "


class Stored(Protocol):
    """What the workbook keeps of the last fetch (``som_xl.workbook.benchmark_sheet.StoredBenchmark``)."""

    @property
    def line(self) -> str: ...

    @property
    def benchmark(self) -> Any:
        """A ``som_xl.experience.benchmark_figures.Benchmark``, or None."""

    @property
    def fetched(self) -> str: ...

    @property
    def source(self) -> str: ...


def _organisations(n: int) -> str:
    return fmt.count(n, "organisation", "organisationer")


def _assumed(rate: float, b: Any) -> str:
    s = b.success_rate
    position = "under" if rate < s.p25 else "over" if rate > s.p75 else "inden for"
    return (f"Beregningens succesrate på {fmt.percent(rate)} ligger {position} den midterste halvdel af andre "
            f"kommuners antagelser ({fmt.percent(s.p25)}–{fmt.percent(s.p75)}, median {fmt.percent(s.median)}; "
            f"{fmt.count(b.calculations, 'beregning', 'beregninger')} fra {_organisations(b.organisations)})")


def _break_even(comp: Computation, b: Any) -> str:
    r = comp.results
    rate = r.break_even_success_rate[TOTAL_INDEX]
    realised = b.realised_success_rate
    if rate is None:
        first = f"break-even-succesraten i alt er {break_even_rate_text(r, TOTAL_INDEX)}"
    else:
        first = f"indsatsen betaler sig i alt ved en succesrate på {fmt.percent(rate)}"
    if realised is None:
        return f"{first}; realiserede succesrater fra opfølgning vises ikke: {b.realised_withheld_reason}"
    if rate is None:
        return (f"{first}; andre har realiseret median {fmt.percent(realised.median)} ved opfølgning "
                f"({_organisations(realised.n)})")
    relation = "under" if rate < realised.median else "over" if rate > realised.median else "lig med"
    return (f"{first}, som er {relation} medianen af, hvad andre har realiseret ved opfølgning "
            f"({fmt.percent(realised.median)}; {_organisations(realised.n)})")


def others_sentence(comp: Computation, stored: Stored | None) -> str:
    """The sentence for ``comp`` given what the workbook ``stored`` (None: nothing)."""
    b = stored.benchmark if stored is not None else None
    if stored is None or b is None:
        if stored is not None and stored.line.startswith(PREFIX) and "kunne ikke hentes" in stored.line:
            return fmt.full_stop(f"Andre kommuners succesrater er ikke hentet: {stored.line.removeprefix(PREFIX)}")
        return NOT_FETCHED
    case = comp.case
    if b.target_group != case.target_group or b.outcome not in (None, case.effect.outcome):
        return (f"Andre kommuners tal i projektmappen er hentet for en anden målgruppe eller et andet succesmål "
                f"({b.target_group}); tryk 'Søg erfaringer' igen for at sammenligne med denne beregning.")
    source = f" – hentet {stored.fetched} fra {stored.source}" if stored.source else ""
    if b.success_rate is None:
        return fmt.full_stop(f"Andre kommuners succesrater for målgruppen vises ikke: {b.withheld_reason}{source}")
    return fmt.full_stop(f"{_assumed(comp.results.success_rate, b)}; {_break_even(comp, b)}{source}")
