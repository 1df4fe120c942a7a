-- One domain of a museum's web settings (parameters/museums/<id>.yaml, web.site_domains / ticketing_domains).
INSERT INTO museum_web_domains (museum_id, domain, role) VALUES (?, ?, ?);
