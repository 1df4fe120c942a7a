-- The museum's key events (parameters/museums/<id>.yaml, web.key_events; purchase by default).
SELECT key_event, event_name, link_domain, page_path_prefix
FROM museum_key_events
WHERE museum_id = $museum_id
ORDER BY key_event;
