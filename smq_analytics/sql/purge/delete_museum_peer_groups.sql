-- Purge --museum: the peer groups the museum declared (docs/ARCHITECTURE.md, « Peer groups »).
-- $museum_id is NULL for --load N.
DELETE FROM museum_peer_groups
WHERE museum_id = $museum_id AND $load_id IS NULL;
