-- One key event of a museum (parameters/museums/<id>.yaml, web.key_events; purchase when none is listed).
INSERT INTO museum_key_events (museum_id, key_event, event_name, link_domain, page_path_prefix) VALUES (?, ?, ?, ?, ?);
