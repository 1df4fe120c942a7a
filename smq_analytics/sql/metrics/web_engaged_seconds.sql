-- How long a GA4 session must last to count as engaged for this museum (parameters/museums/<id>.yaml,
-- web.engaged_after_seconds; 10 by default), as the engagement sentence states it.
SELECT coalesce(web_engaged_seconds, 10)::INTEGER AS seconds FROM museums WHERE museum_id = $museum_id;
