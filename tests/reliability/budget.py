"""What a refusal costs, measured without a clock: peak memory and bytes inflated.

The hostile-file tests assert these, never wall time: on a busy two-core machine a
refusal that takes 2 s alone can take 20 s, but it allocates the same memory and
inflates the same bytes. Timings live in ``benchmarks/bench_hostile.py``.

* ``peak``: the largest amount of memory Python allocated during the call
  (:mod:`tracemalloc`; numpy and the XML parser allocate through it too).
* ``inflated``: bytes decompressed from zip members during the call, counted where
  :mod:`zipfile` checks each chunk's CRC, so every way of reading a member is counted.
"""

from __future__ import annotations

import tracemalloc
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass

from som_xl.errors import InputError
from tests.reliability.checks import check_problem

MB = 2**20


@dataclass(frozen=True)
class Spent:
    peak: int
    """Peak bytes allocated (tracemalloc)."""
    inflated: int
    """Bytes decompressed from zip members."""


@contextmanager
def counting_inflation():
    """Count the bytes :mod:`zipfile` decompresses while active (yields a one-element list)."""
    original = zipfile.ZipExtFile._update_crc
    total = [0]

    def counted(self, newdata):
        total[0] += len(newdata)
        return original(self, newdata)

    zipfile.ZipExtFile._update_crc = counted
    try:
        yield total
    finally:
        zipfile.ZipExtFile._update_crc = original


def spend(fn, *args):
    """Run ``fn(*args)``; return (its result or the :class:`InputError` it raised, :class:`Spent`).

    Any exception other than InputError propagates (and fails the test).
    """
    tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        with counting_inflation() as inflated:
            try:
                result = fn(*args)
            except InputError as exc:
                result = exc
        return result, Spent(tracemalloc.get_traced_memory()[1], inflated[0])
    finally:
        tracemalloc.stop()


def rejected(fn, *args, type_: str | None = None, peak_mb: float = 300, inflated_mb: float | None = None
             ) -> InputError:
    """Assert ``fn(*args)`` raises a Danish :class:`InputError` within ``peak_mb`` of memory and,
    if given, ``inflated_mb`` of decompressed bytes; returns the error."""
    result, spent = spend(fn, *args)
    assert isinstance(result, InputError), f"not rejected: {str(result)[:300]}"
    assert spent.peak < peak_mb * MB, f"peak {spent.peak / MB:.0f} MB (bound {peak_mb} MB)"
    if inflated_mb is not None:
        assert spent.inflated <= inflated_mb * MB, f"inflated {spent.inflated / MB:.1f} MB (bound {inflated_mb} MB)"
    for p in result.problems:
        check_problem(p)
    if type_:
        assert type_ in {p.type for p in result.problems}, result.problems
    return result
