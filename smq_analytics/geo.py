"""Great-circle distance and the box around Quebec: the one Python home of the rule the SQL macro haversine_km applies.

The mean Earth radius is the IUGG value (6371.0088 km), the radius of the SQL macro; the reference
builder (reference_build) and the demo generator (demo/geography.py) both measure with this function,
and tests/test_rules.py checks it against the macro (docs/ARCHITECTURE.md, « One home per rule »).
"""

from __future__ import annotations

import numpy as np

EARTH_RADIUS_KM = 6371.0088

# A box around Quebec (WGS84), the one home of the bounds every check uses (museum coordinates in the
# parameters, reference centroids, user crosswalks): southernmost point 45.0° N, Cap Wolstenholme
# 62.6° N, the Ontario boundary near 79.8° W, Blanc-Sablon 57.1° W, each with a small margin.
QUEBEC_LATITUDE = (44.9, 62.7)
QUEBEC_LONGITUDE = (-79.9, -57.0)


def in_quebec_box(latitude: float, longitude: float) -> bool:
    """True when the point lies inside the box around Quebec (edges included)."""
    return (
        QUEBEC_LATITUDE[0] <= latitude <= QUEBEC_LATITUDE[1] and QUEBEC_LONGITUDE[0] <= longitude <= QUEBEC_LONGITUDE[1]
    )


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km between points in degrees; scalars or numpy arrays (element-wise).

    The order of operations is the demo's since its first release (radians first, then differences):
    changing it would move a few demo draws by one unit in the last place and change generated files.
    """
    lat1, lon1, lat2, lon2 = map(np.radians, (lat1, lon1, lat2, lon2))
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(h))
