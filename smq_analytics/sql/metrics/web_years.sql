-- The calendar years with web data (any platform, any metric of web_monthly), oldest first: the years a
-- web report can be about (docs/ARCHITECTURE.md, « Topics », Web). $museum_id NULL = every museum.
SELECT DISTINCT year(month)::INTEGER AS year
FROM web_monthly
WHERE ($museum_id::VARCHAR IS NULL OR museum_id = $museum_id)
ORDER BY year;
