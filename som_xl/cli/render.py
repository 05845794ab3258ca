"""Human output of the CLI: Danish tables of a computation (rich when on a terminal).

Every command prints through :func:`console` and makes its tables with :func:`table`:
styles (bold, colours) show in a terminal and vanish when the output is piped or
redirected; tables take the terminal's width (``COLUMNS`` when it is set, 80 when the
output is not a terminal), wrap text columns at words, and never cut a number short.
"""

from __future__ import annotations

import re
import sys

from rich.cells import cell_len
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from som_xl import fmt
from som_xl.case import Computation
from som_xl.case.sourcing import costs_sentence, sentence
from som_xl.case.text import break_even_rate_text, break_even_year_text
from som_xl.core.entities import ACTORS, ACTORS_WITH_TOTAL, TOTAL_INDEX

ACTOR_HEADERS = tuple(a.label for a in ACTORS_WITH_TOTAL)
_UNITS = ("%", "kr.", "mio.")
"""Words that belong to the number before them (``6,8 %``, ``1,9 mio. kr.``)."""
_HYPHEN_BREAK = re.compile(r"(?<=[^\W\d_]-)(?=[^\W\d_])")
"""Where a word may break: after a hyphen between letters (``Break-|even-|succesrate``),
never in a number (``-20``)."""


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # rich exits with status 1 here; the reader closing the pipe is no error (see cli.main)
        self.quiet = True
        raise BrokenPipeError

    def print(self, *objects, crop: bool = False, **kwargs) -> None:
        """As :meth:`rich.console.Console.print`, but a table wider than the terminal (its
        numbers and words need the room) is printed whole, never cut at the right edge."""
        super().print(*objects, crop=crop, **kwargs)


def console(stream=None, width: int | None = None, soft_wrap: bool = True) -> Console:
    """A console for the CLI's output on ``stream`` (standard output).

    Its width is the terminal's (``COLUMNS`` when set, 80 when not a terminal) unless
    ``width`` is given; styles are written only to a terminal. It never reads markup:
    titles, names and sources come from files, and ``[/b]`` in one must print as typed,
    not fail, so styles are given with :func:`styled`. With ``soft_wrap`` a line of prose
    is left for the terminal to wrap (it stays one line in a file or a pipe)."""
    return _Console(file=stream or sys.stdout, width=width, highlight=False, soft_wrap=soft_wrap, markup=False)


def styled(*parts) -> Text:
    """``styled(("Advarsel", "yellow"), " tekst")``: text with styles, no markup parsed."""
    return Text.assemble(*parts)


def _plain(renderable) -> str | None:
    if isinstance(renderable, str):
        return renderable
    if isinstance(renderable, Text):
        return renderable.plain
    return None


def _pieces(line: str) -> list[tuple[int, int]]:
    """(start, end) of the unbreakable pieces of one line: words, cut after a hyphen between
    letters; a number and its unit (``-4.774.860``, ``6,8 %``) one piece."""
    spans: list[tuple[int, int]] = []
    for m in re.finditer(r"\S+", line):
        prev = line[spans[-1][0]:spans[-1][1]] if spans else ""
        if m.group(0) in _UNITS and prev.lstrip("-−+")[:1].isdigit() and spans[-1][1] == m.start() - 1:
            spans[-1] = (spans[-1][0], m.end())
            continue
        cut = m.start()
        for h in _HYPHEN_BREAK.finditer(m.group(0)):
            spans.append((cut, m.start() + h.start()))
            cut = m.start() + h.start()
        spans.append((cut, m.end()))
    return spans


def _line_spans(text: str, width: int) -> list[tuple[int, int]]:
    """(start, end) in ``text`` of each line when it is wrapped at ``width`` cells between pieces."""
    out: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        current: tuple[int, int] | None = None
        for start, end in _pieces(line):
            if current is None:
                current = (start, end)
            elif cell_len(line[current[0]:end]) <= width:
                current = (current[0], end)
            else:
                out.append((offset + current[0], offset + current[1]))
                current = (start, end)
        out.append((offset + current[0], offset + current[1]) if current else (offset, offset))
        offset += len(line) + 1
    return out


