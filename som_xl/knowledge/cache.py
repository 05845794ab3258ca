"""A loaded knowledge package on disk, keyed by its content hash, so a fresh process
(every press of Beregn starts one) skips reading, checking and parsing the CSV files.

The cache file is ``<cache dir>/knowledge-<key>.pickle``, the key a hash of the package's
content hash, the som_xl version and :data:`CACHE_FORMAT`. The same bytes give the same
key, so a cached package is one that passed the checks before; a changed byte gives a new
key and a full load. The cache directory is the user's own (``$SOM_XL_CACHE_DIR``, else
the platform's user cache directory); an unreadable, foreign or corrupt file is ignored
and replaced, and a cache that cannot be written is skipped: it only ever saves time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

import platformdirs

from som_xl import __version__
from som_xl.errors import SomError
from som_xl.fileio import atomic_write_bytes
from som_xl.knowledge.knowledge import Knowledge

CACHE_FORMAT = 3
"""Bump when the records or :class:`Knowledge` change shape, or the checks refuse more
(2: non-finite numbers and control characters; 3: derived consequence lines), so old pickles are not read."""
ENV_DIR = "SOM_XL_CACHE_DIR"
ENV_OFF = "SOM_XL_NO_CACHE"


def cache_dir() -> Path:
    """``$SOM_XL_CACHE_DIR``, else the user cache directory of som-xl."""
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR])
    return Path(platformdirs.user_cache_dir("som-xl", appauthor=False))


def cache_file(content_hash: str) -> Path:
    key = hashlib.sha256(f"{content_hash}|{__version__}|{CACHE_FORMAT}".encode()).hexdigest()[:32]
    return cache_dir() / f"knowledge-{key}.pickle"


def load_cached(content_hash: str, path: Path) -> Knowledge | None:
    """The package with ``content_hash`` as cached, now at ``path``; None if not cached."""
    if os.environ.get(ENV_OFF):
        return None
    try:
        knowledge = pickle.loads(cache_file(content_hash).read_bytes())
    except Exception:  # noqa: BLE001 - missing, unreadable or from another version: load it anew
        return None
    if not isinstance(knowledge, Knowledge) or knowledge.content_hash != content_hash:
        return None
    knowledge.path = path  # the same content may sit in another folder
    return knowledge


def store(knowledge: Knowledge) -> None:
    """Cache ``knowledge`` for the next process (best effort: a failure only costs time)."""
    if os.environ.get(ENV_OFF):
        return
    target = cache_file(knowledge.content_hash)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(target, pickle.dumps(knowledge, protocol=pickle.HIGHEST_PROTOCOL))
    except (OSError, SomError):
        pass
