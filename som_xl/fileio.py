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

Two som_xl processes writing one workbook serialise on a lock file beside it
(``.NAME.som-xl-lock``, :func:`writer_lock`; it stays, empty, as POSIX locks must): a
command that reads a workbook, changes it and saves it (recalc, refresh, case import)
holds the lock from the read to the rename, and every atomic write of a workbook takes
it too (new --force, upgrade, share), so a second writer waits for the first and then
works on what the first saved; after :data:`LOCK_TIMEOUT_SECONDS` it gives up with a
Danish message, and nothing is lost silently.
"""

from __future__ import annotations

import errno
import glob
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from som_xl.errors import InputError, Problem

STALE_TEMP_SECONDS = 60
"""A save takes well under a second; a temporary file this old is from a killed save."""

SLOW_SAVE_ENV = "SOM_XL_TEST_SLOW_SAVE"
"""Test hook: seconds to sleep between writing the temporary file and renaming it, so a
test can kill a save inside that window. Unset (always, outside tests): no delay."""


def temp_pattern(target: Path) -> str:
    """The glob of ``target``'s temporary files: ``.NAME.*.tmp``."""
    return f".{glob.escape(target.name)}.*.tmp"


def lock_files(target: Path) -> list[Path]:
    """The lock files Excel (``~$NAME``) and LibreOffice (``.~lock.NAME#``) keep beside a
    file while it is open."""
    folder = target.parent if str(target.parent) else Path(".")
    candidates = [folder / f"~${target.name}", folder / f"~${target.name[2:]}", folder / f".~lock.{target.name}#"]
    return [c for c in dict.fromkeys(candidates) if c.is_file()]


def check_replaceable(target: Path) -> None:
    """A Danish :class:`~som_xl.errors.InputError` if ``target`` exists and must not be
    replaced: read-only (by its permissions; a rename would replace it anyway), or open
    in Excel or LibreOffice (their lock file is beside it, and saving there later would
    overwrite what som_xl wrote)."""
    if not target.exists() or target.is_dir():
        return
    if not target.stat().st_mode & 0o222:
        raise _input_error(target, "read-only", "filen er skrivebeskyttet og er ikke ændret; fjern "
                                                "skrivebeskyttelsen (Egenskaber), eller gem under et andet navn.")
    locks = lock_files(target)
    if locks:
        program = "LibreOffice" if locks[0].name.startswith(".~lock.") else "Excel"
        raise _input_error(target, "locked", f"filen er åben i {program} ({locks[0].name}) og er ikke ændret; "
                                             f"luk den i {program} og prøv igen.")


def require_suffix(path: str | Path, suffixes: tuple[str, ...], what: str) -> Path:
    """``path`` if its suffix is one of ``suffixes`` (any case), else a Danish :class:`InputError`
    (the file's name must say what is written into it)."""
    p = Path(path)
    if p.suffix.lower() not in suffixes:
        allowed = " eller ".join(suffixes)
        raise _input_error(p, "wrong-suffix", f"{what} skal hedde noget med {allowed} (fik "
                                              f"'{p.suffix or 'ingen endelse'}'); filens endelse skal passe til "
                                              "det, der skrives i den.")
    return p


LOCKED_SUFFIXES = (".xlsm", ".xlsx")
"""Files whose writers serialise on a lock file: workbooks, which som_xl reads, changes and
writes back (a case file or a report is only ever written whole)."""
LOCK_TIMEOUT_SECONDS = 120.0
"""How long a writer waits for another som_xl process writing the same file (a large
recalculation takes seconds) before it refuses."""
_LOCKS: dict[str, Any] = {}
_LOCKS_GUARD = threading.Lock()


def lock_path(target: Path) -> Path:
    """The lock file of ``target``: ``.NAME.som-xl-lock`` beside it."""
    return (target.parent if str(target.parent) else Path(".")) / f".{target.name}.som-xl-lock"


