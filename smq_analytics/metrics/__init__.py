"""Machinery every topic shares: the share engine (shares.py), what a notebook holds (scope.py) and
shared phrasing (narrative.py). Each topic's own metrics live in smq_analytics/topics/<topic>/metrics.py;
every function takes a Scope and returns small frames with the confidentiality rules already applied
(docs/ARCHITECTURE.md, « Topics » and « Privacy »)."""
