"""The decision report as Markdown, for pasting into a committee document.

Exactly the texts of the Oplæg sheet (:meth:`Document.strings`), laid out with
Markdown headings, paragraphs and pipe tables; only ``|`` is escaped in table cells.
"""

from __future__ import annotations

from som_xl.report.document import Document, Table


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _table(table: Table) -> list[str]:
    width = len(table.headers)
    lines = ["| " + " | ".join(_cell(h) for h in table.headers) + " |",
             "|" + "|".join("---" if j == 0 else "--:" if _numeric(table, j) else "---" for j in range(width)) + "|"]
    for row in table.rows:
        cells = list(row) + [""] * (width - len(row))
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return lines


def _numeric(table: Table, j: int) -> bool:
    """Right-align a column whose cells all end in kr. or % (or are blank/dashes)."""
    cells = [row[j] for row in table.rows if j < len(row) and row[j] not in ("", "–")]
    return bool(cells) and all(c.endswith(("kr.", "%")) for c in cells)


def to_markdown(doc: Document) -> str:
    """Markdown text of ``doc`` (UTF-8, ending in a newline)."""
    out = [f"# {doc.title}", "", doc.subtitle, ""]
    for s in doc.sections:
        out += [f"## {s.title}", ""]
        for p in s.paragraphs:
            if p:
                out += [p, ""]
        if s.table is not None:
            out += _table(s.table) + [""]
    return "\n".join(out).rstrip("\n") + "\n"
