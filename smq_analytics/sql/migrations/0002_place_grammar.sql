-- 0002 place grammar: how French text names each region, province and country (article, gender,
-- preposition of place; data/reference/README.md) and the English name of each museum.
-- Grammar columns are filled by the next reference load (smq-analytics init); '' means no article,
-- the default locative or no English article. Reports read the grammar through smq_analytics.places.
ALTER TABLE ref_admin_regions ADD COLUMN article_fr VARCHAR;   -- le | la | les | l' | ''
ALTER TABLE ref_admin_regions ADD COLUMN gender_fr VARCHAR;    -- m | f
ALTER TABLE ref_admin_regions ADD COLUMN locative_fr VARCHAR;  -- '' (au/aux/en/à from the article) or e.g. 'dans la'
ALTER TABLE ref_admin_regions ADD COLUMN article_en VARCHAR;   -- the | ''

ALTER TABLE ref_tourist_regions ADD COLUMN article_fr VARCHAR;
ALTER TABLE ref_tourist_regions ADD COLUMN gender_fr VARCHAR;
ALTER TABLE ref_tourist_regions ADD COLUMN locative_fr VARCHAR;
ALTER TABLE ref_tourist_regions ADD COLUMN article_en VARCHAR;
ALTER TABLE ref_tourist_regions ADD COLUMN text_name_fr VARCHAR;  -- name in running text when not name_fr
ALTER TABLE ref_tourist_regions ADD COLUMN text_name_en VARCHAR;

ALTER TABLE ref_provinces ADD COLUMN article_fr VARCHAR;
ALTER TABLE ref_provinces ADD COLUMN gender_fr VARCHAR;
ALTER TABLE ref_provinces ADD COLUMN locative_fr VARCHAR;
ALTER TABLE ref_provinces ADD COLUMN article_en VARCHAR;

ALTER TABLE ref_countries ADD COLUMN article_fr VARCHAR;
ALTER TABLE ref_countries ADD COLUMN gender_fr VARCHAR;
ALTER TABLE ref_countries ADD COLUMN locative_fr VARCHAR;
ALTER TABLE ref_countries ADD COLUMN article_en VARCHAR;

-- parameters/museums/<id>.yaml name_en; NULL when the museum has no English name (reports fall back to name).
ALTER TABLE museums ADD COLUMN name_en VARCHAR;
