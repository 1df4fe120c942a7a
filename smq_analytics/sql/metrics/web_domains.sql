-- The museum's web domains (parameters/museums/<id>.yaml, web:): its own site(s) and its ticketing site(s).
SELECT domain, role FROM museum_web_domains WHERE museum_id = $museum_id ORDER BY role, domain;
