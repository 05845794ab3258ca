"""The knowledge package's disk cache: a fresh process loads a package it has seen from
the cache keyed by its content hash (no CSV reading, no checks), and any change of
content, a corrupt cache file or a cache that cannot be written falls back to the full
load with every check."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from som_xl.errors import KnowledgeError
from som_xl.knowledge import cache, clear_cache, load_knowledge
from som_xl.knowledge.prices import resolve_prices


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV_DIR, str(folder))
    monkeypatch.delenv(cache.ENV_OFF, raising=False)
    return folder


def _no_checks(monkeypatch):
    """Make the full load impossible: the checks fail if they are ever run."""
    def refuse(_raw):
        raise AssertionError("the checks ran: the package was not taken from the cache")

    monkeypatch.setattr("som_xl.knowledge.checks.custom_checks", refuse)


def test_a_second_load_comes_from_the_cache_without_checks(shipped, cache_dir, monkeypatch):
    first = load_knowledge(shipped)
    assert list(cache_dir.glob("knowledge-*.pickle"))
    clear_cache()  # as a new process would start
    _no_checks(monkeypatch)
    second = load_knowledge(shipped)
    assert second is not first and second.content_hash == first.content_hash
    assert second.path == first.path
    assert [(t.target_group, t.name_da) for t in second.target_groups()] == \
        [(t.target_group, t.name_da) for t in first.target_groups()]
    assert resolve_prices(second, ["faengsel"], 2025) == resolve_prices(first, ["faengsel"], 2025)
    assert second.price("faengsel").stat == first.price("faengsel").stat == 1469


def test_a_fresh_process_reads_no_csv_file_when_the_hash_is_cached(shipped, cache_dir):
    load_knowledge(shipped)  # fills the cache
    code = ("import sys; from som_xl.knowledge import load_knowledge; "
            f"k = load_knowledge({str(shipped)!r}); "
            "print(k.version, 'som_xl.knowledge.checks' in sys.modules, 'som_xl.knowledge.parse' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split()[1:] == ["False", "False"], done.stdout + done.stderr


def test_a_changed_byte_is_a_new_package_and_is_checked(package_copy, cache_dir):
    before = load_knowledge(package_copy)
    prices = package_copy / "prices.csv"
    prices.write_text(prices.read_text("utf-8").replace(",1469,", ",1470,", 1), "utf-8")
    clear_cache()
    after = load_knowledge(package_copy)
    assert after.content_hash != before.content_hash and after.price("faengsel").stat == 1470
    bad = package_copy / "items.csv"
    bad.write_text(bad.read_text("utf-8").replace("retsvaesen", "ukendt_omraade", 1), "utf-8")
    clear_cache()
    with pytest.raises(KnowledgeError):
        load_knowledge(package_copy)  # a broken package is never served from a cache


def test_a_corrupt_or_foreign_cache_file_is_replaced(shipped, cache_dir):
    k = load_knowledge(shipped)
    [file] = cache_dir.glob("knowledge-*.pickle")
    file.write_bytes(b"not a pickle")
    clear_cache()
    assert load_knowledge(shipped).content_hash == k.content_hash
    assert file.read_bytes() != b"not a pickle"


def test_a_cache_that_cannot_be_written_only_costs_time(shipped, tmp_path, monkeypatch):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    monkeypatch.setenv(cache.ENV_DIR, str(blocked / "cache"))
    assert load_knowledge(shipped).version


def test_the_cache_can_be_switched_off(shipped, cache_dir, monkeypatch):
    monkeypatch.setenv(cache.ENV_OFF, "1")
    load_knowledge(shipped)
    assert not cache_dir.exists() or not list(cache_dir.iterdir())


def test_the_same_content_in_another_folder_is_served_with_its_own_path(shipped, cache_dir, tmp_path, monkeypatch):
    load_knowledge(shipped)
    other = tmp_path / "copy"
    shutil.copytree(shipped, other)
    clear_cache()
    _no_checks(monkeypatch)
    assert load_knowledge(other).path == other.resolve()
