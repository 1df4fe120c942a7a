-- The peer groups each museum declares in its parameter file (peer_groups), for museums in the store.
SELECT g.museum_id, g.peer_group
FROM museum_peer_groups g
JOIN museums m ON m.museum_id = g.museum_id
ORDER BY g.peer_group, g.museum_id;
