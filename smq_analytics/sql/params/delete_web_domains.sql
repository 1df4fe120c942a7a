-- Before a museum's web domains are written again (params.sync_museums): its previous ones.
DELETE FROM museum_web_domains WHERE museum_id = ?;
