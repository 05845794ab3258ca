"""SØM's worksheet functions as data: SOM_PRIS, SOM_KONSEKVENS, SOM_NUTIDSVAERDI,
SOM_BREAKEVEN, SOM_VIDEN and SOM_BEREGN.

Each :class:`UdfSpec` holds the function's name, its Danish description, its arguments
(name, Danish help, xlwings converter options, optional or not) and its body. The desktop
xlwings UDFs (:mod:`som_xl.excel.udfs`) and the Office add-in's custom functions
(:mod:`som_xl.addin.functions`) are both made from :data:`UDF_SPECS`, so a text or an
argument is written once. The texts are Danish because Excel's Function Wizard shows them
(Excel cuts them at 255 characters; a test keeps them shorter). Argument names are ASCII
(``maalgruppe``, ``aar``) because xlwings turns them into VBA parameter names.

A body converts its arguments (:mod:`som_xl.service.udf_convert`), calls the engine or the
knowledge (:mod:`som_xl.service.udf_engine`) and converts the result; :func:`guarded`
turns any error into ``#SØM: <grund>`` text, so a bad argument never raises into Excel.
The knowledge package is loaded once per process (``load_knowledge`` caches it).
"""

from __future__ import annotations

import inspect
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from som_xl.errors import InputError
from som_xl.knowledge import Knowledge, load_knowledge
from som_xl.service import udf_convert as C
from som_xl.service import udf_engine as F

CATEGORY = "SØM"
"""The Function Wizard's category of every SØM function."""
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ArgSpec:
    """One argument: its (ASCII) name, Danish help, and xlwings converter options."""

    name: str
    doc: str
    optional: bool = False
    options: dict[str, Any] = field(default_factory=lambda: {"err_to_str": True})
    """xlwings converter options (``ndim=2`` for a range, ``err_to_str=True`` always)."""


@dataclass(frozen=True)
class UdfSpec:
    """One worksheet function: the desktop name (``SOM_PRIS``), its Danish description, its
    arguments, and its body (plain values in, a cell value or a table out)."""

    id: str
    description: str
    args: tuple[ArgSpec, ...]
    body: Callable[..., Any]

    def signature(self) -> inspect.Signature:
        """``(vare, aktoer=None, prisaar=None)``: what xlwings reads to make the VBA function."""
        kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
        return inspect.Signature([inspect.Parameter(a.name, kind, default=None) if a.optional
                                  else inspect.Parameter(a.name, kind) for a in self.args])


def _range(name: str, doc: str, optional: bool = False) -> ArgSpec:
    """A range argument (a list of lists, even for one cell)."""
    return ArgSpec(name, doc, optional, {"ndim": 2, "err_to_str": True})


def _knowledge() -> Knowledge:
    return load_knowledge()


def guarded(spec: UdfSpec) -> Callable[..., Any]:
    """``spec``'s body, turning any exception into ``#SØM: …`` text in the cell (the
    traceback only with SOM_XL_DEBUG)."""
    body = spec.body

    def call(*args: Any) -> Any:
        try:
            return body(*args)
        except C.UdfError as exc:
            return C.error_text(str(exc))
        except Exception as exc:  # noqa: BLE001 - a worksheet function must never raise into Excel
            if isinstance(exc, InputError) and exc.problems:
                return C.error_text(exc.problems[0].message)
            if os.environ.get("SOM_XL_DEBUG"):
                log.exception("SØM-funktionen %s fejlede", spec.id)
            return C.error_text(f"intern fejl ({type(exc).__name__}: {exc})")

    call.__name__ = call.__qualname__ = spec.id
    call.__doc__ = spec.description
    call.__signature__ = spec.signature()  # type: ignore[attr-defined]
    return call


def case_path(value: Any) -> str | None:
    """The case-file path when ``value`` is one cell of text ending in ``.json``."""
    cells = C.cells(value)
    text = cells[0] if len(cells) == 1 else None
    return text.strip() if isinstance(text, str) and text.strip().lower().endswith(".json") else None


def _pris(vare: Any, aktoer: Any = None, prisaar: Any = None) -> Any:
    args = C.text(vare, "vare"), C.text(aktoer, "aktør"), C.integer(prisaar, "prisår")
    return C.out_number(F.price(_knowledge(), *args))


def _konsekvens(maalgruppe: Any, vare: Any, aar: Any, succesmaal: Any = None) -> Any:
    year = C.integer(aar, "år", lo=0, hi=70)
    if year is None:
        raise C.UdfError("år skal udfyldes")
    return C.out_number(F.consequence(_knowledge(), C.text(maalgruppe, "målgruppe"), C.text(vare, "vare"), year,
                                      C.text(succesmaal, "succesmål")))


def _nutidsvaerdi(beloeb: Any, rente: Any = None, startaar: Any = None) -> Any:
    start = C.integer(startaar, "startår", default=0, lo=0, hi=70) or 0
    return C.out_number(F.present_value(_knowledge(), C.numbers(beloeb, "beløb"), C.rate(rente), start))


def _breakeven(omkostninger: Any, gevinster_ved_fuld_succes: Any, rente: Any = None) -> Any:
    args = (C.numbers(omkostninger, "omkostninger"), C.numbers(gevinster_ved_fuld_succes, "gevinster"),
            C.rate(rente))
    return C.out_number(F.break_even(_knowledge(), *args))


def _viden(maalgruppe: Any, succesmaal: Any = None, prisaar: Any = None) -> Any:
    args = C.text(maalgruppe, "målgruppe"), C.text(succesmaal, "succesmål"), C.integer(prisaar, "prisår")
    return C.out_table(F.knowledge_table(_knowledge(), *args))