def wrap(text, width: int):
    r"""``text`` (a string or a :class:`~rich.text.Text`, styles kept) with line breaks so that
    no line is wider than ``width`` cells: at spaces and after hyphens, never in a number.

    >>> wrap("Break-even-succesrate", 12)
    'Break-even-\nsuccesrate'
    >>> wrap("Succesrate 10,0 %", 14)
    'Succesrate\n10,0 %'
    >>> wrap("-4.774.860", 5)
    '-4.774.860'
    """
    plain = _plain(text)
    if plain is None or max((cell_len(line) for line in plain.split("\n")), default=0) <= width:
        return text
    spans = _line_spans(plain, width)
    if isinstance(text, str):
        return "\n".join(text[a:b] for a, b in spans)
    return Text("\n").join(text[a:b] for a, b in spans)


def _narrowest(plain: str) -> int:
    """The widest unbreakable piece of ``plain``: how narrow its column may be."""
    return max((cell_len(line[a:b]) for line in plain.split("\n") for a, b in _pieces(line)), default=0)


class FitTable(Table):
    """A :class:`rich.table.Table` that fits the terminal without cutting a number.

    Each column is as wide as its longest line when the table fits; otherwise the headers
    wrap first, then the widest columns give way, down to their widest unbreakable piece:
    a number whole with its unit, a word, a part of a word between hyphens. Cells are
    wrapped here (:func:`wrap`), so rich never has to cut one. When even that does not
    fit, the table is printed wider than the terminal rather than cut.
    """

    def _originals(self) -> list[tuple[object, list]]:
        kept = getattr(self, "_kept", None)
        if kept is None or len(kept[0][1] if kept else ()) != self.row_count:
            kept = [(c.header, list(c._cells)) for c in self.columns]
            self._kept = kept
        return kept

    def _limits(self, console: Console, options, index: int) -> tuple[int, int, int]:
        """(narrowest, widest without the header, widest) the column can be, in cells."""
        header, cells = self._originals()[index]
        head = _plain(header) or ""
        low, widest = _narrowest(head), 0
        for cell in cells:
            text = _plain(cell)
            if text is None:
                measured = Measurement.get(console, options, cell)
                low, widest = max(low, measured.minimum), max(widest, measured.maximum)
                continue
            low = max(low, _narrowest(text))
            widest = max(widest, *(cell_len(line) for line in text.split("\n")))
        high = max(low, widest, *(cell_len(line) for line in head.split("\n")))
        fixed = self.columns[index].width
        if fixed is not None:
            low = widest = high = fixed
        return low, max(low, widest), high

    def _calculate_column_widths(self, console: Console, options) -> list[int]:
        pads = [self._get_padding_width(i) for i in range(len(self.columns))]
        limits = [self._limits(console, options, i) for i in range(len(self.columns))]
        widths = [high for *_, high in limits]
        # First the headers wrap, then the widest columns, never below a number or a word.
        for floor in ([max(low, cells) for low, cells, _ in limits], [low for low, *_ in limits]):
            while sum(widths) + sum(pads) > options.max_width:
                shrinkable = [i for i, w in enumerate(widths) if w > floor[i]]
                if not shrinkable:
                    break
                widths[max(shrinkable, key=lambda i: widths[i])] -= 1
        for column, (header, cells), width in zip(self.columns, self._originals(), widths, strict=True):
            column.header = wrap(header, width)
            column._cells = [wrap(cell, width) for cell in cells]
        return [w + p for w, p in zip(widths, pads, strict=True)]


def table(title: str = "", caption: str = "", **kwargs) -> FitTable:
    """A table for the CLI's output: title and caption on the left, fitted to the terminal."""
    t = FitTable(title=title or None, title_justify="left", caption=caption or None, caption_justify="left",
                 **kwargs)
    return t


