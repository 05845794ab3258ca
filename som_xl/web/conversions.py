"""Document conversions for downloads (workbook, decision report as PDF through LibreOffice):
a bounded pool per machine, identical requests merged, results cached by content.

* **Bounded.** At most :data:`SLOTS` conversions run at once on this machine, whatever
  the number of workers: a slot is a file lock (``filelock``) in the pool's folder, which
  every worker of the site shares. A request that gets no slot within ``wait_s`` seconds
  is answered 503 "prøv igen om lidt" with ``Retry-After`` (:class:`Busy`). Waiting holds
  no thread: the locks are polled from the event loop.
* **Merged.** Requests for the same key wait for one conversion: in one process on one
  future, across processes on the key's file lock, after which the cache has the result.
* **Cached by content.** The key is a digest of what the file is made from (case file,
  knowledge package, the record's shown fields), so a record never recomputes while it is
  unchanged, and the cache on disk (bounded in bytes, oldest out) holds every published
  record of a site, so cycling through records does not evict them.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

import anyio
from filelock import FileLock, Timeout

from som_xl.experience.engine import Busy
from som_xl.fileio import atomic_write_bytes

SLOTS = 2
"""Conversions at once on one machine (LibreOffice takes ~200 MB and a core each)."""
WAIT_S = 30.0
RETRY_AFTER_S = 30
CACHE_BYTES = 512 * 1024 * 1024
MEMORY_ENTRIES = 16
KEY_LOCKS = 256
"""Key locks are spread over this many files (two keys may share one: they then wait for
each other, which the slots would mostly make them do anyway)."""
_POLL_S = 0.1
BUSY = "Der laves mange dokumenter lige nu; prøv igen om lidt."


def content_key(*parts: str | bytes) -> str:
    """The cache key of a conversion: a SHA-256 digest of everything the file is made from."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


class ConversionPool:
    """The site's conversions: :meth:`get` the bytes for a key, made by ``make`` if needed."""

    def __init__(self, folder: str | os.PathLike, *, slots: int = SLOTS, wait_s: float = WAIT_S,
                 cache_bytes: int = CACHE_BYTES) -> None:
        self.folder = Path(folder)
        (self.folder / "cache").mkdir(parents=True, exist_ok=True)
        (self.folder / "locks").mkdir(parents=True, exist_ok=True)
        self.slots, self.wait_s, self.cache_bytes = slots, wait_s, cache_bytes
        self.made = 0
        """Conversions this process ran (the rest came from the cache or another request)."""
        self._memory: OrderedDict[str, bytes] = OrderedDict()
        self._pending: dict[str, asyncio.Future[bytes]] = {}

    async def get(self, key: str, make: Callable[[], bytes]) -> bytes:
        """The bytes for ``key``: from the cache, from a conversion already under way, or from
        ``make()`` run in a worker thread in a free slot. Raises :class:`Busy` when no slot
        frees up within the wait."""
        cached = self._cached(key)
        if cached is not None:
            return cached
        pending = self._pending.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
        self._pending[key] = future
        try:
            data = await self._convert(key, make)
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved here: waiters get it, nobody is warned twice
            raise
        finally:
            del self._pending[key]
        future.set_result(data)
        return data

    async def _convert(self, key: str, make: Callable[[], bytes]) -> bytes:
        deadline = time.monotonic() + self.wait_s
        merge = FileLock(self.folder / "locks" / f"key-{int(key[:8], 16) % KEY_LOCKS}.lock")
        await self._acquire([merge], deadline)
        try:
            cached = self._cached(key)  # another worker made it while this one waited
            if cached is not None:
                return cached
            slot = await self._acquire([FileLock(self.folder / "locks" / f"slot-{i}.lock")
                                        for i in range(self.slots)], deadline)
            try:
                data = await anyio.to_thread.run_sync(make)
            finally:
                slot.release()
            self.made += 1
            self._store(key, data)
            return data
        finally:
            merge.release()

    @staticmethod
    async def _acquire(locks: list[FileLock], deadline: float) -> FileLock:
        """The first of ``locks`` that is free, polled until ``deadline`` (then :class:`Busy`)."""
        while True:
            for lock in locks:
                try:
                    lock.acquire(blocking=False)
                    return lock
                except Timeout:
                    continue
            if time.monotonic() >= deadline:
                raise Busy(BUSY, retry_after=RETRY_AFTER_S)
            await asyncio.sleep(_POLL_S)

    def _path(self, key: str) -> Path:
        return self.folder / "cache" / f"{key}.bin"

    def _cached(self, key: str) -> bytes | None:
        if key in self._memory:
            self._memory.move_to_end(key)
            return self._memory[key]
        path = self._path(key)
        try:
            data = path.read_bytes()
            os.utime(path)  # recently used: evicted last
        except OSError:
            return None
        self._remember(key, data)
        return data

    def _remember(self, key: str, data: bytes) -> None:
        self._memory[key] = data
        while len(self._memory) > MEMORY_ENTRIES:
            self._memory.popitem(last=False)

    def _store(self, key: str, data: bytes) -> None:
        self._remember(key, data)
        atomic_write_bytes(self._path(key), data)
        files = []
        for entry in os.scandir(self.folder / "cache"):
            if entry.name.endswith(".bin"):
                try:
                    files.append((entry.stat().st_mtime, entry.stat().st_size, entry.path))
                except OSError:
                    continue  # removed by another worker meanwhile
        total = sum(size for _, size, _ in files)
        for _, size, path in sorted(files):
            if total <= self.cache_bytes:
                break
            try:
                os.remove(path)
            except OSError:
                pass
            total -= size
