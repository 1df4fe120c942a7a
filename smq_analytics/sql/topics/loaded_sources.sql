-- The sources one museum has sent, from the ledger (docs/ARCHITECTURE.md, « Topics »): its active
-- loads (not replaced by --replace) that accepted at least one row. A source whose loads cover
-- seasons ($season_sources, e.g. ['survey']) counts only for the season asked, when one is
-- ($season NULL: any season); its season is on the load's periods, else, for a load made before
-- 0005, its survey_year.
SELECT DISTINCT source
FROM load_ledger
WHERE museum_id = $museum_id
  AND replaced_at IS NULL
  AND rows_accepted > 0
  AND (
      NOT list_contains(CAST($season_sources AS VARCHAR[]), source)
      OR CAST($season AS VARCHAR) IS NULL
      OR coalesce(list_contains(periods, CAST($season AS VARCHAR)), false)
      OR CAST(survey_year AS VARCHAR) = CAST($season AS VARCHAR)
  )
ORDER BY source;
