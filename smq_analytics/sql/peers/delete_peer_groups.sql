-- Before a museum's peer groups are written again (params.sync_museums): its previous ones.
DELETE FROM museum_peer_groups WHERE museum_id = ?;
