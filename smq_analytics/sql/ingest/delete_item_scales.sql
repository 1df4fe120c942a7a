-- --replace: the item scales of superseded loads go with their raw rows.
DELETE FROM survey_item_scales
WHERE list_contains($load_ids, load_id);
