"""The decision report as Markdown, for pasting into a committee document.

Exactly the texts of the Oplæg sheet (:meth:`Document.strings`), laid out with Markdown
headings, paragraphs and pipe tables; where the sheet has a chart, its numbers as a table.
Every text is escaped (:func:`escape`): titles, descriptions, names and sources come from
files other people wrote, and must not become headings, HTML, links, images, lists or
code when the Markdown is rendered.
"""

from __future__ import annotations

import re

from som_xl.report.document import Document, Table

_SPECIAL = re.compile(r"([\\`*_\[\]<>|!~&])")
"""Characters that start inline Markdown or HTML anywhere in a line (CommonMark escapes)."""
_URL = re.compile(r"(?i)\b(https?|ftp|file|mailto|javascript|data)(:)")
_WWW = re.compile(r"(?i)\bwww\.")
_BLOCK = re.compile(r"^(?:#{1,6}|[-+]|\d{1,9}[.)])(?=\s|$)|^[-=](?=[-=\s]*$)")
"""The start of a line that would make a heading, a list item or a rule / setext underline
(``*`` and ``>`` are escaped wherever they stand)."""


def _block_escape(m: re.Match) -> str:
    token = m.group(0)
    return token[:-1] + "\\" + token[-1] if token[-1] in ".)" else "\\" + token


def escape(text: str, block: bool = True) -> str:
    r"""``text`` as literal Markdown: inline syntax and HTML backslash-escaped, URL schemes
    broken (``http\://``) so nothing is linked or loaded when it is rendered, and with
    ``block`` (a paragraph, not a table cell) every line's block syntax neutralised
    (headings, lists, rules; leading spaces, which would make code, removed).

    >>> print(escape("# Overskrift [klik](http://x) <b>"))
    \# Overskrift \[klik\](http\://x) \<b\>
    >>> print(escape("-27.885 kr. og 1. plads"))
    -27.885 kr. og 1. plads
    >>> print(escape("1. punkt"))
    1\. punkt
    """
    out = []
    for line in text.splitlines() or [""]:
        line = _SPECIAL.sub(r"\\\1", line.strip())
        line = _URL.sub(r"\1\\:", line)
        line = _WWW.sub(lambda m: m.group(0)[:-1] + "\\.", line)
        if block:
            line = _BLOCK.sub(_block_escape, line)
        out.append(line)
    return "\n".join(out)


def _cell(text: str) -> str:
    return escape(" ".join(text.split()), block=False)  # one line: a line break would end the table


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
    """Markdown text of ``doc`` (UTF-8, ending in a newline), every text escaped."""
    out = [f"# {_cell(doc.title)}", "", escape(doc.subtitle), ""]
    for s in doc.sections:
        out += [f"## {_cell(s.title)}", ""]
        if s.chart:  # no chart here: its numbers, not its caption
            out += _table(s.chart_data) + [""] if s.chart_data is not None else []
        else:
            for p in s.paragraphs:
                if p:
                    out += [escape(p), ""]
        if s.table is not None:
            out += _table(s.table) + [""]
    return "\n".join(out).rstrip("\n") + "\n"