def text_column(t: Table, header: str = "", **kwargs) -> None:
    """A column of words: wrapped at spaces and hyphens when the terminal is narrow."""
    t.add_column(header, overflow="fold", **kwargs)


def number_columns(t: Table, *headers: str) -> None:
    """Right-aligned columns of numbers: a :class:`FitTable` gives a number all the room it
    needs, so it is never wrapped or cut short; words in them ("ikke i horisonten") wrap."""
    for h in headers:
        t.add_column(h, justify="right", overflow="fold")


def key_figures_table(comp: Computation) -> Table:
    r = comp.results
    t = table(f"Nøgletal (nutidsværdi, kr. i prisniveau {comp.case.settings.price_year})")
    text_column(t)
    number_columns(t, *ACTOR_HEADERS)
    t.add_row("Omkostninger", *(fmt.number(v) for v in r.pv_costs))
    t.add_row("Gevinster", *(fmt.number(v) for v in r.pv_gains))
    t.add_row("Nettoresultat", *(fmt.number(v) for v in r.npv), style="bold")
    t.add_row("Nettoresultat pr. deltager", *(fmt.number(v) for v in r.npv_per_participant))
    t.add_row("Break-even-år", *(break_even_year_text(r, a) for a in range(len(r.actors))))
    t.add_row("Afkast pr. krone", *(fmt.number(v, 2) for v in r.return_per_krone))
    t.add_row("Break-even-succesrate", *(break_even_rate_text(r, a) for a in range(len(r.actors))))
    return t


def years_table(comp: Computation) -> Table:
    r = comp.results
    t = table("Nettoresultat pr. år (kr.)")
    text_column(t, "År")
    number_columns(t, *ACTOR_HEADERS, "Akk. diskonteret, i alt")
    for i, year in enumerate(r.years.tolist()):
        t.add_row(str(year), *(fmt.number(v) for v in r.net[:, i]),
                  fmt.number(r.cumulative_discounted_net[TOTAL_INDEX, i]))
    return t


def print_summary(comp: Computation, stream=None) -> None:
    """The readable Danish summary that ``som-xl calc`` and ``som-xl demo`` print."""
    c = console(stream)
    case, r, k = comp.case, comp.results, comp.knowledge
    c.print(case.title, style="bold")
    tg = case.target_group or "egen målgruppe"
    c.print(f"Målgruppe: {tg} · {fmt.number(r.participants)} deltagere · succesrate "
            f"{fmt.percent(r.success_rate)} · horisont {r.years[0]}–{r.years[-1]} · "
            f"diskontering: {comp.case_input.discount.name}")
    c.print(key_figures_table(comp))
    c.print(years_table(comp))
    total = r.npv[TOTAL_INDEX]
    verdict = "positivt" if total >= 0 else "negativt"
    shares = ", ".join(f"{a.definite}: {fmt.kroner(v)}" for a, v in zip(ACTORS, r.npv, strict=False))
    c.print(styled("Samlet nettoresultat (nutidsværdi): ", (fmt.kroner(total), "bold"),
                   f" ({verdict}). {shares[0].upper()}{shares[1:]}"))

    c.print(styled(("Grundlag:", "bold"), f" {sentence(comp.sourcing)} {costs_sentence(comp.sourcing)} "
                   "Illustrative tal er projektets eksempeltal, ikke SØM's officielle; se kilderne med "
                   "'som-xl knowledge sources'."))
    for w in comp.warnings:
        c.print(styled(("Advarsel", "yellow"), f" {w.location}: {w.message}"))
    if case.actuals:
        c.print(f"Sagen har faktiske tal til og med {max(a.year for a in case.actuals)}; beregningen ovenfor er "
                "planen. Se forventet og realiseret og den nye prognose med 'som-xl follow-up'.")
    c.print(f"Viden: {k.name} {k.version} ({k.content_hash[:19]}) · beregnet {comp.computed_at}")
