"""The documented distance rule in plain Python, for tests that check the SQL macros against it.

Written out from data/reference/README.md « Distance parcourue » and the reference files, never by
calling the package's own distance code (smq_analytics/geo.py, sql/models/macros/provenance_rules.sql).
"""

from __future__ import annotations

import math

from smq_analytics.reference import read_reference_csv

EARTH_KM = 6371.0088
CIRCUITY = 1.2  # the documented road circuity factor (Ballou, Rahardja & Sakai 2002)
KAMOURASKA = (47.565, -69.866)  # Domaine des Anguilles sages (parameters/museums/)
OLD_QUEBEC = (46.8123, -71.2050)


def plain_haversine_km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(h))


def centreline() -> list[tuple[float, float]]:
    return [(float(r["longitude"]), float(r["latitude"])) for r in read_reference_csv("river_centreline.csv")]


def crossings() -> list[dict[str, str]]:
    return read_reference_csv("river_crossings.csv")


def plain_shore(lat: float, lon: float) -> str | None:
    """The documented rule: above or below the centre line at the point's longitude."""
    line = centreline()
    for (lon_a, lat_a), (lon_b, lat_b) in zip(line, line[1:]):
        if lon_a <= lon <= lon_b:
            return "north" if lat > lat_a + (lat_b - lat_a) * (lon - lon_a) / (lon_b - lon_a) else "south"
    return None


def expected_travel(home: tuple[float, float], museum: tuple[float, float]) -> tuple[float, str]:
    """(km rounded to 0.1, route) by the rule documented in data/reference/README.md."""
    a, b = plain_shore(*home), plain_shore(*museum)
    if a is None or b is None or a == b:
        return round(CIRCUITY * plain_haversine_km(*home, *museum), 1), "direct"
    options = []
    for c in crossings():
        north = (float(c["north_latitude"]), float(c["north_longitude"]))
        south = (float(c["south_latitude"]), float(c["south_longitude"]))
        first, second = (north, south) if a == "north" else (south, north)
        km = CIRCUITY * (plain_haversine_km(*home, *first) + plain_haversine_km(*second, *museum)) + plain_haversine_km(
            *north, *south
        )
        options.append((km, c["crossing_id"]))
    km, via = min(options)
    return round(km, 1), via
