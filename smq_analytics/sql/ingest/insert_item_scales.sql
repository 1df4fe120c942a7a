-- The rating scale of each item one survey load read (ingest_item_scales: item, scale_group, scale —
-- survey.item_scales()): what survey_item_scales (0007) records.
INSERT INTO survey_item_scales (load_id, item, scale_group, scale)
SELECT $load_id, item, scale_group, scale
FROM ingest_item_scales
ORDER BY item;
