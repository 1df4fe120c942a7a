-- One peer group a museum declares (parameters/museums/<id>.yaml, peer_groups).
INSERT INTO museum_peer_groups (museum_id, peer_group) VALUES (?, ?);
