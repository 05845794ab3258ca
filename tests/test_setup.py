"""A new user's test run needs no set-up beyond the README (issue 23, point 6): where
PostgreSQL's server programs are installed, the PostgreSQL tests start a throwaway server
themselves instead of being skipped, and leave nothing running behind them."""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TEST = "tests/experience/test_repository.py::test_get_by_id_and_uid_and_missing[postgres]"


def _servers() -> set[str]:
    """The throwaway servers' folders (a random suffix each; the fixed-port ones of
    scripts/start_test_postgres.sh end in their port)."""
    return {p for p in glob.glob("/tmp/som-xl-test-pg-*") if not p.rsplit("-", 1)[1].isdigit()}


def test_the_postgres_tests_start_their_own_server():
    if not (glob.glob("/usr/lib/postgresql/*/bin/initdb") or shutil.which("initdb")):
        pytest.skip("PostgreSQL's serverprogrammer er ikke installeret (pakken 'postgresql')")
    env = {k: v for k, v in os.environ.items() if k != "SOM_XL_TEST_PG_URL"}
    before = _servers()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-n", "0", "-p", "no:cacheprovider", TEST],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert re.search(r"\b1 passed\b", done.stdout) and "skipped" not in done.stdout, done.stdout[-2000:]
    assert _servers() <= before  # stopped and removed after the run
