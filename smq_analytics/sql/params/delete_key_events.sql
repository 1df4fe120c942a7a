-- Before a museum's key events are written again (params.sync_museums): its previous ones.
DELETE FROM museum_key_events WHERE museum_id = ?;
