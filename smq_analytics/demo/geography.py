"""Where demo respondents live: Quebec FSA centroids and municipalities, and the distance pools.

Distances use geo.haversine_km, the Python home of the SQL macro's rule.
"""

from __future__ import annotations

import numpy as np

from .. import params
from ..geo import haversine_km
from ..reference import read_reference_csv

LOCAL_MAX_KM = 37.0  # by road: a margin under the 40 km rule so centroid rounding never flips a category
ROAD_CIRCUITY = 1.2  # the SQL macro road_circuity(): road distance ≈ 1.2 × straight line
QUEBEC_BRIDGES_LONGITUDE = -71.3  # downstream (east) of the Québec bridges the St. Lawrence has no fixed crossing
EXCURSION_KM = (45.0, 240.0)
QUEBEC_TOURIST_MIN_KM = 80.0


class Geography:
    """Quebec FSA centroids and municipalities, in file order (sorted, so draws never depend on dicts)."""

    def __init__(self) -> None:
        fsa_rows = sorted(read_reference_csv("fsa_quebec.csv"), key=lambda r: r["fsa"])
        self.fsa = np.array([r["fsa"] for r in fsa_rows])
        self.region = np.array([r["admin_region_code"] for r in fsa_rows])
        self.rural = np.array([r["approximate"] == "true" for r in fsa_rows])
        self.lat = np.array([float(r["latitude"]) for r in fsa_rows])
        self.lon = np.array([float(r["longitude"]) for r in fsa_rows])
        towns = sorted(read_reference_csv("municipalities.csv"), key=lambda r: r["name"])
        self.town_names = [r["name"] for r in towns]
        self.town_lat = np.array([float(r["latitude"]) for r in towns])
        self.town_lon = np.array([float(r["longitude"]) for r in towns])

    def pools(self, museum: params.Museum) -> dict[str, np.ndarray]:
        """Indexes of FSAs where local visitors, excursionists and Quebec tourists live."""
        distance = haversine_km(self.lat, self.lon, museum.latitude, museum.longitude)
        # locals live near by road; downstream of Québec the river lies between regions, so a demo
        # local there lives in the museum's own region (the other shore is a ferry ride away)
        same_shore = (self.region == museum.admin_region_code) | (museum.longitude < QUEBEC_BRIDGES_LONGITUDE)
        return {
            "local": np.flatnonzero((distance * ROAD_CIRCUITY <= LOCAL_MAX_KM) & same_shore),
            "excursionist": np.flatnonzero((distance >= EXCURSION_KM[0]) & (distance <= EXCURSION_KM[1])),
            "tourist": np.flatnonzero(distance >= QUEBEC_TOURIST_MIN_KM),
        }

    def rural_fsa_of(self, museum: params.Museum) -> int | None:
        """The nearest rural (approximate) FSA of the museum's region: where its local visitors' postal
        codes start when no FSA centroid lies within local distance."""
        candidates = np.flatnonzero(self.rural & (self.region == museum.admin_region_code))
        if len(candidates) == 0:
            return None
        distance = haversine_km(self.lat[candidates], self.lon[candidates], museum.latitude, museum.longitude)
        return int(candidates[int(np.argmin(distance))])

    def town_near(self, index: int) -> str:
        distance = haversine_km(self.town_lat, self.town_lon, self.lat[index], self.lon[index])
        return self.town_names[int(np.argmin(distance))]
