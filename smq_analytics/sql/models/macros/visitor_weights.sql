-- Weighting macro, read by the metric queries (sql/metrics/) rather than by a model.

-- How many visitors a response stands for within its month (weighting.py, unit of analysis): its
-- party size capped at cap, the season's mean capped size when not given; 1 when figures count
-- parties (respondents) rather than visitors.
CREATE OR REPLACE MACRO visitor_multiplier(party_size, by_visitors, cap, mean_size) AS
    CASE WHEN by_visitors
         -- (DuckDB's least() skips NULLs: test the size before capping it)
         THEN CASE WHEN party_size >= 1 THEN least(party_size, cap)::DOUBLE ELSE mean_size::DOUBLE END
         ELSE 1.0 END;
