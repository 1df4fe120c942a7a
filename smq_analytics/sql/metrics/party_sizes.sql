-- Party sizes given in a population's responses (NULL when not given), to decide whether figures
-- count visitors or parties. $museum_id NULL = every museum except $exclude.
SELECT party_size
FROM survey_responses
WHERE ($museum_id::VARCHAR IS NULL OR museum_id = $museum_id)
  AND museum_id IS DISTINCT FROM $exclude
  AND survey_year = $year;
