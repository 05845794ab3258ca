"""Atomic file writes: a crash or a kill during a save leaves the old file intact.

The new content goes to a temporary file in the same folder (same file system), is
flushed and fsync'ed, then renamed over the target with ``os.replace`` (atomic on
POSIX and Windows), and the folder entry is fsync'ed where the platform allows.

Temporary files are named ``.NAME.<random>.tmp`` next to ``NAME``. A save that is
killed between writing and renaming leaves one behind (the target itself is intact);
the next save of the same file removes such leftovers once they are older than
:data:`STALE_TEMP_SECONDS`, so they never accumulate (younger ones may belong to a save
still running in another process).

Every file som_xl writes goes through :func:`atomic_write_bytes` (the test
``tests/reliability/test_nothing_lost.py`` checks the code for other writes).
"""

from __future__ import annotations

import glob
import os
import tempfile
import time
from pathlib import Path

STALE_TEMP_SECONDS = 60
"""A save takes well under a second; a temporary file this old is from a killed save."""

SLOW_SAVE_ENV = "SOM_XL_TEST_SLOW_SAVE"
"""Test hook: seconds to sleep between writing the temporary file and renaming it, so a
test can kill a save inside that window. Unset (always, outside tests): no delay."""


def temp_pattern(target: Path) -> str:
    """The glob of ``target``'s temporary files: ``.NAME.*.tmp``."""
    return f".{glob.escape(target.name)}.*.tmp"


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically; returns the path.

    A missing or read-only folder is a Danish :class:`~som_xl.errors.InputError`
    naming the file (the user gave the path), not a traceback.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except FileNotFoundError:
        raise _input_error(target, "not-found", f"mappen {folder} findes ikke.") from None
    except (PermissionError, IsADirectoryError):
        raise _input_error(target, "no-access", f"der kan ikke skrives i mappen {folder} (ingen adgang).") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            delay = os.environ.get(SLOW_SAVE_ENV)
            if delay:
                time.sleep(float(delay))
            os.fsync(fh.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    _fsync_dir(folder)
    remove_stale_temps(target)
    return target


def atomic_write_text(path: str | Path, text: str) -> Path:
    """Write ``text`` as UTF-8 to ``path`` atomically."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def read_bounded_text(path: str | Path, max_bytes: int, *, noun: str = "filen", kind: str = "en fil",
                      hint: str = "") -> str:
    """The UTF-8 text of a file the user named, refused in Danish before it is read whole
    when it is missing, a folder, unreadable, larger than ``max_bytes`` or not UTF-8.

    ``noun`` names the file in messages ("sagsfilen"), ``kind`` what a folder is not
    ("en sagsfil"), ``hint`` is appended to the encoding message.
    """
    p = Path(path)
    limit = f"højst {max_bytes // 2**20} MB er tilladt"
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise _input_error(p, "too-large", f"{noun} fylder {size // 1024} KB; {limit}.")
        with p.open("rb") as fh:
            raw = fh.read(max_bytes + 1)  # the file may grow after stat()
    except FileNotFoundError:
        raise _input_error(p, "not-found", f"{noun} findes ikke.") from None
    except IsADirectoryError:
        raise _input_error(p, "not-found", f"det er en mappe, ikke {kind}.") from None
    except PermissionError:
        raise _input_error(p, "no-access", f"{noun} kan ikke læses (ingen adgang).") from None
    if len(raw) > max_bytes:
        raise _input_error(p, "too-large", f"{noun} er vokset til over {max_bytes // 1024} KB; {limit}.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _input_error(p, "bad-encoding", f"{noun} er ikke UTF-8-tekst{hint}.") from None


def _input_error(target: Path, type_: str, message: str):
    from som_xl.errors import InputError, Problem

    return InputError([Problem(type_, str(target), message)])


def remove_stale_temps(target: Path, older_than: float = STALE_TEMP_SECONDS) -> int:
    """Delete ``target``'s temporary files older than ``older_than`` seconds; how many."""
    folder = target.parent if str(target.parent) else Path(".")
    limit = time.time() - older_than
    removed = 0
    for tmp in folder.glob(temp_pattern(target)):
        try:
            if tmp.is_file() and tmp.stat().st_mtime < limit:
                tmp.unlink()
                removed += 1
        except OSError:
            pass  # gone already, or not ours to delete
    return removed


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