def _beregn(indstillinger: Any, kohorter: Any = None, omkostninger: Any = None, konsekvenser: Any = None,
            lokale_priser: Any = None, egne_varer: Any = None) -> Any:
    path = case_path(indstillinger)
    table = (F.key_figures_from_file(_knowledge(), path) if path else F.key_figures_from_ranges(
        _knowledge(), indstillinger, kohorter, omkostninger, konsekvenser, lokale_priser, egne_varer))
    return C.out_table(table)


_VARE = "Varens id eller navn fra vidensdatabasen, fx \"forsorgshjem_110\"."
_MAALGRUPPE = "Målgruppens id eller navn, fx \"hjemloese_voksne\" eller \"Voksne i hjemløshed\"."
_SUCCESMAAL = "Valgfrit succesmål (id eller navn). Tom: målgruppens første."
_RENTE = ("Valgfri fast diskonteringsrente som brøk (0,035) eller procent (3,5 %). Tom: "
          "Finansministeriets rente (3,5 % år 0-35, 2,5 % år 36-70).")

UDF_SPECS: tuple[UdfSpec, ...] = (
    UdfSpec("SOM_PRIS", "Pris pr. enhed (kr., netto offentlige udgifter) for en vare i den indlæste videnspakke "
            "(ikke SØM's officielle vidensdatabase), fremskrevet med varens indeks til prisniveauet. Aktør: "
            "kommune, region, stat eller i alt.", (
                ArgSpec("vare", _VARE),
                ArgSpec("aktoer", "Valgfri aktør: kommune, region, stat eller i alt (standard: i alt).", True),
                ArgSpec("prisaar", "Valgfrit prisniveau (år i nettoprisindekset). Tom: seneste indeksår.", True)),
            _pris),
    UdfSpec("SOM_KONSEKVENS", "Ændringen i forbruget af en vare pr. borger med succes, et antal år efter "
            "succesåret, ifølge vidensdatabasen (negativ = mindre forbrug). 0, hvis målgruppen ikke har en linje "
            "for varen.", (
                ArgSpec("maalgruppe", _MAALGRUPPE),
                ArgSpec("vare", _VARE),
                ArgSpec("aar", "År efter succes: 0 er succesåret, 1 året efter osv. (0-70)."),
                ArgSpec("succesmaal", _SUCCESMAAL, True)),
            _konsekvens),
    UdfSpec("SOM_NUTIDSVAERDI", "Nutidsværdien af årlige beløb. År 0 diskonteres ikke (som =B1+NPV(r;B2:Bn)). "
            "Uden rente bruges Finansministeriets diskonteringsrente fra vidensdatabasen.", (
                _range("beloeb", "Én række eller kolonne med årlige beløb; det første beløb falder i startåret. "
                       "Tomme celler tæller som 0."),
                ArgSpec("rente", _RENTE, True),
                ArgSpec("startaar", "Valgfrit år-indeks for det første beløb (0 = basisåret, som ikke "
                        "diskonteres). Standard 0.", True)),
            _nutidsvaerdi),
    UdfSpec("SOM_BREAKEVEN", "Break-even-succesraten: den andel af deltagerne, der skal have succes, for at "
            "gevinsterne dækker omkostningerne (nutidsværdi af omkostninger / nutidsværdi af gevinster ved fuld "
            "succes).", (
                _range("omkostninger", "Én række eller kolonne med årlige omkostninger fra år 0 (kr.)."),
                _range("gevinster_ved_fuld_succes",
                       "Årlige gevinster fra år 0, hvis alle deltagere fik succes (succesrate 100 %)."),
                ArgSpec("rente", _RENTE, True)),
            _breakeven),
    UdfSpec("SOM_VIDEN", "Vidensdatabasens viden om en målgruppe som tabel: succesmål, effekter, konsekvenser og "
            "priser med kilde, kvalitet og prisår (samme visning som arket Viden). Spildes som dynamisk matrix.", (
                ArgSpec("maalgruppe", _MAALGRUPPE),
                ArgSpec("succesmaal", _SUCCESMAAL, True),
                ArgSpec("prisaar", "Valgfrit prisniveau for priserne. Tom: seneste år i nettoprisindekset.", True)),
            _viden),
    UdfSpec("SOM_BEREGN", "Beregner casen og returnerer nøgletallene (nutidsværdier, break-even m.m.) for kommune, "
            "region, stat og i alt som tabel. Input er områder formet som arkene Indsats, Konsekvenser og Priser.", (
                _range("indstillinger", "Indstillingerne som på arket Indsats (fx som_indstillinger), to kolonner "
                       "navn/værdi, eller en sti til en case-fil (.json)."),
                _range("kohorter", "Deltagere: kolonnerne Startår og Deltagere (fx som_kohorter).", True),
                _range("omkostninger", "Omkostninger med kolonnerne fra arket Indsats (fx som_omkostninger).", True),
                _range("konsekvenser", "Valgfri: konsekvenslinjer som på arket Konsekvenser (fx som_konsekvenser). "
                       "Tom: målgruppens linjer.", True),
                _range("lokale_priser", "Valgfri: lokale priser som på arket Priser (fx som_lokale_priser).", True),
                _range("egne_varer", "Valgfri: egne varer som på arket Priser (fx som_egne_varer).", True)),
            _beregn),
)
"""Every worksheet function, in the order the documentation lists them."""
