-- Google's source categories for the default channel group (macro default_channel_group), from
-- data/reference/ga4_source_categories.csv (source,category; a user may add lines). Sources are matched
-- exactly, in lower case; categories are SOURCE_CATEGORY_SEARCH | _SOCIAL | _SHOPPING | _VIDEO
-- (checked by reference.check_source_categories before the load).
INSERT INTO ref_ga4_source_categories (source, category)
SELECT lower(trim(source)), upper(trim(category))
FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"');
