"""Satisfaction and recommendation (notebooks/02_satisfaction.ipynb): metrics.py (the weighted answers,
top-2-box, distributions, NPS, change, targets, key drivers), narrative.py (findings in words),
labels.py (item names with their article, chart titles), view.py (the live view); audience.py (segments,
information sources, respondents' profile, comments). Registered in smq_analytics/topics/__init__.py."""
