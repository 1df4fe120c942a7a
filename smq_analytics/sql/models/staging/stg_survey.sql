-- stg_survey: one row per accepted survey response, with the derived provenance fields.
-- Rules (Ministère du Tourisme, méthodologie achalandage et provenance), written once as macros in
-- macros/provenance_rules.sql (provenance_category_of, local_radius_answer, travel_route):
--   tourist       at least one night away from home (overnight = true, or nights > 0 when
--                 overnight was not asked);
--   local         lives less than 40 km from the museum (and no night away);
--   excursionist  lives 40 km or more away, same-day trip (overnight = false);
--   unknown       the inputs do not decide.
-- Whether the respondent lives 40 km or more away: their own answer to lives_over_40km when the
-- survey asked it; else the distance travelled (>= 40 km); else true for residents of another country.
-- Where the respondent lives: the Quebec FSA (user crosswalk first, then the shipped one), unless that
-- FSA is approximate and the respondent named a municipality we know (its centre is then the better
-- place, and its regions apply: e.g. J0M + Chisasibi -> Eeyou Istchee); else the municipality; for
-- Canadians outside Quebec, their FSA (ref_fsa_outside_quebec).
-- The distance travelled is the great-circle distance times the road circuity factor, routed over a
-- bridge or ferry when home and museum lie on opposite shores of the St. Lawrence below Québec.
-- stratum_month is the month stratum key of post-stratification ('YYYY-MM' of visit_date, '' without a
-- date): derived here once so every metric query groups on the same key (docs/ARCHITECTURE.md,
-- « Provenance method », Weighting).
-- satisfaction_scale and recommend_scale name the rating scale the load's items were asked on
-- (survey_item_scales, 0007: scale4, scale5, scale0_10; 'mixed' when the load's satisfaction items
-- were asked on different scales; scale4 for a load made before 0007). Scores are stored on that scale,
-- never recoded (docs/ARCHITECTURE.md, « Survey scales »).
-- depends_on: place_names, provenance_rules
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
        mu.latitude AS muni_lat, mu.longitude AS muni_lon,
        o.latitude AS out_lat, o.longitude AS out_lon, o.approximate AS out_approximate,
        -- an approximate FSA gives way to a known municipality of residence
        mu.latitude IS NOT NULL AND (f.latitude IS NULL OR f.approximate) AS use_municipality
    FROM resolved r
    LEFT JOIN fsa_best f
        ON f.fsa = r.fsa AND r.province_resolved = 'QC'
    LEFT JOIN ref_municipalities mu
        ON mu.municipality_key = fold_name(r.municipality)
       AND coalesce(r.province_resolved, 'QC') = 'QC'
       AND coalesce(r.country_resolved, 'CA') = 'CA'
    LEFT JOIN ref_fsa_outside_quebec o
        ON o.fsa = r.fsa
       AND coalesce(r.province_resolved, o.province_code) = o.province_code
       AND r.country_resolved = 'CA'
),
placed AS (
    SELECT
        l.*,
        CASE WHEN l.use_municipality THEN l.muni_admin_region ELSE l.fsa_admin_region END AS admin_region_code,
        CASE WHEN l.use_municipality THEN l.muni_tourist_region ELSE l.fsa_tourist_region END AS tourist_region_code,
        CASE
            WHEN l.use_municipality THEN 'municipality'
            WHEN l.fsa_lat IS NOT NULL OR l.out_lat IS NOT NULL THEN 'fsa'
        END AS location_basis,
        CASE   -- a municipality only places the respondent at its centre: always approximate
            WHEN l.use_municipality THEN true
            WHEN l.fsa_lat IS NOT NULL THEN l.fsa_approximate
            WHEN l.out_lat IS NOT NULL THEN l.out_approximate
        END AS location_approximate,
        CASE WHEN l.use_municipality THEN l.muni_lat ELSE coalesce(l.fsa_lat, l.out_lat) END AS home_lat,
        CASE WHEN l.use_municipality THEN l.muni_lon ELSE coalesce(l.fsa_lon, l.out_lon) END AS home_lon
    FROM located l
),
trips AS (   -- each distinct (home, museum) pair once: respondents share postal areas and towns, and
            -- the route over the river is the costly part (a few hundred pairs, not every response)
    SELECT DISTINCT p.home_lat, p.home_lon, m.latitude AS museum_lat, m.longitude AS museum_lon
    FROM placed p
    JOIN museums m USING (museum_id)
    WHERE p.home_lat IS NOT NULL
),
routes AS (
    SELECT *, travel_route(home_lat, home_lon, museum_lat, museum_lon) AS route FROM trips
),
measured AS (
    SELECT
        p.*,
        round(haversine_km(p.home_lat, p.home_lon, m.latitude, m.longitude), 1) AS straight_line_km,
        r.route
    FROM placed p
    JOIN museums m USING (museum_id)
    LEFT JOIN routes r
        ON r.home_lat = p.home_lat AND r.home_lon = p.home_lon
       AND r.museum_lat = m.latitude AND r.museum_lon = m.longitude
),
classified AS (
    SELECT
        *,
        round(route.km, 1) AS distance_km,
        route.via AS distance_route,
        local_radius_answer(lives_over_40km, round(route.km, 1), location_approximate, country_resolved)
            AS radius_answer,
        coalesce(overnight, nights > 0) AS stayed_overnight   -- a night count answers the question too
    FROM measured
),
load_scales AS (   -- one row per load: the scale of its satisfaction items, of its recommendation item
    SELECT
        load_id,
        CASE
            WHEN count(DISTINCT scale) FILTER (WHERE scale_group = 'satisfaction') > 1 THEN 'mixed'
            ELSE min(scale) FILTER (WHERE scale_group = 'satisfaction')
        END AS satisfaction_scale,
        min(scale) FILTER (WHERE item = 'recommend') AS recommend_scale
    FROM survey_item_scales
    GROUP BY load_id
),
categorised AS (
    SELECT
        *,
        radius_answer.beyond AS lives_beyond_40km,
        provenance_category_of(stayed_overnight, radius_answer.beyond) AS provenance_category
    FROM classified
),
scaled AS (
    SELECT
        c.*,
        coalesce(s.satisfaction_scale, 'scale4') AS satisfaction_scale,
        coalesce(s.recommend_scale, 'scale4') AS recommend_scale
    FROM categorised c
    LEFT JOIN load_scales s ON s.load_id = c.load_id
)
SELECT
    load_id, row_number, museum_id, survey_year, response_id,
    postal_code, fsa, municipality, province_resolved AS province, country_resolved AS country,
    admin_region_code, tourist_region_code, location_basis, location_approximate,
    straight_line_km, distance_km, distance_route,
    overnight, nights, lives_over_40km, lives_beyond_40km,
    provenance_category,
    CASE
        WHEN provenance_category = 'unknown' THEN NULL
        WHEN provenance_category = 'tourist' THEN 'overnight'
        ELSE radius_answer.basis
    END AS category_basis,
    CASE
        WHEN provenance_category = 'unknown' THEN NULL
        ELSE provenance_category <> 'tourist' AND radius_answer.basis = 'distance_approximate'
    END AS category_approximate,
    transport_mode, visit_date, month(visit_date) AS visit_month,
    coalesce(strftime(visit_date, '%Y-%m'), '') AS stratum_month, first_visit, party_type, party_size,
    trip_reason, info_sources,
    sat_overall, sat_reception, sat_exhibitions, sat_activities, sat_signage, sat_price_value,
    sat_shop, sat_cafe, sat_cleanliness, sat_accessibility, recommend, nps_score,
    satisfaction_scale, recommend_scale,
    age_band, gender, questionnaire_language, comment
FROM scaled;
