-- The month the museum's year starts (parameters/museums/<id>.yaml fiscal_year_start_month; 1 = calendar year).
SELECT coalesce(fiscal_year_start_month, 1) AS start_month FROM museums WHERE museum_id = $museum_id;
