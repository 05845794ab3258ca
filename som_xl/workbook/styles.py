"""Cell styles of the SØM workbook: inputs look like inputs, outputs like outputs."""

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from som_xl.workbook import layout as L

INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # pale yellow: type here
OUTPUT_FILL = PatternFill("solid", fgColor="EEF3F8")  # pale blue: computed
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
LOCAL_FILL = PatternFill("solid", fgColor="F8CBAD")  # orange: a local price override
THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TITLE_FONT = Font(size=16, bold=True, color="1F4E79")
SECTION_FONT = Font(size=12, bold=True, color="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HELP_FONT = Font(italic=True, color="595959", size=9)
LABEL_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
WRAP_LEFT = Alignment(wrap_text=True, vertical="top", horizontal="left")
"""Wrapped and on the left, numbers too (a price year among provenance texts)."""

DANISH = "[$-406]"
"""The Danish locale in a number format: LibreOffice then writes 250.000 and 25,0 % whatever
the machine's language (Excel keeps the user's own separators, Danish on a Danish PC)."""
AMOUNT = DANISH + "#,##0"
PERCENT = DANISH + "0.0 %"
DECIMAL = DANISH + "#,##0.00"
NUMBER_FORMATS = {
    L.MONEY: AMOUNT,
    L.PERCENT: PERCENT,
    L.YEAR: "0",
    L.INT: AMOUNT,
    L.NUMBER: DECIMAL,
}
