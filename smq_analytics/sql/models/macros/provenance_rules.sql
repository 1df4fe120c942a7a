-- Distance travelled and provenance category macros, read by stg_survey (docs/ARCHITECTURE.md,
-- « SQL models »). They read the reference tables ref_river_centreline and ref_river_crossings.

-- Great-circle distance in km (haversine, mean Earth radius 6371.0088 km, IUGG).
CREATE OR REPLACE MACRO haversine_km(lat1, lon1, lat2, lon2) AS
    2 * 6371.0088 * asin(sqrt(
        pow(sin(radians(lat2 - lat1) / 2), 2)
        + cos(radians(lat1)) * cos(radians(lat2)) * pow(sin(radians(lon2 - lon1) / 2), 2)));

-- ---------------------------------------------------------------------------------------------
-- Distance travelled and the 40 km rule (method and sources: data/reference/README.md,
-- section « Distance parcourue »). These macros are the only place the rules are written.
-- ---------------------------------------------------------------------------------------------

-- Road circuity factor: the ratio of the distance by road to the great-circle distance. Measured
-- ratios lie between about 1.2 and 1.4; Ballou, Rahardja & Sakai (2002), « Selected country circuity
-- factors for road and rail network planning », Transportation Research Part A 36(9), give about 1.2
-- for the United States and Canada, the value used here (Newell 1980 also finds about 1.2).
CREATE OR REPLACE MACRO road_circuity() AS 1.2;

-- The Ministère du Tourisme's local radius: a resident who lives less than 40 km away is local;
-- 40 km or more is beyond it (excursionist when the trip has no night away).
CREATE OR REPLACE MACRO local_radius_km() AS 40.0;

-- Which shore of the St. Lawrence a point lies on, downstream of the Québec bridges: 'north' or
-- 'south' of the centre line ref_river_centreline (data/reference/river_centreline.csv, vertices in
-- order of increasing longitude), by comparing the point's latitude with the line's latitude at the
-- point's longitude. NULL west of the line's upstream end (-71.40: any route from there crosses at or
-- above Québec) and east of its downstream end (-61.0, the open Gulf).
CREATE OR REPLACE MACRO river_shore(lat, lon) AS (
    SELECT CASE
        WHEN lat > a.latitude + (b.latitude - a.latitude) * (lon - a.longitude) / (b.longitude - a.longitude)
            THEN 'north'
        WHEN lat <= a.latitude + (b.latitude - a.latitude) * (lon - a.longitude) / (b.longitude - a.longitude)
            THEN 'south'
    END
    FROM ref_river_centreline a
    JOIN ref_river_centreline b ON b.seq = a.seq + 1
    WHERE lon >= a.longitude AND lon <= b.longitude
    ORDER BY a.seq
    LIMIT 1);

-- The distance travelled from (lat1, lon1) to (lat2, lon2), as {'km': .., 'via': ..}.
-- Same shore, or either point off the centre line: road_circuity() x great-circle distance, via 'direct'.
-- Opposite shores: the shortest way over one of ref_river_crossings (the Québec bridges or a ferry,
-- data/reference/river_crossings.csv): road_circuity() x (distance to the crossing's end on the first
-- shore + distance from its end on the other shore), plus the crossing itself as a straight line
-- between its two ends; 'via' names the crossing. Distance, not time: a ferry's crossing time and
-- waits are not counted.
CREATE OR REPLACE MACRO travel_route(lat1, lon1, lat2, lon2) AS
    CASE
        WHEN lat1 IS NULL OR lon1 IS NULL OR lat2 IS NULL OR lon2 IS NULL THEN NULL
        WHEN river_shore(lat1, lon1) IS NOT NULL AND river_shore(lat2, lon2) IS NOT NULL
             AND river_shore(lat1, lon1) <> river_shore(lat2, lon2) THEN (
            SELECT arg_min({'km': km, 'via': crossing_id}, km)
            FROM (
                SELECT crossing_id,
                       haversine_km(north_latitude, north_longitude, south_latitude, south_longitude)
                       + road_circuity() * CASE river_shore(lat1, lon1)
                           WHEN 'north' THEN haversine_km(lat1, lon1, north_latitude, north_longitude)
                                             + haversine_km(south_latitude, south_longitude, lat2, lon2)
                           ELSE haversine_km(lat1, lon1, south_latitude, south_longitude)
                                + haversine_km(north_latitude, north_longitude, lat2, lon2)
                         END AS km
                FROM ref_river_crossings))
        ELSE {'km': road_circuity() * haversine_km(lat1, lon1, lat2, lon2), 'via': 'direct'}
    END;

-- Does the respondent live beyond the local radius, and on what does the answer rest?
-- {'beyond': BOOLEAN, 'basis': ..}, NULL when nothing decides. In this order:
--   1. the respondent's own answer to « Habitez-vous à plus de 40 km du musée? » (lives_over_40km),
--      whenever the survey asked it and it was answered: basis 'self_report';
--   2. the distance travelled (distance_km, rounded to 0.1 km as shown): beyond when >= 40 km;
--      basis 'distance_approximate' when the location is approximate, else 'distance_precise';
--   3. a country of residence other than Canada: beyond; basis 'residence_abroad'.
CREATE OR REPLACE MACRO local_radius_answer(self_report, distance_km, location_approximate, country) AS
    CASE
        WHEN self_report IS NOT NULL THEN {'beyond': self_report, 'basis': 'self_report'}
        WHEN distance_km IS NOT NULL THEN {
            'beyond': distance_km >= local_radius_km(),
            'basis': CASE WHEN location_approximate THEN 'distance_approximate' ELSE 'distance_precise' END}
        WHEN country IS NOT NULL AND country <> 'CA' THEN {'beyond': true, 'basis': 'residence_abroad'}
    END;

-- Ministère du Tourisme categories: tourist (at least one night away), local (under 40 km, no night
-- away or not asked), excursionist (40 km or more, same day), unknown (the inputs do not decide).
CREATE OR REPLACE MACRO provenance_category_of(stayed_overnight, beyond) AS
    CASE
        WHEN stayed_overnight THEN 'tourist'
        WHEN beyond = false THEN 'local'
        WHEN beyond AND stayed_overnight = false THEN 'excursionist'
        ELSE 'unknown'
    END;
