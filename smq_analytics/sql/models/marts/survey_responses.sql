-- survey_responses: a public view (what notebooks and analysts query). Its contract and column documentation are
-- in the .yml file of the same name; DATA_DICTIONARY.md is generated from them.
-- depends_on: stg_survey
CREATE OR REPLACE VIEW survey_responses AS
SELECT * FROM stg_survey;
