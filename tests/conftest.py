"""Shared test set-up.

Tests marked ``libreoffice`` need ``soffice`` on PATH and ``postgres`` tests need
``SOM_XL_TEST_PG_URL``; ``chromium`` tests need Debian's ``chromium`` and
``chromium-driver``. On a developer machine without them they are skipped; in CI
(``SOM_XL_REQUIRE_LIBREOFFICE=1`` / ``SOM_XL_REQUIRE_POSTGRES=1`` /
``SOM_XL_REQUIRE_CHROMIUM=1``, set by ``.ci/run``) a missing tool fails the run instead of
silently skipping.
"""


import os
import shutil
import tempfile

import pytest
from hypothesis import HealthCheck, settings

from tests.pg_schema import private_schema

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


def pytest_runtest_setup(item):
    if item.get_closest_marker("libreoffice") and not shutil.which("soffice"):
        if os.environ.get("SOM_XL_REQUIRE_LIBREOFFICE"):
            pytest.fail("LibreOffice (soffice) is required in CI but not installed")
        pytest.skip("LibreOffice (soffice) is not installed")
    if item.get_closest_marker("postgres") and not os.environ.get("SOM_XL_TEST_PG_URL"):
        if os.environ.get("SOM_XL_REQUIRE_POSTGRES"):
            pytest.fail("PostgreSQL is required in CI but SOM_XL_TEST_PG_URL is not set")
        pytest.skip("no PostgreSQL (set SOM_XL_TEST_PG_URL)")
    if item.get_closest_marker("chromium") and not (os.access(CHROMIUM, os.X_OK) and
                                                     os.access(CHROMEDRIVER, os.X_OK)):
        if os.environ.get("SOM_XL_REQUIRE_CHROMIUM"):
            pytest.fail(f"Chromium is required in CI but {CHROMIUM} or {CHROMEDRIVER} is missing")
        pytest.skip("Chromium/chromedriver (Debian's chromium, chromium-driver) are not installed")
    if item.get_closest_marker("excel"):
        pytest.skip("needs real Excel on Windows/macOS")


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
