-- Survey seasons held for one museum, oldest first.
SELECT DISTINCT survey_year
FROM survey_responses
WHERE museum_id = $museum_id
ORDER BY survey_year;