@contextmanager
def writer_lock(path: str | Path) -> Iterator[None]:
    """Hold ``path``'s lock file (``filelock``) while the block reads, changes and writes it.

    Re-entrant within a process (the atomic write inside a locked block takes the same
    lock again). Another process holding it makes this wait up to
    :data:`LOCK_TIMEOUT_SECONDS`, then a Danish :class:`InputError` ("bruges af en anden
    som-xl-kørsel"); the file is not touched. A folder that does not exist or cannot be
    written needs no lock (the write itself fails with its own message).
    """
    from filelock import FileLock, Timeout  # lazy: ≈17 ms only commands that write pay

    target = Path(path)
    where = lock_path(target)
    key = os.path.abspath(where)
    with _LOCKS_GUARD:
        lock = _LOCKS.setdefault(key, FileLock(where, timeout=LOCK_TIMEOUT_SECONDS))
    try:
        lock.acquire(timeout=LOCK_TIMEOUT_SECONDS)
    except Timeout:
        raise _input_error(target, "busy", f"filen bruges af en anden som-xl-kørsel (låsefilen {where.name}) og "
                                           "er ikke ændret; prøv igen, når den er færdig.") from None
    except (FileNotFoundError, PermissionError, IsADirectoryError, NotADirectoryError):
        yield  # no folder to race in, or none we may write: the write says so
        return
    try:
        yield
    finally:
        lock.release()


def _umask() -> int:
    """The process's umask (read without changing it where the platform tells it)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)  # elsewhere: set and restore (som_xl writes from one thread)
    os.umask(mask)
    return mask


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically; returns the path.

    A missing or read-only folder, a read-only target or one open in Excel or LibreOffice
    is a Danish :class:`~som_xl.errors.InputError` naming the file (the user gave the
    path), not a traceback, and nothing is written. A new file gets the permissions the
    user's umask gives (as any program's would), an existing one keeps its own.
    """
    target = Path(path)
    if target.suffix.lower() not in LOCKED_SUFFIXES:
        return _write_locked(target, data)
    with writer_lock(target):  # re-entrant: a command that read the workbook holds it already
        return _write_locked(target, data)


def _write_locked(target: Path, data: bytes) -> Path:
    folder = target.parent if str(target.parent) else Path(".")
    check_replaceable(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except FileNotFoundError:
        raise _input_error(target, "not-found", f"mappen {folder} findes ikke.") from None
    except (PermissionError, IsADirectoryError):
        raise _input_error(target, "no-access", f"der kan ikke skrives i mappen {folder} (ingen adgang).") from None
    except OSError as exc:
        raise _os_error(target, exc) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            delay = os.environ.get(SLOW_SAVE_ENV)
            if delay:
                time.sleep(float(delay))
            os.fsync(fh.fileno())
        # mkstemp makes the file 0600; colleagues on a shared drive must be able to open it
        os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError) and exc.errno in _USER_ERRNOS:
            raise _os_error(target, exc) from None
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
            raw = fh.read(size + 1)  # not max_bytes + 1: read() allocates what it is asked for
            if len(raw) > size:  # the file grew after stat()
                raw += fh.read(max_bytes + 1 - len(raw))
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
        stop = "" if hint.endswith(("?", ".", "!")) else "."  # never "…(.json)?."
        raise _input_error(p, "bad-encoding", f"{noun} er ikke UTF-8-tekst{hint}{stop}") from None


_USER_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG}
"""Write errors the user can act on (a full disk, a quota, a read-only drive)."""


def _os_error(target: Path, exc: OSError):
    """A Danish :class:`InputError` for a failed write; the target is unchanged (atomic write)."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return _input_error(target, "disk-full", "Disken er fuld; filen er ikke ændret. Frigør plads og prøv igen.")
    if exc.errno == errno.EROFS:
        return _input_error(target, "read-only", "drevet er skrivebeskyttet; filen er ikke ændret.")
    if exc.errno == errno.EFBIG:
        return _input_error(target, "too-large", "filen bliver for stor til drevet; filen er ikke ændret.")
    return _input_error(target, "write-error", f"filen kunne ikke skrives ({exc.strerror or exc}); den er ikke "
                                               "ændret.")


def _input_error(target: Path, type_: str, message: str):
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
