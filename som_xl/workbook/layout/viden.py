"""The Viden view and the versions on Forside (outputs), and the hidden xlwings.conf sheet."""

from __future__ import annotations

from som_xl.workbook.layout.spec import FORSIDE, VIDEN, Block, Column

# Viden and Forside (outputs), and the hidden xlwings.conf.

KNOWLEDGE_VIEW = Block("som_viden", VIDEN, first_row=4, first_col=1, rows=200, output=True,
                       columns=tuple(Column(f"c{i}", "", width=w) for i, w in
                                     enumerate((30, 34, 12, 14, 12, 12, 12, 60, 12, 12))),
                       title="Viden for den valgte målgruppe (skrivebeskyttet visning)")
VERSIONS = Block("som_versioner", FORSIDE, first_row=16, first_col=3, rows=3, output=True,
                 columns=(Column("value", "Version", width=60),))

XLWINGS_CONF_ROWS = (
    # xlwings reads these key/value pairs, and a key present here overrides the user's
    # own xlwings.conf even when empty (GetConfig in xlwings.bas). So nothing
    # machine-specific is listed: the interpreter comes from the user's config, written
    # by `som-xl excel-setup --write`, and a mailed workbook works on any machine.
    ("UDF Modules", "som_xl.excel.udfs"),
    ("Debug UDFs", False),
    # Windows: RunPython runs in the Python that serves the worksheet functions (xlwings'
    # UDF server), so only the first press of Beregn pays for starting Python and importing
    # som_xl. macOS has no UDF server: xlwings.bas's RunPython takes its Mac branch
    # (ExecuteMac, a fresh Python per press) before it looks at this key.
    ("Use UDF Server", True),
    ("Show Console", False),
)
