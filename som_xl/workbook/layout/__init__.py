"""The layout contract: every sheet, input field, table and output range of the SØM
workbook, declared once.

The template builder places things where this module says; the headless reader/writer
(openpyxl), the Excel entry points (xlwings) and the VBA all find them through the
*defined names* declared here, never through hard-coded addresses. Because Excel moves
a defined name when a user inserts rows, a moved range is still found.

Naming: every defined name starts with ``som_``; lists on the hidden sheet start with
``liste_``. Input names are read by recalculation and never written by it; output
names are written by recalculation and never read as input.

One module per sheet (``indsats``, ``priser``, ``resultater``, ``foelsomhed``,
``opfoelgning``, ``erfaringer``, ``oplaeg``, ``viden``; ``portefoelje`` is the separate
Portefølje workbook), the building blocks in ``spec`` and the drop-down
lists in ``lists``; import the contract as a whole: ``from som_xl.workbook import layout``.
"""

from __future__ import annotations

from som_xl.workbook.layout.erfaringer import (
    BENCHMARK_INFO_ROWS,
    EXPERIENCE_BENCHMARK,
    EXPERIENCE_BENCHMARK_INFO,
    EXPERIENCE_FIELDS,
    EXPERIENCE_RESULTS,
    EXPERIENCE_SEARCH,
    EXPERIENCE_STATUS,
)
from som_xl.workbook.layout.foelsomhed import (
    CHART_TORNADO_ANCHOR,
    MC_BREAK_EVEN,
    MC_DISTRIBUTIONS,
    MC_HISTOGRAM,
    MC_SUMMARY,
    SENS_BREAK_EVEN,
    SENS_NOTES,
    SENSITIVITY,
    SENSITIVITY_FIELDS,
    TORNADO,
)
from som_xl.workbook.layout.indsats import (
    BENCHMARK_LINE,
    COHORTS,
    COSTS,
    SETTINGS,
    SETTINGS_FIELDS,
)
from som_xl.workbook.layout.lists import (
    LIST_ROWS,
    LISTS,
    LISTS_BLOCK,
    NO,
    YES,
    list_ref,
)
from som_xl.workbook.layout.opfoelgning import (
    ACTUALS,
    FOLLOW_UP_CHART_ANCHOR,
    FOLLOW_UP_COMPARISON,
    FOLLOW_UP_KEY_FIGURES,
    FOLLOW_UP_ROWS,
    FOLLOW_UP_STATUS,
    FOLLOW_UP_YEARS,
)
from som_xl.workbook.layout.oplaeg import (
    OPLAEG_BLOCK,
    OPLAEG_CHART_ROWS,
    OPLAEG_COLUMNS,
    OPLAEG_LAST_ROW,
    OPLAEG_PAGE_BREAK_AFTER,
    OPLAEG_PARTS,
    OPLAEG_SECTIONS,
    OplaegSection,
    oplaeg_part,
    oplaeg_section,
)
from som_xl.workbook.layout.priser import (
    CONSEQUENCES,
    LOCAL_PRICES,
    OWN_ITEMS,
    PRICES_IN_USE,
    PROFILE_YEARS,
)
from som_xl.workbook.layout.resultater import (
    ACTOR_HEADERS,
    AREAS,
    CHART_CDN_ANCHOR,
    CHART_NET_ANCHOR,
    FINGERPRINT_LABEL,
    GROUNDS,
    HEADLINE,
    ITEMS,
    KEY_FIGURE_ROWS,
    KEY_FIGURES,
    KEY_WIDTH,
    MESSAGES,
    PROVENANCE,
    PROVENANCE_NOTE_ROW,
    STATUS,
    YEAR_COLUMNS,
    YEARS,
)
from som_xl.workbook.layout.spec import (
    ERFARINGER,
    FOELSOMHED,
    FORSIDE,
    HIDDEN_SHEETS,
    INDSATS,
    INT,
    KONSEKVENSER,
    LIST,
    LISTER,
    MONEY,
    NUMBER,
    OPFOELGNING,
    OPLAEG,
    PERCENT,
    PRISER,
    RESULTATER,
    SHEET_ORDER,
    TEXT,
    VIDEN,
    XLWINGS_CONF,
    YEAR,
    Block,
    Column,
    Field,
    column_index,
    get_column_letter,
)
from som_xl.workbook.layout.viden import (
    KNOWLEDGE_VIEW,
    VERSIONS,
    XLWINGS_CONF_ROWS,
)

FOLLOW_UP_OUTPUTS = (FOLLOW_UP_STATUS, FOLLOW_UP_KEY_FIGURES, FOLLOW_UP_COMPARISON, FOLLOW_UP_YEARS)
INPUT_BLOCKS = (SETTINGS, COHORTS, COSTS, CONSEQUENCES, LOCAL_PRICES, OWN_ITEMS, SENSITIVITY, EXPERIENCE_SEARCH,
                ACTUALS)
SENSITIVITY_OUTPUTS = (SENS_BREAK_EVEN, SENS_NOTES, TORNADO, MC_SUMMARY, MC_DISTRIBUTIONS, MC_HISTOGRAM,
                       MC_BREAK_EVEN)
