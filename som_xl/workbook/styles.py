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

NUMBER_FORMATS = {
    L.MONEY: "#,##0",
    L.PERCENT: "0.0%",
    L.YEAR: "0",
    L.INT: "#,##0",
    L.NUMBER: "#,##0.00",
}
