"""SØM's worksheet functions (xlwings UDFs): SOM_PRIS, SOM_KONSEKVENS, SOM_NUTIDSVAERDI,
SOM_BREAKEVEN, SOM_VIDEN and SOM_BEREGN.

Each function is a three-line wrapper: convert the arguments (:mod:`som_xl.excel.convert`),
call the engine or the knowledge (:mod:`som_xl.excel.functions`), convert the result.
The docstrings and the ``doc=`` of each argument are Danish because Excel's Function
Wizard shows them (Excel cuts both at 255 characters; a test keeps them shorter).
Argument names are ASCII (``maalgruppe``, ``aar``) because xlwings turns them into VBA
parameter names. A bad argument never raises: the cell shows ``#SØM: <grund>``.

Tables are returned as lists of lists and spill as native dynamic arrays (Microsoft
365 / Excel 2021+); older Excel shows only the top-left value unless the formula is
entered as an array formula over a large enough range.

The knowledge package is loaded once per process (``load_knowledge`` caches it and
reloads only when its files change). Listed in the workbook's ``xlwings.conf`` sheet
as ``UDF Modules = som_xl.excel.udfs``; the ribbon's "Importér funktioner" imports them.
"""

from __future__ import annotations

import functools
import logging
import os

import xlwings as xw

from som_xl.excel import convert as C
from som_xl.excel import functions as F

CATEGORY = "SØM"
log = logging.getLogger(__name__)


def _knowledge():
    from som_xl.knowledge import load_knowledge

    return load_knowledge()


def _guard(fn):
    """Turn any exception into ``#SØM: …`` text in the cell (traceback only with SOM_XL_DEBUG)."""

    @functools.wraps(fn)
    def wrapper(*args):
        try:
            return fn(*args)
        except C.UdfError as exc:
            return C.error_text(str(exc))
        except Exception as exc:  # noqa: BLE001 - a UDF must never raise into Excel
            from som_xl.errors import InputError

            if isinstance(exc, InputError) and exc.problems:
                return C.error_text(exc.problems[0].message)
            if os.environ.get("SOM_XL_DEBUG"):
                log.exception("SØM-funktionen %s fejlede", fn.__name__)
            return C.error_text(f"intern fejl ({type(exc).__name__}: {exc})")

    return wrapper


_VARE = "Varens id eller navn fra vidensdatabasen, fx \"forsorgshjem_110\"."
_MAALGRUPPE = "Målgruppens id eller navn, fx \"hjemloese_voksne\" eller \"Voksne i hjemløshed\"."
_RENTE = ("Valgfri fast diskonteringsrente som brøk (0,035) eller procent (3,5 %). Tom: "
          "Finansministeriets rente (3,5 % år 0-35, 2,5 % år 36-70).")


@xw.func(category=CATEGORY)
@xw.arg("vare", err_to_str=True, doc=_VARE)
@xw.arg("aktoer", err_to_str=True, doc="Valgfri aktør: kommune, region, stat eller i alt (standard: i alt).")
@xw.arg("prisaar", err_to_str=True, doc="Valgfrit prisniveau (år i nettoprisindekset). Tom: seneste indeksår.")
@_guard
def SOM_PRIS(vare, aktoer=None, prisaar=None):
    """Pris pr. enhed (kr., netto offentlige udgifter) for en vare i den indlæste videnspakke (ikke SØM's officielle vidensdatabase), fremskrevet med varens indeks til prisniveauet. Aktør: kommune, region, stat eller i alt."""
    args = C.text(vare, "vare"), C.text(aktoer, "aktør"), C.integer(prisaar, "prisår")
    value = F.price(_knowledge(), *args)
    return C.out_number(value)


@xw.func(category=CATEGORY)
@xw.arg("maalgruppe", err_to_str=True, doc=_MAALGRUPPE)
@xw.arg("vare", err_to_str=True, doc=_VARE)
@xw.arg("aar", err_to_str=True, doc="År efter succes: 0 er succesåret, 1 året efter osv. (0-70).")
@xw.arg("succesmaal", err_to_str=True, doc="Valgfrit succesmål (id eller navn). Tom: målgruppens første.")
@_guard
def SOM_KONSEKVENS(maalgruppe, vare, aar, succesmaal=None):
    """Ændringen i forbruget af en vare pr. borger med succes, et antal år efter succesåret, ifølge vidensdatabasen (negativ = mindre forbrug). 0, hvis målgruppen ikke har en linje for varen."""
    args = (C.text(maalgruppe, "målgruppe"), C.text(vare, "vare"), C.integer(aar, "år", lo=0, hi=70),
            C.text(succesmaal, "succesmål"))
    return C.out_number(F.consequence(_knowledge(), *args))


@xw.func(category=CATEGORY)
@xw.arg("beloeb", ndim=2, err_to_str=True,
        doc="Én række eller kolonne med årlige beløb; det første beløb falder i startåret. Tomme celler tæller som 0.")
