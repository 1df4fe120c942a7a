-- The scale each rating item was asked on, for every load that declared one (survey_item_scales,
-- migration 0007; a load made before 0007 has no rows: its items are on their codebook default).
SELECT load_id, item, scale FROM survey_item_scales ORDER BY load_id, item;