OUTPUT_BLOCKS = (PRICES_IN_USE, STATUS, HEADLINE, GROUNDS, KEY_FIGURES, MESSAGES, YEARS, AREAS, ITEMS, PROVENANCE,
                 KNOWLEDGE_VIEW, VERSIONS, EXPERIENCE_STATUS, EXPERIENCE_RESULTS, LISTS_BLOCK,
                 BENCHMARK_LINE, EXPERIENCE_BENCHMARK_INFO, EXPERIENCE_BENCHMARK,
                 *SENSITIVITY_OUTPUTS, OPLAEG_BLOCK, *FOLLOW_UP_OUTPUTS)
ALL_BLOCKS = INPUT_BLOCKS + OUTPUT_BLOCKS


def field_by_key(key: str) -> Field:
    return next(f for f in SETTINGS_FIELDS if f.key == key)


FIELD_BLOCKS = (SETTINGS, SENSITIVITY, EXPERIENCE_SEARCH)


def field_block(f: Field) -> Block:
    return next(b for b in FIELD_BLOCKS if f in b.fields)


def field_cell(f: Field) -> tuple[int, int]:
    """(row, column) of a settings field in the template."""
    block = field_block(f)
    return block.first_row + block.fields.index(f), block.first_col


def defined_names() -> dict[str, str]:
    """Every defined name of the workbook → its destination in the template."""
    names = {b.name: b.destination for b in ALL_BLOCKS}
    for block in FIELD_BLOCKS:
        for f in block.fields:
            row, col = field_cell(f)
            names[f.name] = f"'{block.sheet}'!${get_column_letter(col)}${row}"
    for name in LISTS:
        names[name] = list_ref(name)
    return names

__all__ = [
    "ACTUALS",
    "BENCHMARK_INFO_ROWS",
    "BENCHMARK_LINE",
    "EXPERIENCE_BENCHMARK",
    "EXPERIENCE_BENCHMARK_INFO",
    "FOLLOW_UP_CHART_ANCHOR",
    "FOLLOW_UP_COMPARISON",
    "FOLLOW_UP_KEY_FIGURES",
    "FOLLOW_UP_OUTPUTS",
    "FOLLOW_UP_ROWS",
    "FOLLOW_UP_STATUS",
    "FOLLOW_UP_YEARS",
    "OPFOELGNING",
    "ACTOR_HEADERS",
    "ALL_BLOCKS",
    "AREAS",
    "Block",
    "CHART_CDN_ANCHOR",
    "CHART_NET_ANCHOR",
    "CHART_TORNADO_ANCHOR",
    "COHORTS",
    "CONSEQUENCES",
    "COSTS",
    "Column",
    "ERFARINGER",
    "EXPERIENCE_FIELDS",
    "EXPERIENCE_RESULTS",
    "EXPERIENCE_SEARCH",
    "EXPERIENCE_STATUS",
    "FIELD_BLOCKS",
    "FOELSOMHED",
    "FORSIDE",
    "Field",
    "GROUNDS",
    "HEADLINE",
    "HIDDEN_SHEETS",
    "INDSATS",
    "INPUT_BLOCKS",
    "INT",
    "ITEMS",
    "KEY_FIGURES",
    "KEY_FIGURE_ROWS",
    "KNOWLEDGE_VIEW",
    "KONSEKVENSER",
    "LIST",
    "LISTER",
    "LISTS",
    "LISTS_BLOCK",
    "LIST_ROWS",
    "LOCAL_PRICES",
    "MC_BREAK_EVEN",
    "MC_DISTRIBUTIONS",
    "MC_HISTOGRAM",
    "MC_SUMMARY",
    "MESSAGES",
    "KEY_WIDTH",
    "MONEY",
    "NO",
    "NUMBER",
    "OPLAEG",
    "OPLAEG_BLOCK",
    "OPLAEG_CHART_ROWS",
    "OPLAEG_COLUMNS",
    "OPLAEG_LAST_ROW",
    "OPLAEG_PAGE_BREAK_AFTER",
    "OPLAEG_PARTS",
    "OPLAEG_SECTIONS",
    "OUTPUT_BLOCKS",
    "OWN_ITEMS",
    "OplaegSection",
    "PERCENT",
    "PRICES_IN_USE",
    "PRISER",
    "PROFILE_YEARS",
    "PROVENANCE",
    "PROVENANCE_NOTE_ROW",
    "FINGERPRINT_LABEL",
    "RESULTATER",
    "SENSITIVITY",
    "SENSITIVITY_FIELDS",
    "SENSITIVITY_OUTPUTS",
    "SENS_BREAK_EVEN",
    "SENS_NOTES",
    "SETTINGS",
    "SETTINGS_FIELDS",
    "SHEET_ORDER",
    "STATUS",
    "TEXT",
    "TORNADO",
    "VERSIONS",
    "VIDEN",
    "XLWINGS_CONF",
    "XLWINGS_CONF_ROWS",
    "YEAR",
    "YEARS",
    "YEAR_COLUMNS",
    "YES",
    "column_index",
    "defined_names",
    "field_block",
    "field_by_key",
    "field_cell",
    "get_column_letter",
    "list_ref",
    "oplaeg_part",
    "oplaeg_section",
]
