-- Front-desk tallies of one museum by month and origin category (desk_counts; a week counts in the
-- month it starts, as the view's month column says). Months as 'YYYY-MM'.
SELECT strftime(make_date(year, month, 1), '%Y-%m') AS month, origin_category,
       sum(visitors)::BIGINT AS visitors
FROM desk_counts
WHERE museum_id = $museum_id
GROUP BY ALL
ORDER BY ALL;
