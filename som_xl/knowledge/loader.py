"""Loading a knowledge package: :func:`load_knowledge`, cached per folder and file state.

Loading hashes the package's files; a package with that content hash that loaded
before is read from the disk cache (:mod:`som_xl.knowledge.cache`). Otherwise it reads
the CSV files with the standard library, runs the project's own checks
(:mod:`som_xl.knowledge.checks`), converts the rows to records and caches the result.
It never imports frictionless (slow); run :func:`som_xl.knowledge.validate_package` or
``som-xl knowledge validate`` for the full schema validation.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from som_xl.errors import KnowledgeError, errors_only
from som_xl.knowledge import cache
from som_xl.knowledge.knowledge import Knowledge
from som_xl.knowledge.rawpackage import (
    DESCRIPTOR,
    MAX_CSV_BYTES,
    inside,
    read_descriptor,
    read_raw_package,
)
from som_xl.paths import default_knowledge_dir

_CACHE: dict[tuple, Knowledge] = {}
_LOCK = threading.Lock()


def content_hash(path: str | Path, files: list[str] | None = None) -> str:
    """``"sha256:" + hex`` over the bytes of datapackage.json and every resource file.

    The files are hashed in sorted file-name order, so the hash names the exact data a
    result was computed with: changing one byte of one CSV changes it.
    """
    path = Path(path)
    if files is None:
        descriptor = read_descriptor(path)
        files = [DESCRIPTOR] + [r["path"] for r in descriptor["resources"] if isinstance(r, dict) and "path" in r]
    digest = hashlib.sha256()
    for name in sorted(set(files)):
        digest.update((path / name).read_bytes())
    return "sha256:" + digest.hexdigest()


def _state(path: Path) -> tuple:
    """What the cache key watches: every file in the folder, with its mtime and size."""
    if not path.is_dir():
        return ()
    return tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in path.iterdir() if p.is_file()))


def load_knowledge(path: str | Path | None = None) -> Knowledge:
    """Load (or reuse) the knowledge package at ``path``.

    Parameters
    ----------
    path
        The package folder (with ``datapackage.json``). None: ``$SOM_XL_KNOWLEDGE`` or the
        shipped ``knowledge_tables`` (:func:`som_xl.paths.default_knowledge_dir`).

    Returns
    -------
    Knowledge
        The same object for the same folder as long as no file in it has changed
        (modification time and size).

    Raises
    ------
    KnowledgeError
        With every problem found, in Danish, when the package cannot be loaded.
    """
    if path is None:
        path = default_knowledge_dir()
    path = Path(path).expanduser().resolve()
    key = (str(path), _state(path))
    with _LOCK:
        cached = _CACHE.get(key)
    if cached is not None:
        return cached
    knowledge = _from_files(path)
    with _LOCK:
        for old in [k for k in _CACHE if k[0] == key[0]]:
            del _CACHE[old]
        _CACHE[key] = knowledge
    return knowledge


def _plain_files(path: Path) -> list[str] | None:
    """The descriptor and resource files when every one is a regular file inside the folder
    and of a sane size; None otherwise (then the full load names what is wrong)."""
    try:
        descriptor = read_descriptor(path)
        files = [DESCRIPTOR] + [r["path"] for r in descriptor["resources"]]
    except (KnowledgeError, OSError, KeyError, TypeError):
        return None
    for name in files:
        if not isinstance(name, str) or not inside(path, name):
            return None
        file = path / name
        if not file.is_file() or file.stat().st_size > MAX_CSV_BYTES:
            return None
    return files


def _from_files(path: Path) -> Knowledge:
    """The package at ``path``: from the disk cache when its content was loaded before."""
    files = _plain_files(path)
    digest = content_hash(path, files) if files else None
    cached = cache.load_cached(digest, path) if digest else None
    if cached is not None:
        return cached
    # lazy: a cached package is used without parsing or checking its tables (≈12 ms; test_cache.py)
    from som_xl.knowledge.checks import custom_checks
    from som_xl.knowledge.parse import parse_package

    raw = read_raw_package(path)
    problems = custom_checks(raw)
    if errors_only(problems):
        raise KnowledgeError(problems)
    knowledge = Knowledge(path=path, descriptor=raw.descriptor, records=parse_package(raw),
                          content_hash=_same_hash(path, files, digest, raw.files))
    cache.store(knowledge)
    return knowledge


def _same_hash(path: Path, files: list[str] | None, digest: str | None, raw_files: list[str]) -> str:
    """The hash of ``raw_files``: ``digest`` (of ``files``) when they are the same files
    (it hashes the set), so a cache miss reads every CSV for hashing once, not twice."""
    if digest is not None and files is not None and set(files) == set(raw_files):
        return digest
    return content_hash(path, raw_files)


def clear_cache() -> None:
    """Forget every package loaded in this process (tests, or after editing files in place);
    the disk cache is keyed by content, so it needs no clearing."""
    with _LOCK:
        _CACHE.clear()