@xw.arg("rente", err_to_str=True, doc=_RENTE)
@xw.arg("startaar", err_to_str=True,
        doc="Valgfrit år-indeks for det første beløb (0 = basisåret, som ikke diskonteres). Standard 0.")
@_guard
def SOM_NUTIDSVAERDI(beloeb, rente=None, startaar=None):
    """Nutidsværdien af årlige beløb. År 0 diskonteres ikke (som =B1+NPV(r;B2:Bn)). Uden rente bruges Finansministeriets diskonteringsrente fra vidensdatabasen."""
    args = C.numbers(beloeb, "beløb"), C.rate(rente), C.integer(startaar, "startår", default=0, lo=0, hi=70)
    value = F.present_value(_knowledge(), *args)
    return C.out_number(value)


@xw.func(category=CATEGORY)
@xw.arg("omkostninger", ndim=2, err_to_str=True,
        doc="Én række eller kolonne med årlige omkostninger fra år 0 (kr.).")
@xw.arg("gevinster_ved_fuld_succes", ndim=2, err_to_str=True,
        doc="Årlige gevinster fra år 0, hvis alle deltagere fik succes (succesrate 100 %).")
@xw.arg("rente", err_to_str=True, doc=_RENTE)
@_guard
def SOM_BREAKEVEN(omkostninger, gevinster_ved_fuld_succes, rente=None):
    """Break-even-succesraten: den andel af deltagerne, der skal have succes, for at gevinsterne dækker omkostningerne (nutidsværdi af omkostninger / nutidsværdi af gevinster ved fuld succes)."""
    args = (C.numbers(omkostninger, "omkostninger"), C.numbers(gevinster_ved_fuld_succes, "gevinster"),
            C.rate(rente))
    return C.out_number(F.break_even(_knowledge(), *args))


@xw.func(category=CATEGORY)
@xw.arg("maalgruppe", err_to_str=True, doc=_MAALGRUPPE)
@xw.arg("succesmaal", err_to_str=True, doc="Valgfrit succesmål (id eller navn). Tom: målgruppens første.")
@xw.arg("prisaar", err_to_str=True, doc="Valgfrit prisniveau for priserne. Tom: seneste år i nettoprisindekset.")
@_guard
def SOM_VIDEN(maalgruppe, succesmaal=None, prisaar=None):
    """Vidensdatabasens viden om en målgruppe som tabel: succesmål, effekter, konsekvenser og priser med kilde, kvalitet og prisår (samme visning som arket Viden). Spildes som dynamisk matrix."""
    args = C.text(maalgruppe, "målgruppe"), C.text(succesmaal, "succesmål"), C.integer(prisaar, "prisår")
    table = F.knowledge_table(_knowledge(), *args)
    return C.out_table(table)


@xw.func(category=CATEGORY)
@xw.arg("indstillinger", ndim=2, err_to_str=True,
        doc="Indstillingerne som på arket Indsats (fx som_indstillinger), to kolonner navn/værdi, "
            "eller en sti til en case-fil (.json).")
@xw.arg("kohorter", ndim=2, err_to_str=True, doc="Deltagere: kolonnerne Startår og Deltagere (fx som_kohorter).")
@xw.arg("omkostninger", ndim=2, err_to_str=True,
        doc="Omkostninger med kolonnerne fra arket Indsats (fx som_omkostninger).")
@xw.arg("konsekvenser", ndim=2, err_to_str=True,
        doc="Valgfri: konsekvenslinjer som på arket Konsekvenser (fx som_konsekvenser). Tom: målgruppens linjer.")
@xw.arg("lokale_priser", ndim=2, err_to_str=True,
        doc="Valgfri: lokale priser som på arket Priser (fx som_lokale_priser).")
@xw.arg("egne_varer", ndim=2, err_to_str=True, doc="Valgfri: egne varer som på arket Priser (fx som_egne_varer).")
@_guard
def SOM_BEREGN(indstillinger, kohorter=None, omkostninger=None, konsekvenser=None, lokale_priser=None,
               egne_varer=None):
    """Beregner casen og returnerer nøgletallene (nutidsværdier, break-even m.m.) for kommune, region, stat og i alt som tabel. Input er områder formet som arkene Indsats, Konsekvenser og Priser."""
    path = _case_path(indstillinger)
    table = (F.key_figures_from_file(_knowledge(), path) if path else F.key_figures_from_ranges(
        _knowledge(), indstillinger, kohorter, omkostninger, konsekvenser, lokale_priser, egne_varer))
    return C.out_table(table)


def _case_path(value) -> str | None:
    """The case-file path when ``value`` is one cell of text ending in ``.json``."""
    cells = C.cells(value)
    text = cells[0] if len(cells) == 1 else None
    return text.strip() if isinstance(text, str) and text.strip().lower().endswith(".json") else None


UDFS = (SOM_PRIS, SOM_KONSEKVENS, SOM_NUTIDSVAERDI, SOM_BREAKEVEN, SOM_VIDEN, SOM_BEREGN)
"""Every worksheet function of this module, in the order the documentation lists them."""
