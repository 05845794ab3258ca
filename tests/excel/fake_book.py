"""A stand-in for an xlwings ``Book`` over a :class:`~som_xl.workbook.backend.MemoryBackend`'s
cells (no Excel): what :class:`~som_xl.service.xlwings_backend.XlwingsBackend` and the ribbon's
entry points use of a book, counting the range reads and writes. Used by the Excel tests and
by ``benchmarks/bench_latency.py`` (Beregn through ``xw.Book.caller()``, as RunPython runs it)."""

from __future__ import annotations

from som_xl.workbook import layout as L
from som_xl.workbook.backend import parse_destination


class _Sheet:
    def __init__(self, book, name):
        self.book, self.name = book, name
        self.protected = name == L.VIDEN
        self.api = self

    def Protect(self):  # noqa: N802 - Windows COM spelling
        self.protected = True

    def Unprotect(self):  # noqa: N802
        self.protected = False


class _Range:
    """What XlwingsBackend uses of ``xlwings.Range``, over a MemoryBackend's cells."""

    def __init__(self, book, dest):
        self.book = book
        sheet, self.row, self.column, r2, c2 = parse_destination(dest)
        self.sheet = book.sheets.setdefault(sheet, _Sheet(book, sheet))
        self.shape = (r2 - self.row + 1, c2 - self.column + 1)

    def options(self, **options):
        assert options == {"ndim": 2, "err_to_str": True}
        return self

    @property
    def value(self):
        self.book.range_reads += 1
        return [[self.book.cells.get((self.sheet.name, self.row + i, self.column + j)) for j in range(self.shape[1])]
                for i in range(self.shape[0])]

    @value.setter
    def value(self, rows):
        if self.sheet.protected:
            raise RuntimeError("(-2146827284) Cellen er beskyttet")
        self.book.range_writes += 1
        assert len(rows) == self.shape[0] and all(len(r) == self.shape[1] for r in rows)
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                self.book.cells[(self.sheet.name, self.row + i, self.column + j)] = v


class FakeName:
    def __init__(self, book, dest):
        self.refers_to_range = _Range(book, dest)


class _App:
    """What the ribbon's session uses of ``book.app``: screen updating and the message box."""

    def __init__(self):
        self.screen_updating = True
        self.alerts: list[tuple[str, str]] = []

    def alert(self, message, title="", mode=None):
        self.alerts.append((title, message))


class FakeBook:
    def __init__(self, cells):
        self.cells = cells
        self.sheets: dict = {}
        self.app = _App()
        self.range_reads = self.range_writes = 0
        # Plain ranges only: the drop-down lists are dynamic (OFFSET) names, which som_xl
        # never reads or writes through xlwings.
        self.names = {name: FakeName(self, dest) for name, dest in L.defined_names().items() if "(" not in dest}
