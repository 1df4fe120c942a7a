-- stg_survey: one row per accepted survey response, with the derived provenance fields.
-- Rules (Ministère du Tourisme, méthodologie achalandage et provenance):
--   tourist       at least one night away from home (overnight = true, or nights > 0 when
--                 overnight was not asked);
--   local         lives within 40 km of the museum (and no night away);
--   excursionist  lives more than 40 km away, same-day trip (overnight = false);
--   unknown       the inputs do not decide.
-- Distance comes from the FSA centroid (user crosswalk first, then the shipped one), else from the
-- municipality of residence, else from the optional self-report lives_over_40km. Residents of
-- another country count as living more than 40 km away.
CREATE OR REPLACE VIEW stg_survey AS
WITH
fsa_best AS (
    SELECT DISTINCT ON (fsa) *
    FROM ref_fsa
    ORDER BY fsa, (origin = 'user') DESC
),
letter_province AS (   -- postal first letter -> province, only where the letter is unambiguous
    SELECT letter, min(province_code) AS province_code
    FROM (SELECT unnest(string_split(postal_letters, '')) AS letter, province_code FROM ref_provinces)
    GROUP BY letter
    HAVING count(*) = 1
),
base AS (
    SELECT
        r.*,
        CASE WHEN is_canadian_postal(r.postal_code) THEN left(r.postal_code, 3) END AS fsa
    FROM raw_survey r
),
resolved AS (
    SELECT
        b.*,
        coalesce(b.country, CASE WHEN b.fsa IS NOT NULL OR b.province IS NOT NULL THEN 'CA' END)
            AS country_resolved,
        coalesce(b.province, lp.province_code) AS province_resolved
    FROM base b
    LEFT JOIN letter_province lp ON lp.letter = left(b.fsa, 1)
),
located AS (
    SELECT
        r.*,
        f.admin_region_code AS fsa_admin_region,
        f.tourist_region_code AS fsa_tourist_region,
        f.latitude AS fsa_lat, f.longitude AS fsa_lon, f.approximate AS fsa_approximate,
        mu.admin_region_code AS muni_admin_region,
        mu.tourist_region_code AS muni_tourist_region,
        mu.latitude AS muni_lat, mu.longitude AS muni_lon
    FROM resolved r
    LEFT JOIN fsa_best f
        ON f.fsa = r.fsa AND r.province_resolved = 'QC'
    LEFT JOIN ref_municipalities mu
        ON mu.municipality_key = fold_name(r.municipality)
       AND coalesce(r.province_resolved, 'QC') = 'QC'
       AND coalesce(r.country_resolved, 'CA') = 'CA'
),
measured AS (
    SELECT
        l.*,
        coalesce(l.fsa_admin_region, l.muni_admin_region) AS admin_region_code,
        coalesce(l.fsa_tourist_region, l.muni_tourist_region) AS tourist_region_code,
        CASE
            WHEN l.fsa_lat IS NOT NULL THEN 'fsa'
            WHEN l.muni_lat IS NOT NULL THEN 'municipality'
        END AS location_basis,
        CASE   -- a municipality only places the respondent at its centre: always approximate
            WHEN l.fsa_lat IS NOT NULL THEN l.fsa_approximate
            WHEN l.muni_lat IS NOT NULL THEN true
        END AS location_approximate,
        round(haversine_km(coalesce(l.fsa_lat, l.muni_lat), coalesce(l.fsa_lon, l.muni_lon),
                           m.latitude, m.longitude), 1) AS distance_km
    FROM located l
    JOIN museums m USING (museum_id)
),
classified AS (
    SELECT
        *,
        CASE
            WHEN distance_km IS NOT NULL THEN distance_km > 40
            WHEN country_resolved IS NOT NULL AND country_resolved <> 'CA' THEN true
            ELSE lives_over_40km
        END AS lives_beyond_40km,
        coalesce(overnight, nights > 0) AS stayed_overnight   -- a night count answers the question too
    FROM measured
)
SELECT
    load_id, row_number, museum_id, survey_year, response_id,
    postal_code, fsa, municipality, province_resolved AS province, country_resolved AS country,
    admin_region_code, tourist_region_code, location_basis, location_approximate, distance_km,
    overnight, nights, lives_beyond_40km,
    CASE
        WHEN stayed_overnight THEN 'tourist'
        WHEN lives_beyond_40km = false THEN 'local'
        WHEN lives_beyond_40km AND stayed_overnight = false THEN 'excursionist'
        ELSE 'unknown'
    END AS provenance_category,
    transport_mode, visit_date, month(visit_date) AS visit_month, first_visit, party_type, party_size,
    trip_reason, info_sources,
    sat_overall, sat_reception, sat_exhibitions, sat_activities, sat_signage, sat_price_value,
    sat_shop, sat_cafe, sat_cleanliness, sat_accessibility, recommend, nps_score,
    age_band, gender, questionnaire_language, comment
FROM classified;
