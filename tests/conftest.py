"""Shared test set-up.

Tests marked ``libreoffice`` need ``soffice`` on PATH; ``postgres`` tests need PostgreSQL
(``SOM_XL_TEST_PG_URL``, or the server programs, from which the tests start a throwaway
server themselves: :mod:`tests.pg_schema`); ``chromium`` tests need Debian's ``chromium``
and ``chromium-driver``. On a machine without them they are skipped, saying what is
missing; in CI (``SOM_XL_REQUIRE_LIBREOFFICE=1`` / ``SOM_XL_REQUIRE_POSTGRES=1`` /
``SOM_XL_REQUIRE_CHROMIUM=1``, set by ``.ci/run``) a missing tool fails the run instead of
silently skipping.
"""


import os
import shutil
import tempfile

import pytest
from hypothesis import HealthCheck, settings

from tests.pg_schema import private_schema, require_postgres, stop_throwaway_server

# Property tests run the same examples every time and never time an example: a random
# search could find a new case on any run, and a per-example deadline or a "too slow"
# health check fails on a busy two-core machine (issue 12, point 16). The strategies are
# searched more widely by running with HYPOTHESIS_PROFILE=explore.
settings.register_profile("som_xl", derandomize=True, database=None, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("explore", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "som_xl"))

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def pytest_configure(config):
    # The knowledge package's disk cache (som_xl.knowledge.cache) goes to a folder of this
    # run, never into the user's cache; subprocesses of the tests inherit it.
    os.environ["SOM_XL_CACHE_DIR"] = tempfile.mkdtemp(prefix="som-xl-test-cache-")
    # Nor the user's own erfaringsdatabase or settings: a test that forgets to name its
    # database gets an empty one of this run (platformdirs follows the XDG folders here).
    os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="som-xl-test-data-")
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="som-xl-test-config-")
    # The CLI's tables take the terminal's width (COLUMNS, else the terminal the tests run in):
    # 80 columns, as in a pipe, for every test, so that no result depends on the developer's
    # terminal; a test that needs a wider one sets COLUMNS itself.
    os.environ["COLUMNS"] = "80"


def pytest_collection_modifyitems(config, items):
    """The files with slow tests first (their order within a file kept): in a parallel run
    the longest files start at once, and no worker is left alone with one at the end."""
    slow = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow)


def pytest_unconfigure(config):
    stop_throwaway_server()  # the PostgreSQL server this process started, if any


def pytest_runtest_setup(item):
    if item.get_closest_marker("libreoffice") and not shutil.which("soffice"):
        if os.environ.get("SOM_XL_REQUIRE_LIBREOFFICE"):
            pytest.fail("SOM_XL_REQUIRE_LIBREOFFICE er sat, men LibreOffice (soffice) er ikke installeret")
        pytest.skip("LibreOffice (soffice) er ikke installeret: installér pakken 'libreoffice-calc'")
    if item.get_closest_marker("postgres"):
        require_postgres()  # starts a throwaway server the first time, or skips saying why
    if item.get_closest_marker("chromium") and not (os.access(CHROMIUM, os.X_OK) and
                                                     os.access(CHROMEDRIVER, os.X_OK)):
        if os.environ.get("SOM_XL_REQUIRE_CHROMIUM"):
            pytest.fail(f"SOM_XL_REQUIRE_CHROMIUM er sat, men {CHROMIUM} eller {CHROMEDRIVER} mangler")
        pytest.skip("Chromium og chromedriver er ikke installeret: installér Debians pakker 'chromium' og "
                    "'chromium-driver'")
    if item.get_closest_marker("excel"):
        pytest.skip("kræver rigtigt Excel på Windows eller macOS")


@pytest.fixture(scope="module")
def pg_module_url():
    """A PostgreSQL URL on a private schema for one test module (dropped afterwards)."""
    with private_schema("somxl_w") as url:
        yield url


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def module_db_url(request, tmp_path_factory):
    """An empty erfaringsdatabase's URL for one test module, on each backend in turn."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('site') / 'erfaringer.sqlite'}"
    return request.getfixturevalue("pg_module_url")
