"""Fixtures shared by the test modules (helpers that are not fixtures live in ingest_support.py and
provenance_fixtures.py)."""

import os
from pathlib import Path

import pytest

from ingest_support import MUSEUM
from smq_analytics import store


@pytest.fixture
def con(tmp_path):
    connection = store.connect(tmp_path / "t.duckdb", read_only=False)
    connection.execute(
        "INSERT INTO museums (museum_id, name, museum_type, size_class, admin_region_code, tourist_region_code, municipality, latitude, longitude) "
        "VALUES (?, 'Musée test', 'history', 'small', '03', 'TR04', 'Québec', 46.81, -71.21)",
        [MUSEUM],
    )
    yield connection
    connection.close()


# --- the demo reports, each executed once per session ---------------------------------------------


def demo_db_path() -> Path:
    """The demo store the report tests read: SMQ_DB, else data/demo/demo.duckdb (what `make test` builds)."""
    from smq_analytics.paths import default_db, demo_dir

    db = default_db()
    return db if db.is_file() else demo_dir() / "demo.duckdb"


class DemoReports:
    """`smq-analytics run` on the demo store, each museum × notebook × language executed at most once
    per test session, whichever test module asks for it first (docs/ARCHITECTURE.md, « Measured facts »:
    a report costs seconds of CPU; several modules check the same reports).

    `get(museums, notebooks, language)` runs the pairs not yet run, in one run_reports call per set of
    notebooks missing the same museums (two workers), into one folder per language (its manifest.json
    merges every call), and returns the results in museum then notebook order. The folder is shared:
    a test that writes derived files writes them in its own tmp_path.
    """

    def __init__(self, db: Path, root: Path):
        self.db, self.root = db, root
        self.results: dict[tuple[str, str, str], object] = {}

    def folder(self, language: str = "fr") -> Path:
        return self.root / language

    def get(self, museums: list[str] | None = None, notebooks: list[Path] | None = None, language: str = "fr"):
        from smq_analytics.report.runner import default_notebooks, museum_names, run_reports

        museum_ids = list(museums) if museums else sorted(museum_names(self.db))
        paths = [Path(p).resolve() for p in notebooks] if notebooks else default_notebooks()
        missing: dict[tuple[str, ...], list[Path]] = {}
        for path in paths:
            absent = tuple(m for m in museum_ids if (m, path.stem, language) not in self.results)
            if absent:
                missing.setdefault(absent, []).append(path)
        for absent, group in missing.items():
            out = self.folder(language)
            for result in run_reports(
                self.db, list(absent), group, language=language, out_dir=out, jobs=2, progress=False
            ):
                self.results[(result.museum_id, result.notebook, language)] = result
        return [self.results[(m, path.stem, language)] for m in museum_ids for path in paths]


@pytest.fixture(scope="session")
def demo_db() -> Path:
    """The demo store's path (`make test` builds it before pytest runs)."""
    db = demo_db_path()
    assert db.is_file(), f"no demo store at {db}: run `make demo-store` first"
    return db


@pytest.fixture(scope="session")
def demo_reports(tmp_path_factory):
    """The session's DemoReports (the demo store must exist)."""
    db = demo_db_path()
    assert db.is_file(), f"demo store missing ({db}): run 'make demo-store' first"
    return DemoReports(db, tmp_path_factory.mktemp("demo-reports"))


# --- two processes for `make test` ---------------------------------------------------------------------


def pytest_collection_modifyitems(config, items):
    """SMQ_TEST_SHARD=k/n keeps the k-th of n groups of test files (files dealt in turn, sorted by
    path; a file's tests stay together, so its module fixtures are built once). `make test` runs the
    two halves at once on the two cores: most tests use one core (docs/ARCHITECTURE.md, « Measured
    facts »)."""
    shard = os.environ.get("SMQ_TEST_SHARD", "")
    if not shard:
        return
    k, n = (int(part) for part in shard.split("/"))
    files = sorted({str(item.path) for item in items})
    mine = {path for position, path in enumerate(files) if position % n == k - 1}
    kept = [item for item in items if str(item.path) in mine]
    config.hook.pytest_deselected(items=[item for item in items if str(item.path) not in mine])
    items[:] = kept
