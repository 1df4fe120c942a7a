"""Fixtures shared by the test modules (helpers that are not fixtures live in ingest_support.py and
provenance_fixtures.py)."""

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
